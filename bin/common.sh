# Shared by the bin/ scripts: where things are, how to start a JVM like Flink's own scripts do.
# Source it; do not run it.
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"  # -P: the project, also through a symlink to bin/
RUN="${FLINK_RECIPES_RUN:-$ROOT/run}"          # pids, logs, Kafka data, checkpoints of the local cluster
SAVEPOINTS="${FLINK_RECIPES_SAVEPOINTS:-$ROOT/savepoints}"  # the default target of stop-with-savepoint
CONF="$ROOT/flink-conf"
DIST="$ROOT/target/dist"
JOB_JAR="$ROOT/target/flink-recipes-0.1.0-SNAPSHOT.jar"
mkdir -p "$RUN/logs" "$RUN/pids"

# Versions are pinned once, in pom.xml.
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
FLINK_VERSION="$(pom_property flink.version)"
KAFKA_VERSION="$(pom_property kafka.version)"
LOG4J_VERSION="$(pom_property log4j.version)"
# Arrays, one JVM option an element: the pom's --add-opens list, and JAVA_OPTS split at blanks as Flink's scripts do.
read -r -a JAVA_OPENS <<< "$(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' "$ROOT/pom.xml")"
read -r -a USER_JAVA_OPTS <<< "${JAVA_OPTS:-}"

# Every port of the local cluster, from the environment (the tests choose free ones, so that they run beside a
# cluster on these defaults). flink-conf/config.yaml names the same defaults; the scripts pass theirs with -D.
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
REST_PORT="${REST_PORT:-8081}"
JOBMANAGER_RPC_PORT="${JOBMANAGER_RPC_PORT:-6123}"
STANDBY_REST_PORT="${STANDBY_REST_PORT:-$((REST_PORT + 1))}"         # bin/jobmanager-start --standby
STANDBY_RPC_PORT="${STANDBY_RPC_PORT:-$((JOBMANAGER_RPC_PORT + 1))}"
PROMETHEUS_PORTS="${PROMETHEUS_PORTS:-9249-9259}"  # a range: each JobManager and TaskManager takes the next free one
# ZooKeeper for high availability; flink-conf/config.yaml names the same port (high-availability.zookeeper.quorum).
ZOOKEEPER_PORT="${ZOOKEEPER_PORT:-2181}"
# Flink's high-availability.zookeeper.quorum: the single server, or every server of an ensemble (bin/zookeeper-start --ensemble N).
zookeeper_quorum() {
  local n i q=""; n="$(cat "$RUN/zookeeper-ensemble" 2>/dev/null || echo 0)"
  [ "$n" -gt 0 ] || { echo "localhost:$ZOOKEEPER_PORT"; return; }
  for i in $(seq 1 "$n"); do q="$q${q:+,}localhost:$((ZOOKEEPER_PORT + i - 1))"; done; echo "$q"
}

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Copies a distribution's jars from Maven Central into target/dist/<name>/lib, once per version of its pom (the
# marker holds the pom's checksum, so a jar added to bin/dist/<name>-pom.xml reaches an existing lib).
ensure_lib() {
  local name="$1" lib="$DIST/$1/lib" stamp
  stamp="$(cksum < "$ROOT/bin/dist/$name-pom.xml") $FLINK_VERSION $KAFKA_VERSION $LOG4J_VERSION"
  if [ "$(cat "$lib/.complete" 2>/dev/null)" != "$stamp" ]; then
    log "resolving the $name jars with Maven into $lib ..."
    rm -rf "$lib"  # no jar of an older version left beside its successor
    mvn_quiet -f "$ROOT/bin/dist/$name-pom.xml" -Dflink.version="$FLINK_VERSION" -Dkafka.version="$KAFKA_VERSION" \
      -Dlog4j.version="$LOG4J_VERSION" dependency:copy-dependencies -DoutputDirectory="$lib" >/dev/null
    echo "$stamp" > "$lib/.complete"
  fi
  echo "$lib"
}

