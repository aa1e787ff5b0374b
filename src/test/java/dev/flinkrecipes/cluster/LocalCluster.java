package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.UniqueRows;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A cluster of real processes started by the bin/ scripts (ZooKeeper, Kafka, JobManager,
 * TaskManagers) in a run folder and on ports of its own, for the failover tests: runs the scripts,
 * reads the REST API, waits with deadlines, and checks the fraud-detection output against a
 * recomputation from the input topic. Its ports are free ones, passed to the scripts in their
 * environment, so that the tests run beside a bin/ cluster on the standard ports or another
 * checkout's tests.
 */
final class LocalCluster implements AutoCloseable {
    static final Path ROOT = Path.of("").toAbsolutePath();

    final Ports ports = Ports.free();

    /** Kafka's bootstrap servers. */
    final String kafka = "localhost:" + ports.kafka();

    final String rest = "http://localhost:" + ports.rest();

    /** The REST API of a second JobManager (bin/jobmanager-start --standby). */
    final String standbyRest = "http://localhost:" + ports.standbyRest();

    /**
     * JVM options for the short-lived commands (bin/flink: job-submit, produce, job-status...): the
     * client compiler only and the serial collector start a JVM that lives seconds in about half
     * the time (4.2 s -> 2.1 s here). The cluster's own processes do not read JAVA_OPTS.
     */
    static final String SHORT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /**
     * The ports of one cluster, {@link #COUNT} consecutive ones from {@code first}: REST, standby
     * REST, RPC, standby RPC, Kafka, KRaft controller, ZooKeeper, then the Prometheus reporters'
     * range (flink-conf's default has as many).
     */
    record Ports(int first) {
        static final int PROMETHEUS = 11;
        static final int COUNT = 7 + PROMETHEUS;

        /**
         * A block of ports no process listens on, from a random start below Linux's ephemeral range
         * (32768 and up), where no client connection takes one in the meantime.
         */
        static Ports free() {
            Random random = new Random();
            for (int attempt = 0; attempt < 200; attempt++) {
                int first = 10_000 + random.nextInt(22_000 - COUNT);
                if (IntStream.range(first, first + COUNT).allMatch(Ports::bindable))
                    return new Ports(first);
            }
            throw new IllegalStateException("no " + COUNT + " free consecutive ports found");
        }

        /** On every address, as the Prometheus reporter binds (a listener on any one refuses). */
        private static boolean bindable(int port) {
            try (ServerSocket ignored = new ServerSocket(port)) {
                return true;
            } catch (IOException taken) {
                return false;
            }
        }

        int rest() {
            return first;
        }

        int standbyRest() {
            return first + 1;
        }

        int kafka() {
            return first + 4;
        }

        int prometheusFirst() {
            return first + 7;
        }

        int prometheusLast() {
            return first + COUNT - 1;
        }

        /** The variables bin/common.sh takes them from. */
        Map<String, String> environment() {
            return Map.of(
                    "REST_PORT", String.valueOf(rest()),
                    "STANDBY_REST_PORT", String.valueOf(standbyRest()),
                    "JOBMANAGER_RPC_PORT", String.valueOf(first + 2),
                    "STANDBY_RPC_PORT", String.valueOf(first + 3),
                    "KAFKA_PORT", String.valueOf(kafka()),
                    "KAFKA_CONTROLLER_PORT", String.valueOf(first + 5),
                    "ZOOKEEPER_PORT", String.valueOf(first + 6),
                    "PROMETHEUS_PORTS", prometheusFirst() + "-" + prometheusLast());
        }
    }

    final Path run;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> background = new ArrayList<>();

    /** Starts ZooKeeper, Kafka and a cluster of one TaskManager, on free ports. */
    static LocalCluster start(String name) throws IOException {
        return start(name, new String[0]);
    }

