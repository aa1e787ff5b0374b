# shellcheck shell=bash
# The Flink side of the benchmarks (bench/run, bench/jmh, bench/parser-ab, bench/spark-vs-flink), sourced from the
# repository's root:
#   bench_build   compiles the project and bench/flink in one reactor (run it holding the shared lock)
#   BENCH_CP      then the class path of a benchmark: bench/flink's classes, the project's classes and test classes,
#                 and every dependency (bench/flink/target/bench.classpath)
bench_build() {
  mvn -q -B -f bench/pom.xml -pl flink -am test-compile
  # shellcheck disable=SC2034  # for the scripts that source this file
  BENCH_CP="bench/flink/target/classes:$(cat bench/flink/target/bench.classpath)"
}