ensure_job_jar() {
  [ -f "$JOB_JAR" ] || { log "building the job jar ..."; (cd "$ROOT" && mvn_quiet package -DskipTests) >&2; }
}

# pid file helpers: a process is ours while its pid file names a live process.
pid_of() { local f="$RUN/pids/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }
refuse_if_running() {
  local pid; if pid="$(pid_of "$1")"; then die "$1 is already running (pid $pid); stop it first"; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for_port() {
  local port="$1" what="$2" seconds="${3:-60}"
  for _ in $(seq 1 $((seconds * 5))); do port_open "$port" && return 0; sleep 0.2; done
  die "$what did not open port $port within ${seconds}s (see $RUN/logs)"
}

# Stops a process by pid file: TERM, then KILL after a grace period.
stop_process() {
  local name="$1" pid
  if ! pid="$(pid_of "$name")"; then rm -f "$RUN/pids/$name.pid"; return 0; fi
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$RUN/pids/$name.pid"
  log "stopped $name (pid $pid)"
}

# Stops, for good, a process that bin/supervise keeps running: SIGTERM to its supervisor, which passes it on
# and restarts nothing; SIGKILL to both after 20 s (a JobManager suspends its jobs on SIGTERM first).
stop_supervised() {
  local name="$1" pid="" sup=""
  pid="$(pid_of "$name" || true)"
  if sup="$(pid_of "$name-supervisor")"; then
    kill "$sup" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$sup" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$sup" 2>/dev/null && kill -9 "$sup" 2>/dev/null || true
  fi
  rm -f "$RUN/pids/$name-supervisor.pid"
  # A process without its supervisor (one that was killed, or a cluster started before supervision).
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/pids/$name.pid"
  [ -z "$pid$sup" ] || log "stopped $name${pid:+ (pid $pid)}${sup:+ and its supervisor (pid $sup)}"
}

# The JobManagers of the local cluster: the first (REST on $REST_PORT, RPC on $JOBMANAGER_RPC_PORT) and the one
# bin/jobmanager-start --standby adds (STANDBY_REST_PORT, STANDBY_RPC_PORT). Either may lead; the other waits in
# ZooKeeper's election.
JOBMANAGERS=(jobmanager jobmanager-2)

# The JobManager that leads now, by its own log: the latest word of its REST endpoint on the leadership ("...
# was granted leadership" or "... lost leadership"). Each process starts a log file of its own (log4j rolls on
# start), so a restarted one does not inherit its predecessor's word.
leading_jobmanager() {
  local name word
  for name in "${JOBMANAGERS[@]}"; do
    pid_of "$name" >/dev/null || continue
    word="$(grep -E 'DispatcherRestEndpoint .* (was granted leadership|lost leadership)' "$RUN/logs/$name.log" 2>/dev/null | tail -1)"
    case "$word" in *"was granted leadership"*) echo "$name"; return 0 ;; esac
  done
  return 1
}

# Where the cluster's processes and its CLI find each other, as -D overrides of flink-conf/config.yaml, one
# argument a line (mapfile -t reads them into an array). Also the client's: the CLI finds the leader through
# ZooKeeper, and a job's main asks the cluster at rest.port which transactional ids are in use.
flink_address_properties() {
  printf '%s\n' -D "rest.port=$REST_PORT" -D "high-availability.zookeeper.quorum=$(zookeeper_quorum)"
}

# What bin/cluster-start was given (--rocksdb, -D key=value), one argument a line: for the JobManagers and
# TaskManagers, and for the CLI's jobs, so that a job's main sees the configuration the cluster runs with, as a
# client sharing the cluster's conf directory does (with RocksDB it adds what the cluster's settings lack).
cluster_extra_properties() {
  sed '/^$/d' "$RUN/cluster-extra-properties" 2>/dev/null || true
}

# The JobManagers' and TaskManagers' -D overrides, one a line: the addresses, the Prometheus ports, and paths
# that depend on where the project lives. The HA storage (job graphs, checkpoint metadata pointers, blobs;
# ZooKeeper holds only pointers to them) is run/ha.
flink_dynamic_properties() {
  printf '%s\n' -D "execution.checkpointing.dir=file://$RUN/checkpoints" -D "execution.checkpointing.savepoint-dir=file://$SAVEPOINTS" \
    -D "high-availability.storageDir=file://$RUN/ha" -D "metrics.reporter.prom.port=$PROMETHEUS_PORTS"
  flink_address_properties
}

# Flink's own memory calculator gives a process's JVM flags and dynamic properties (as Flink's scripts do).
# Kept per configuration in run/cache: a TaskManager started to replace a lost one saves a JVM start (~1-2 s).
flink_resource_params() {
  local kind="$1" lib="$2" out cache properties
  mapfile -t properties < <(flink_dynamic_properties)
  cache="$RUN/cache/$kind-$( (cat "$CONF/config.yaml"; echo "$lib ${properties[*]}") | cksum | cut -d' ' -f1)"
  if [ -s "$cache" ]; then cat "$cache"; return; fi
  out="$(java -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$kind" --configDir "$CONF" "${properties[@]}" 2>/dev/null \
        | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  [ -n "$out" ] || die "could not compute $kind from $CONF/config.yaml"
  mkdir -p "$RUN/cache" && echo "$out" > "$cache"
  echo "$out"
}

# ---- bin/run's JVM: the job classes as one jar, and a class-data-sharing archive of a short run ----
# A local run spends most of its first seconds loading and linking Flink's classes (the mini cluster, Pekko,
# the file source...). A dynamic CDS archive (JDK 13+) of a short training run maps them instead: about 2.5 s
# less wall and a third less CPU per run on this 2-core machine. CDS takes jars only, so the classes are jarred.
CDS_DIR="$ROOT/target/cds"
APP_JAR="$CDS_DIR/classes.jar"
CDS_ARCHIVE="$CDS_DIR/classes.jsa"
CP_FILE="$ROOT/target/local-classpath.txt"            # written by every Maven build: the runtime jars,
CP_PROVIDED="$ROOT/target/local-classpath-provided.txt"  # then the provided ones (Flink)

# Maven, quiet and without colour codes (Debian's Maven 3.8 writes ESC[0m even with -q -B).
mvn_quiet() { mvn -q -B -Dstyle.color=never "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'; }

# Compiles when the classes or the classpath are missing or older than the sources.
ensure_compiled() {
  if [ ! -f "$CP_FILE" ] || [ ! -f "$CP_PROVIDED" ] || [ ! -d "$ROOT/target/classes" ] \
     || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$CP_FILE" -print -quit)" ]; then
    log "compiling (mvn compile) ..."
    (cd "$ROOT" && mvn_quiet compile) >&2 || die "the build failed (see above)"
    touch "$CP_FILE" "$CP_PROVIDED"
  fi
}

# Jars target/classes again when a build changed it; an archive of older classes is dropped.
ensure_app_jar() {
  if [ ! -f "$APP_JAR" ] || [ -n "$(find "$ROOT/target/classes" -newer "$APP_JAR" -print -quit)" ]; then
    mkdir -p "$CDS_DIR"; rm -f "$CDS_ARCHIVE" "$CDS_ARCHIVE.stamp"
    (cd "$ROOT/target/classes" && jar cf "$APP_JAR.tmp" .) && mv "$APP_JAR.tmp" "$APP_JAR"
  fi
}
local_classpath() { echo "$APP_JAR:$(cat "$CP_FILE"):$(cat "$CP_PROVIDED")"; }

# What an archive was made from: the classpath and the job classes' jar. By content, not file times: every Maven
# build rewrites the classpath files, mostly with the same jars.
cds_stamp() { { local_classpath; stat -c '%s %Y' "$APP_JAR"; } | cksum; }
# True when the archive matches today's jars (the JVM would refuse one of other jars anyway, silently).
cds_fresh() { [ -f "$CDS_ARCHIVE" ] && [ "$(cat "$CDS_ARCHIVE.stamp" 2>/dev/null)" = "$(cds_stamp)" ]; }
