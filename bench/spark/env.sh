# shellcheck shell=bash
# The Spark side of the benchmarks (bench/spark-vs-flink, bench/state-scale), sourced from the repository's root:
#   spark_download   Spark's ~300 MB of jars from Maven Central, once (run it without the shared lock)
#   spark_build      compiles bench/spark and writes its runtime classpath (run it holding the lock)
#   spark_java ...   the java command line for a class of bench/spark, with Spark's own launcher flags
SPARK_POM=(-s bench/spark/settings.xml -f bench/spark/pom.xml)
spark_download() {
  if [ ! -d ~/.m2/repository/org/apache/spark/spark-sql_2.13 ]; then
    echo "downloading Spark's jars from Maven Central (once) ..." >&2
    mvn -q -B "${SPARK_POM[@]}" dependency:resolve
  fi
}
spark_build() { mvn -o -q -B "${SPARK_POM[@]}" compile; }
# The flags of Spark's own launcher on Java 17 (org.apache.spark.launcher.JavaModuleOptions), as spark-submit adds them.
SPARK_JAVA_OPTS="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  SPARK_JAVA_OPTS+=" --add-opens=java.base/$p=ALL-UNNAMED"
done
SPARK_JAVA_OPTS+=" --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
SPARK_JAVA_OPTS+=" -Djdk.reflect.useDirectMethodHandle=false"
SPARK_JAVA_OPTS+=" -Dio.netty.tryReflectionSetAccessible=true"
export SPARK_LOCAL_IP=127.0.0.1
spark_java() {  # spark_java [JVM options...] CLASS ARGS...: prints nothing, sets SPARK_CMD
  # shellcheck disable=SC2206
  SPARK_CMD=(java $SPARK_JAVA_OPTS -cp "bench/spark/target/classes:$(cat bench/spark/target/spark.classpath)" "$@")
}