    /** As {@link #start(String)}, with more bin/cluster-start options (--standby ...). */
    static LocalCluster start(String name, String... clusterStartOptions) throws IOException {
        LocalCluster cluster = new LocalCluster(Files.createTempDirectory(name));
        cluster.bin("kafka-start");
        // The REST API refreshes its metrics every second instead of 10 s (bin/job-status waits
        // for two refreshes), its checkpoint counts every 100 ms and a job's state every 200 ms
        // instead of 3 s: the tests wait on them, and time recoveries by them.
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "-D",
                                "metrics.fetcher.update-interval=1s",
                                "-D",
                                "rest.cache.checkpoint-statistics.timeout=100ms",
                                "-D",
                                "web.refresh-interval=200ms"));
        options.addAll(List.of(clusterStartOptions));
        cluster.bin("cluster-start", options.toArray(String[]::new));
        return cluster;
    }

    private LocalCluster(Path run) {
        this.run = run;
    }

    /**
     * Stops what the test started in the background, then the cluster (and its ZooKeeper) and
     * Kafka.
     */
    @Override
    public void close() {
        background.forEach(Process::destroyForcibly);
        List<ProcessHandle> cluster = clusterProcesses();
        try {
            bin("cluster-stop");
            // Stopped for good: no supervisor left to start a JobManager again, no process left.
            assertThat(cluster.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid))
                    .as("cluster processes and supervisors alive after bin/cluster-stop")
                    .isEmpty();
        } finally {
            bin("kafka-stop");
        }
    }

    /** Every live process the run folder's pid files name but Kafka's (supervisors included). */
    private List<ProcessHandle> clusterProcesses() {
        try (Stream<Path> pids = Files.list(run.resolve("pids"))) {
            List<ProcessHandle> live = new ArrayList<>();
            for (Path pid : pids.toList()) {
                String name = pid.getFileName().toString().replaceFirst("\\.pid$", "");
                if (!name.startsWith("kafka")) process(name).ifPresent(live::add);
            }
            return live;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates topics of two partitions with a Kafka client, as bin/kafka-topics --create does
     * (ClusterE2EIT runs that step), without a JVM of its own per topic.
     */
    void createTopics(String... names) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(Stream.of(names).map(n -> new NewTopic(n, 2, (short) 1)).toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static final Pattern JOB_ID = Pattern.compile("submitted with JobID ([0-9a-f]{32})");

    /**
     * Submits fraud-detection from {@code input} to {@code alerts} twice at the same moment ({@code
     * bin/job-submit}); returns the ids of the submissions the clients let through (at least one).
     * A submission a client refused must say why.
     */
    List<String> submitFraudDetectionTwiceAtOnce(String input, String alerts) throws Exception {
        return submitFraudDetectionTwiceAtOnce(input, alerts, "2s");
    }

    /** As above, checkpointing every {@code checkpointInterval}. */
    List<String> submitFraudDetectionTwiceAtOnce(
            String input, String alerts, String checkpointInterval) throws Exception {
        String[] args = fraudDetection(input, alerts, checkpointInterval);
        List<CompletableFuture<Result>> submits = new ArrayList<>();
        for (int i = 0; i < 2; i++)
            submits.add(CompletableFuture.supplyAsync(() -> binResult("job-submit", args)));
        List<String> jobs = new ArrayList<>();
        for (CompletableFuture<Result> submit : submits) {
            Result r = submit.get(3, TimeUnit.MINUTES);
            Matcher id = JOB_ID.matcher(r.out());
            if (id.find()) jobs.add(id.group(1));
            else
                assertThat(r.out())
                        .as("a submission refused by its client says why")
                        .contains("is in use by running job");
        }
        assertThat(jobs).as("at least one submission passed").isNotEmpty();
        return jobs;
    }

    /**
     * The arguments of {@code bin/job-submit} for fraud-detection from {@code input} to {@code
     * alerts} on this cluster's Kafka, checkpointing every 2 s.
     */
    String[] fraudDetection(String input, String alerts) {
        return fraudDetection(input, alerts, "2s");
    }

    /** As above, checkpointing every {@code checkpointInterval}. */
    String[] fraudDetection(String input, String alerts, String checkpointInterval) {
        return new String[] {
            "fraud-detection",
            "--bootstrap-servers",
            kafka,
            "--input-topic",
            input,
            "--output-topic",
            alerts,
            "--checkpoint-interval",
            checkpointInterval
        };
    }

    /**
     * Runs a bin/ script with this cluster's run folder; returns its output, fails with it on a
     * non-zero exit.
     */
    String bin(String script, String... args) {
        Result r = binResult(script, args);
        if (r.exit() != 0)
            fail(
                    "bin/"
                            + script
                            + " "
                            + String.join(" ", args)
                            + " exited "
                            + r.exit()
                            + ":\n"
                            + r.out()
                            + "\n"
                            + logTails());
        return r.out();
    }

    /** A bin/ script's exit code and output (stdout and stderr). */
    record Result(int exit, String out) {}

    /** Runs a bin/ script with this cluster's run folder, whatever its exit code. */
    Result binResult(String script, String... args) {
        try {
            Process p = binProcess(script, args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("bin/" + script + " did not finish:\n" + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("bin/" + script, e);
        }
    }

    /**
     * Starts a bin/ script without waiting for it (a producer at a steady rate); its output goes to
     * run/logs.
     */
    Process binInBackground(String log, String script, String... args) throws IOException {
        Path out = run.resolve("logs").resolve(log);
        Process p =
                binProcess(script, args)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        background.add(p);
        return p;
    }

    private ProcessBuilder binProcess(String script, String... args) {
        List<String> command =
                new ArrayList<>(List.of("bash", ROOT.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().putAll(ports.environment());
        pb.environment().put("FLINK_RECIPES_RUN", run.toString());
        pb.environment().put("FLINK_RECIPES_SAVEPOINTS", run.resolve("savepoints").toString());
        pb.environment().put("JAVA_OPTS", SHORT_JVM);
        return pb;
    }

    /**
     * Cancels every job that has not ended and waits until each has: the next test class on a
     * {@link SharedCluster} gets every slot back.
     */
    void cancelJobs() throws InterruptedException {
        awaitTrue(
                "every job ended",
                Duration.ofSeconds(60),
                () -> {
                    boolean ended = true;
                    for (JsonNode j : get("/jobs/overview").path("jobs")) {
                        String state = j.path("state").asText();
                        if (Set.of("FINISHED", "CANCELED", "FAILED").contains(state)) continue;
                        ended = false;
                        if (!state.equals("CANCELLING"))
                            send("PATCH", "/jobs/" + j.path("jid").asText());
                    }
                    return ended;
                });
    }

    /** Cancels a job (as the Web UI's cancel button does), not waiting for it to end. */
    void cancel(String job) {
        send("PATCH", "/jobs/" + job);
    }

    /**
     * The bin/ name of the TaskManager (taskmanager-2) that runs the job's first task: its resource
     * id is that name and a start time.
     */
    String taskManagerOf(String job) {
        String vertex = get("/jobs/" + job).path("vertices").get(0).path("id").asText();
        String id =
                get("/jobs/" + job + "/vertices/" + vertex + "/taskmanagers")
                        .path("taskmanagers")
                        .get(0)
                        .path("taskmanager-id")
                        .asText();
        return id.replaceFirst("-[0-9]+$", "");
    }

    private void send(String method, String path) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(rest + path))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    /** A REST response: status code and body. */
    record Response(int status, String body) {}

    /**
     * Uploads the job jar as the Web UI does ({@code POST /jars/upload}, multipart); returns its id
     * for {@code /jars/<id>/run}.
     */
    String uploadJobJar() throws IOException, InterruptedException {
        Path jar = ROOT.resolve("target/flink-recipes-0.1.0-SNAPSHOT.jar");
        assertThat(jar).as("the job jar (mvn package)").exists();
        String boundary = "flink-recipes-" + System.nanoTime();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\"flink-recipes.jar\"\r\n"
                                + "Content-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(rest + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.ofByteArrays(
                                                List.of(head, Files.readAllBytes(jar), tail)))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("upload: %s", r.body()).isEqualTo(200);
        String file = JsonlFiles.parse(r.body()).path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** {@code POST} of a JSON body; the response whatever its status. */
    Response post(String path, String json, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(rest + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .timeout(timeout)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** The process of a bin/ script's pid file (jobmanager, taskmanager-1), if alive. */
    Optional<ProcessHandle> process(String name) throws IOException {
        Path pid = run.resolve("pids/" + name + ".pid");
        if (!Files.exists(pid)) return Optional.empty();
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                .filter(ProcessHandle::isAlive);
    }

    /**
     * A GET of the leading JobManager's REST API, or, while none is known to lead, of the first
     * one's, or of the standby's while the first is down. Not the first first: a JobManager started
     * again after a failover answers REST before it knows the new leader, and reported the job not
     * running for seconds after the leader ran it.
     */
    JsonNode get(String path) {
        List<String> urls = new ArrayList<>();
        leaderRest().ifPresent(urls::add);
        for (String url : List.of(rest, standbyRest)) if (!urls.contains(url)) urls.add(url);
        IOException failed = null;
        for (String url : urls) {
            try {
                return JsonlFiles.parse(getBody(url + path));
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        throw new IllegalStateException("GET " + path, failed);
    }

    /** The JobManagers of bin/jobmanager-start: the first and the --standby one. */
    static final List<String> JOBMANAGERS = List.of("jobmanager", "jobmanager-2");

    /** A JobManager's log line on its leadership: its REST address, and granted or lost. */
    private static final Pattern LEADERSHIP_WORD =
            Pattern.compile(
                    "DispatcherRestEndpoint .* - (\\S+) (was granted leadership|lost leadership)");

    /** What a JobManager's log last said on its leadership, as far as read. */
    private record LeadershipWord(Object file, long read, String grantedTo) {}

    private final Map<String, LeadershipWord> leadershipWords = new HashMap<>();

    /**
     * The live JobManagers (jobmanager, jobmanager-2) whose log's latest word is that they were
     * granted the leadership (each process starts a log of its own: log4j rolls on start), and the
     * REST address each gives. More than one: two JobManagers lead at once.
     */
    synchronized Map<String, String> leadingJobManagers() {
        Map<String, String> leading = new TreeMap<>();
        for (String name : JOBMANAGERS) {
            try {
                if (process(name).isEmpty()) continue;
                String url = latestLeadershipWord(name);
                if (url != null) leading.put(name, url);
            } catch (IOException notNow) {
                // no log yet, or rolled while read: not known to lead
            }
        }
        return leading;
    }

    /** The REST address of the leading JobManager, if exactly one says it leads. */
    Optional<String> leaderRest() {
        Map<String, String> leading = leadingJobManagers();
        return leading.size() == 1
                ? Optional.of(leading.values().iterator().next())
                : Optional.empty();
    }

    /** Reads the log on from where it was read before (from its start if it is a new file). */
    private String latestLeadershipWord(String name) throws IOException {
        Path log = run.resolve("logs").resolve(name + ".log");
        Object file = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
        LeadershipWord word = leadershipWords.get(name);
        if (word == null || !word.file().equals(file) || Files.size(log) < word.read())
            word = new LeadershipWord(file, 0, null);
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            in.seek(word.read());
            byte[] bytes = new byte[(int) Math.min(in.length() - word.read(), 64 << 20)];
            in.readFully(bytes);
            int complete = bytes.length;
            while (complete > 0 && bytes[complete - 1] != '\n') complete--;
            String grantedTo = word.grantedTo();
            Matcher m =
                    LEADERSHIP_WORD.matcher(new String(bytes, 0, complete, StandardCharsets.UTF_8));
            while (m.find()) grantedTo = m.group(2).startsWith("was granted") ? m.group(1) : null;
            word = new LeadershipWord(file, word.read() + complete, grantedTo);
        }
        leadershipWords.put(name, word);
        return word.grantedTo();
    }

    /** Whether the first JobManager's REST API answers (not the standby's). */
    boolean restAnswers() {
        try {
            getBody(rest + "/config");
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String getBody(String url) throws IOException {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GET " + url, e);
        }
    }

    /**
     * The job's state if it runs every task, else what it is doing ("RESTARTING", "3/4 tasks", "no
     * JobManager").
     */
    String jobState(String job) {
        try {
            JsonNode j = get("/jobs/" + job);
            if (j.has("errors")) return "no leader"; // a JobManager answering without one
            String state = j.path("state").asText();
            int running = 0;
            int all = 0;
            for (JsonNode v : j.path("vertices")) {
                running += v.path("tasks").path("RUNNING").asInt();
                all += v.path("parallelism").asInt();
            }
            return state.equals("RUNNING") && running < all
                    ? running + "/" + all + " tasks"
                    : state;
        } catch (RuntimeException e) {
            return "no JobManager";
        }
    }

    /**
     * The id of the latest completed checkpoint (0: none yet). Ids go on across JobManagers, unlike
     * the counts.
     */
    long latestCheckpoint(String job) {
        return get("/jobs/" + job + "/checkpoints")
                .path("latest")
                .path("completed")
                .path("id")
                .asLong();
    }

    /**
     * The state backend the JobManager reports for the job ({@code EmbeddedRocksDBStateBackend}).
     */
    String stateBackend(String job) {
        return get("/jobs/" + job + "/checkpoints/config").path("state_backend").asText();
    }

    long completedCheckpoints(String job) {
        return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** The id of the job named {@code name} once it runs every task at {@code parallelism}. */
    String waitForRunningJob(String name, int parallelism, Duration timeout)
            throws InterruptedException {
        String[] id = new String[1];
        awaitTrue(
                name + " RUNNING at parallelism " + parallelism + " with every task running",
                timeout,
                () -> {
                    for (JsonNode j : get("/jobs/overview").path("jobs")) {
                        if (j.path("name").asText().equals(name)
                                && j.path("state").asText().equals("RUNNING")
                                && j.path("tasks").path("running").asInt()
                                        == j.path("tasks").path("total").asInt()) {
                            JsonNode v =
                                    get("/jobs/" + j.path("jid").asText()).path("vertices").get(0);
                            if (v.path("parallelism").asInt() == parallelism) {
                                id[0] = j.path("jid").asText();
                                return true;
                            }
                        }
                    }
                    return false;
                });
        return id[0];
    }

    void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(
                what,
                timeout,
                () -> {
                    try {
                        return condition.getAsBoolean();
                    } catch (RuntimeException notYet) {
                        return false; // the cluster may be between states (no JobManager, no leader
                        // yet)
                    }
                },
                this::logTails);
    }

    String logTails() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> logs = Files.list(run.resolve("logs"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                sb.append("--- ").append(log.getFileName()).append(" (last 15 lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(no logs: ").append(e).append(")");
        }
        return sb.toString();
    }

    /**
     * Reads {@code transactions} (expecting {@code inputRecords} of them), recomputes which are
     * fraud by the job's two rules, and asserts that a read_committed consumer of {@code
     * fraud_alerts} sees each of those exactly once and nothing else. Returns how many alerts that
     * was.
     */
    int assertFraudAlertsExactlyOnce(int inputRecords) {
        return assertFraudAlertsExactlyOnce(inputRecords, "transactions", "fraud_alerts");
    }

    /**
     * As {@link #assertFraudAlertsExactlyOnce(int)}, for a job that reads and writes these topics.
     */
    int assertFraudAlertsExactlyOnce(int inputRecords, String inputTopic, String alertTopic) {
        List<ConsumerRecord<String, String>> input =
                KafkaTopics.readCommitted(
                        kafka,
                        inputTopic,
                        read -> read.size() >= inputRecords,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1));
        assertThat(input).as("input records").hasSize(inputRecords);
        return assertFraudAlertsExactlyOnce(fraudAmong(input, false), alertTopic);
    }

    /**
     * The alert keys the job's two rules give for {@code input}, recomputed here from the JSON.
     * With {@code allGood}, every record must be a whole transaction; else records that are not are
     * skipped.
     */
    static Set<String> fraudAmong(List<ConsumerRecord<String, String>> input, boolean allGood) {
        Set<String> expected = new HashSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (ConsumerRecord<String, String> r : input) {
            JsonNode t;
            try {
                t = mapper.readTree(r.value());
            } catch (IOException malformed) {
                if (allGood) fail("a good input record is not JSON: " + r);
                continue;
            }
            if (!t.path("amount").isNumber()) {
                if (allGood) fail("a good input record has no amount: " + r);
                continue;
            }
            BigDecimal amount = t.get("amount").decimalValue();
            boolean fraud =
                    amount.compareTo(BigDecimal.valueOf(3000)) > 0
                            || ("Electronics".equals(t.get("category").asText())
                                    && amount.compareTo(BigDecimal.valueOf(1000)) > 0);
            if (fraud) expected.add(alertKey(t));
        }
        assertThat(expected).as("fraud among the input").isNotEmpty();
        return expected;
    }

    /**
     * A read_committed consumer of {@code fraud_alerts} sees each {@code expected} alert once,
     * nothing else.
     */
    int assertFraudAlertsExactlyOnce(Set<String> expected) {
        return assertFraudAlertsExactlyOnce(expected, "fraud_alerts");
    }

    /** As {@link #assertFraudAlertsExactlyOnce(Set)}, the alerts read from {@code alertTopic}. */
    int assertFraudAlertsExactlyOnce(Set<String> expected, String alertTopic) {
        List<ConsumerRecord<String, String>> alerts =
                KafkaTopics.readCommitted(
                        kafka,
                        alertTopic,
                        read -> read.size() >= expected.size(),
                        Duration.ofSeconds(90),
                        Duration.ofSeconds(5));
        UniqueRows.assertExactlyOnce(
                alerts, r -> alertKey(JsonlFiles.parse(r.value())), expected, "alerts");
        return expected.size();
    }

    /**
     * The generator numbers transactions from txn_0 in every run: the id and time together are
     * unique.
     */
    private static String alertKey(JsonNode txn) {
        return txn.get("transaction_id").asText() + "@" + txn.get("timestamp").asText();
    }
}
