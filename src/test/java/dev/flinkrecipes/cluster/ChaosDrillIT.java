package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.UniqueRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos drill (bin/chaos): the whole system failing during one run. With real processes
 * (ZooKeeper, Kafka, two supervised JobManagers, the second a standby, two TaskManagers, one of
 * them spare, fraud-detection fed by a producer at a steady rate), one event every {@code
 * chaos.interval} seconds: {@code chaos.kills} kills of the TaskManager that runs the job (SIGKILL,
 * a new spare started right after, as a supervisor would), one Kafka broker restart (down {@code
 * chaos.broker-down} seconds) a third of the way in, ZooKeeper stopped {@code chaos.zookeeper-down}
 * seconds half way, one kill of the leading JobManager (SIGKILL; the standby takes over, the
 * supervisor starts the killed one again; nobody resubmits anything) two thirds in, and two
 * requests that once ended processes: the job jar run through the REST API with a bad option (the
 * JobManagers must live) and two submissions of one job at the same moment (one runs, one fails,
 * every TaskManager lives). Meanwhile a second producer floods the input topic with bad messages
 * among the good ones: hundreds of malformed lines, 1 MiB messages, one of control characters and
 * random bytes. It prints each event's recovery times and checks the TaskManager targets (RUNNING
 * within 20 s, a checkpoint within 30 s). At the end a read_committed consumer must see exactly the
 * alerts that a recomputation from the good input gives, each once, and every bad message must be
 * in the DLQ once (by its topic, partition and offset). Minutes long, so `mvn verify` skips it: it
 * runs only with -Dchaos.kills=N.
 */
@EnabledIfSystemProperty(named = "chaos.kills", matches = "[0-9]+")
class ChaosDrillIT {
    /** After a TaskManager kill: every task RUNNING again, then a completed checkpoint. */
    static final Duration RUNNING_TARGET =
            Duration.ofSeconds(Integer.getInteger("chaos.running-target", 10));

    static final Duration CHECKPOINT_TARGET =
            Duration.ofSeconds(Integer.getInteger("chaos.checkpoint-target", 20));

    /**
     * After the leading JobManager's kill, with a standby: RUNNING (then a checkpoint within {@link
     * #CHECKPOINT_TARGET}).
     */
    static final Duration FAILOVER_TARGET =
            Duration.ofSeconds(Integer.getInteger("chaos.failover-target", 15));

    /** As large as the broker's default limit lets a message be (see DeadLetterKafkaIT). */
    static final int LARGEST_MESSAGE = 1_048_450;

    /** One event's recovery, in seconds from the event (NaN: not applicable). */
    record Event(
            int n,
            String what,
            double atSeconds,
            double detectSeconds,
            double runningSeconds,
            double checkpointSeconds,
            String note) {}

    /** Where a bad message landed in the input topic: its dead letter must name the same. */
    record Position(String topic, int partition, long offset) {}

    @Test
    void theJobSurvivesTaskManagerKillsABrokerRestartAJobManagerKillAndBadInputExactlyOnce()
            throws Exception {
        int kills = Integer.getInteger("chaos.kills");
        int interval = Integer.getInteger("chaos.interval", 60);
        int rate = Integer.getInteger("chaos.rate", 50);
        String checkpointInterval = System.getProperty("chaos.checkpoint-interval", "10s");
        // More options for the drill's job, e.g. "--kafka-property max.block.ms=300000".
        List<String> jobOptions =
                List.of(System.getProperty("chaos.job-options", "").trim().split("\\s+")).stream()
                        .filter(o -> !o.isEmpty())
                        .toList();
        boolean brokerRestart =
                Boolean.parseBoolean(System.getProperty("chaos.broker-restart", "true"));
        int brokerDown = Integer.getInteger("chaos.broker-down", 20);
        boolean jobManagerKill =
                Boolean.parseBoolean(System.getProperty("chaos.jobmanager-kill", "true"));
        boolean badMessages =
                Boolean.parseBoolean(System.getProperty("chaos.bad-messages", "true"));
        int zookeeperDown = Integer.getInteger("chaos.zookeeper-down", 30);
        boolean requests = Boolean.parseBoolean(System.getProperty("chaos.requests", "true"));

        // The schedule: TaskManager kills; the REST submission with a bad option after a sixth of
        // them, the broker restart after a third, the ZooKeeper outage half way, the JobManager
        // kill after two thirds, the two concurrent submissions after five sixths.
        List<String> schedule = new ArrayList<>(Collections.nCopies(kills, "TaskManager kill"));
        if (requests) schedule.add(Math.round(kills * 5 / 6f), "two concurrent submits");
        if (jobManagerKill) schedule.add(Math.round(kills * 2 / 3f), "leader JobManager kill");
        if (zookeeperDown > 0) schedule.add(Math.round(kills / 2f), "ZooKeeper outage");
        if (brokerRestart) schedule.add(Math.round(kills / 3f), "broker restart");
        if (requests) schedule.add(Math.round(kills / 6f), "REST run, bad option");
        int drillSeconds =
                schedule.size() * interval + (brokerRestart ? brokerDown : 0) + zookeeperDown;

        try (LocalCluster cluster =
                LocalCluster.start("flink-recipes-chaos", "--standby", "--taskmanagers", "2")) {
            cluster.bin("kafka-topics", "--create", "--topic", "transactions", "--partitions", "2");
            cluster.bin(
                    "kafka-topics", "--create", "--topic", "transactions.dlq", "--partitions", "2");
            cluster.bin("kafka-topics", "--create", "--topic", "fraud_alerts", "--partitions", "2");
            cluster.createTopics(TWIN_INPUT, TWIN_ALERTS);
            List<String> submit =
                    new ArrayList<>(
                            List.of(
                                    "fraud-detection",
                                    "--bootstrap-servers",
                                    cluster.kafka,
                                    "--checkpoint-interval",
                                    checkpointInterval));
            submit.addAll(jobOptions);
            cluster.bin("job-submit", submit.toArray(String[]::new));
            String job = cluster.waitForRunningJob("fraud-detection", 1, Duration.ofSeconds(90));

            // Good input for the whole drill and a little after, at a steady rate; the bad input
            // comes from the flood.
            int count = rate * (drillSeconds + 30);
            Process producer =
                    cluster.binInBackground(
                            "producer.out",
                            "produce",
                            "--count",
                            String.valueOf(count),
                            "--rate",
                            String.valueOf(rate),
                            "--seed",
                            "11",
                            "--start-time",
                            "2024-01-15T10:00:00Z",
                            "--malformed-every",
                            "0");
            cluster.awaitTrue(
                    "a first checkpoint",
                    Duration.ofSeconds(60),
                    () -> cluster.latestCheckpoint(job) > 0);
            CompletableFuture<Set<Position>> flood =
                    badMessages
                            ? CompletableFuture.supplyAsync(
                                    () ->
                                            flood(
                                                    cluster.kafka,
                                                    drillSeconds,
                                                    cluster.run
                                                            .resolve("logs")
                                                            .resolve("flood.out")))
                            : CompletableFuture.completedFuture(Set.of());

            List<Event> results = new ArrayList<>();
            long start = System.nanoTime();
            long next = start + TimeUnit.SECONDS.toNanos(interval / 2);
            for (int n = 1; n <= schedule.size(); n++) {
                // The drill's own schedule, one event every `interval` seconds: a condition on the
                // clock.
                Await.untilNanoTime("the time of event " + n, next);
                next += TimeUnit.SECONDS.toNanos(interval);
                cluster.awaitTrue(
                        "the job running every task before event " + n,
                        Duration.ofSeconds(120),
                        () -> cluster.jobState(job).equals("RUNNING"));
                double at = seconds(System.nanoTime() - start);
                Event e =
                        switch (schedule.get(n - 1)) {
                            case "broker restart" ->
                                    outage(
                                            cluster,
                                            job,
                                            n,
                                            at,
                                            "broker restart",
                                            "kafka",
                                            brokerDown);
                            case "ZooKeeper outage" ->
                                    outage(
                                            cluster,
                                            job,
                                            n,
                                            at,
                                            "ZooKeeper outage",
                                            "zookeeper",
                                            zookeeperDown);
                            case "leader JobManager kill" -> killJobManager(cluster, job, n, at);
                            case "REST run, bad option" -> restRunBadOption(cluster, job, n, at);
                            case "two concurrent submits" -> concurrentSubmits(cluster, job, n, at);
                            default -> killTaskManager(cluster, job, n, at);
                        };
                if (e.what().equals("broker restart")) next += TimeUnit.SECONDS.toNanos(brokerDown);
                if (e.what().equals("ZooKeeper outage"))
                    next += TimeUnit.SECONDS.toNanos(zookeeperDown);
                results.add(e);
                System.out.println(row(e));
            }

            assertThat(producer.waitFor(interval + 180L, TimeUnit.SECONDS))
                    .as("the producer finished")
                    .isTrue();
            Set<Position> bad = flood.get(5, TimeUnit.MINUTES);
            long good = sent(cluster.run.resolve("logs").resolve("producer.out"));

            // The input as it is in Kafka: the good records are all but the bad ones' positions.
            List<ConsumerRecord<String, String>> input =
                    KafkaTopics.readCommitted(
                            cluster.kafka,
                            "transactions",
                            read -> read.size() >= good + bad.size(),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(1));
            assertThat(input).as("good and bad input records").hasSize((int) good + bad.size());
            Predicate<ConsumerRecord<String, String>> isBad =
                    r -> bad.contains(new Position(r.topic(), r.partition(), r.offset()));
            List<ConsumerRecord<String, String>> goodInput =
                    input.stream().filter(isBad.negate()).toList();
            int alerts =
                    cluster.assertFraudAlertsExactlyOnce(LocalCluster.fraudAmong(goodInput, true));

            List<ConsumerRecord<String, String>> dlq =
                    KafkaTopics.readCommitted(
                            cluster.kafka,
                            "transactions.dlq",
                            read -> read.size() >= bad.size(),
                            Duration.ofSeconds(90),
                            Duration.ofSeconds(5));
            UniqueRows.assertExactlyOnce(
                    dlq,
                    r -> {
                        JsonNode d = JsonlFiles.parse(r.value());
                        return new Position(
                                d.path("topic").asText(),
                                d.path("partition").asInt(),
                                d.path("offset").asLong());
                    },
                    bad,
                    "bad messages in the DLQ");

            String report =
                    report(
                            results,
                            schedule.size(),
                            interval,
                            rate,
                            checkpointInterval,
                            brokerDown,
                            zookeeperDown,
                            String.format(
                                    "%d good input records, %d alerts, each exactly once; %d bad"
                                            + " messages, each in the DLQ exactly once",
                                    good, alerts, bad.size()));
            System.out.println(report);
            Files.writeString(Path.of("target", "chaos-drill.txt"), report);
            List<Event> taskManagerKills =
                    results.stream().filter(e -> e.what().equals("TaskManager kill")).toList();
            assertThat(taskManagerKills)
                    .as("every TaskManager kill back to RUNNING within %s", RUNNING_TARGET)
                    .allMatch(k -> k.runningSeconds() <= RUNNING_TARGET.toSeconds());
            assertThat(taskManagerKills)
                    .as(
                            "every TaskManager kill followed by a checkpoint within %s",
                            CHECKPOINT_TARGET)
                    .allMatch(k -> k.checkpointSeconds() <= CHECKPOINT_TARGET.toSeconds());
            assertThat(results)
                    .filteredOn(e -> e.what().equals("leader JobManager kill"))
                    .as(
                            "the leader's kill with a standby: RUNNING within %s, a checkpoint"
                                    + " within %s",
                            FAILOVER_TARGET, CHECKPOINT_TARGET)
                    .allMatch(
                            k ->
                                    k.runningSeconds() <= FAILOVER_TARGET.toSeconds()
                                            && k.checkpointSeconds()
                                                    <= CHECKPOINT_TARGET.toSeconds());
        }
    }

    /** The twin jobs' topics: their own input, so they leave the drill's DLQ alone. */
    static final String TWIN_INPUT = "twin-transactions";

    static final String TWIN_ALERTS = "twin-fraud_alerts";

    /**
     * SIGKILL the TaskManager that runs the job and time the job's way back, on the spare that was
     * already there, by polling REST; then start a new spare. Not at once: on this one machine a
     * JVM starting (seconds of CPU) would slow the restart on the spare, which a replacement on
     * another machine does not.
     */
    private static Event killTaskManager(LocalCluster cluster, String job, int n, double at)
            throws InterruptedException {
        long before = cluster.latestCheckpoint(job);
        String victim = cluster.taskManagerOf(job);
        long killed = System.nanoTime();
        cluster.bin("taskmanager-stop", "--kill", victim.replace("taskmanager-", ""));
        long[] times = awaitBackToRunning(cluster, job, "after TaskManager kill " + n);
        long checkpoint = awaitCheckpointAfter(cluster, job, before, "after TaskManager kill " + n);
        cluster.bin("taskmanager-start");
        return new Event(
                n,
                "TaskManager kill",
                at,
                seconds(times[0] - killed),
                seconds(times[1] - killed),
                seconds(checkpoint - killed),
                "");
    }

    /**
     * Stops a service (as an operator would: bin/kafka-stop, bin/zookeeper-stop), keeps it down
     * {@code downSeconds}, starts it again, and times from the stop: the job noticing (if it does),
     * running every task again once the service is back, and the first checkpoint begun after it is
     * back completing. Notes the JobManager processes that ended meanwhile (their supervisors start
     * them again).
     */
    private static Event outage(
            LocalCluster cluster,
            String job,
            int n,
            double at,
            String what,
            String service,
            int downSeconds)
            throws InterruptedException, IOException {
        Map<String, Long> jobManagers = jobManagerPids(cluster);
        long stopped = System.nanoTime();
        cluster.bin(service + "-stop");
        // Down for the drill's chosen time (a schedule, not a wait for a result), watching the job
        // meanwhile.
        long[] detected = {0};
        Set<String> whileDown = new TreeSet<>();
        cluster.awaitTrue(
                what + ": " + downSeconds + " s down",
                Duration.ofSeconds(downSeconds + 30),
                () -> {
                    String state = cluster.jobState(job);
                    whileDown.add(state);
                    if (detected[0] == 0 && !state.equals("RUNNING"))
                        detected[0] = System.nanoTime();
                    return System.nanoTime() - stopped >= TimeUnit.SECONDS.toNanos(downSeconds);
                });
        cluster.bin(service + "-start");
        long up = System.nanoTime();
        long before = cluster.latestCheckpoint(job);
        long[] running = {0};
        Set<String> afterUp = new TreeSet<>();
        cluster.awaitTrue(
                "the job running every task and a checkpoint after the " + what,
                Duration.ofSeconds(180),
                () -> {
                    String state = cluster.jobState(job);
                    afterUp.add(state);
                    if (!state.equals("RUNNING")) {
                        if (detected[0] == 0) detected[0] = System.nanoTime();
                        running[0] = 0;
                    } else if (running[0] == 0) {
                        running[0] = System.nanoTime();
                    }
                    return running[0] != 0 && cluster.latestCheckpoint(job) > before;
                });
        long checkpoint = System.nanoTime();
        String leaders = String.join(", ", cluster.leadingJobManagers().keySet());
        if (service.equals("zookeeper")) leaders = awaitOneLeader(cluster, job, up);
        return new Event(
                n,
                what,
                at,
                detected[0] == 0 ? Double.NaN : seconds(detected[0] - stopped),
                seconds(running[0] - stopped),
                seconds(checkpoint - stopped),
                String.format(
                        "down %.1f s; back -> RUNNING %.1f s, -> checkpoint %.1f s; JobManagers"
                            + " restarted: %s; leading after: %s; job while down: %s; after: %s",
                        seconds(up - stopped),
                        seconds(Math.max(0, running[0] - up)),
                        seconds(checkpoint - up),
                        restarted(jobManagers, jobManagerPids(cluster)),
                        leaders,
                        String.join(", ", whileDown),
                        String.join(", ", afterUp)));
    }

    /**
     * After ZooKeeper is back: once the sessions it restored have expired (a session timeout, 6 s,
     * after its start) and a JobManager that kept leading on a deleted latch node would have been
     * joined by a second leader (Curator 5.4.0, ZooKeeperOutageIT), exactly one JobManager must
     * lead and the job checkpoint on. Returns the leader's name.
     */
    private static String awaitOneLeader(LocalCluster cluster, String job, long up)
            throws InterruptedException {
        Await.untilNanoTime("the restored sessions expired", up + TimeUnit.SECONDS.toNanos(20));
        Map<String, String> leading = cluster.leadingJobManagers();
        assertThat(leading).as("JobManagers leading after the ZooKeeper outage").hasSize(1);
        long settled = cluster.latestCheckpoint(job);
        cluster.awaitTrue(
                "a checkpoint with one leader after the ZooKeeper outage",
                Duration.ofSeconds(60),
                () -> cluster.latestCheckpoint(job) > settled);
        assertThat(cluster.leadingJobManagers()).as("still one leader").isEqualTo(leading);
        return leading.keySet().iterator().next();
    }

    /** The pid of each JobManager process now (jobmanager, jobmanager-2). */
    private static Map<String, Long> jobManagerPids(LocalCluster cluster) throws IOException {
        Map<String, Long> pids = new java.util.TreeMap<>();
        for (String name : LocalCluster.JOBMANAGERS)
            cluster.process(name).ifPresent(p -> pids.put(name, p.pid()));
        return pids;
    }

    /** The JobManagers whose process is another than before (or none now), or "none". */
    private static String restarted(Map<String, Long> before, Map<String, Long> after) {
        List<String> names =
                before.keySet().stream()
                        .filter(name -> !before.get(name).equals(after.get(name)))
                        .toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /**
     * SIGKILL the leading JobManager and time the job coming back by itself (same id, HA): the
     * standby takes over; the killed one's supervisor starts it again, and it must be back too.
     */
    private static Event killJobManager(LocalCluster cluster, String job, int n, double at)
            throws InterruptedException, IOException {
        long before = cluster.latestCheckpoint(job);
        Map<String, Long> jobManagers = jobManagerPids(cluster);
        long killed = System.nanoTime();
        String said = cluster.bin("jobmanager-stop", "--kill");
        long[] times = awaitBackToRunning(cluster, job, "after the leader JobManager's kill");
        long checkpoint = awaitCheckpointAfter(cluster, job, before, "after the JobManager kill");
        JsonNode restored =
                cluster.get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        cluster.awaitTrue(
                "the killed JobManager started again by its supervisor",
                Duration.ofSeconds(120),
                () -> {
                    try {
                        Map<String, Long> now = jobManagerPids(cluster);
                        return now.size() == jobManagers.size()
                                && !restarted(jobManagers, now).equals("none");
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        Matcher killedName = Pattern.compile("killed (jobmanager[-0-9]*)").matcher(said);
        return new Event(
                n,
                "leader JobManager kill",
                at,
                seconds(times[0] - killed),
                seconds(times[1] - killed),
                seconds(checkpoint - killed),
                "killed "
                        + (killedName.find() ? killedName.group(1) : "?")
                        + "; same job id, restored checkpoint "
                        + restored.path("id").asText("?")
                        + " (latest before the kill: "
                        + before
                        + "); restarted by its supervisor: "
                        + restarted(jobManagers, jobManagerPids(cluster)));
    }

    /**
     * The job jar run through the REST API (as the Web UI does) with a bad option: the response
     * must say what is wrong, and no JobManager may end (its main runs inside one).
     */
    private static Event restRunBadOption(LocalCluster cluster, String job, int n, double at)
            throws Exception {
        cluster.awaitTrue(
                "the first JobManager answering (it may be starting again after a kill)",
                Duration.ofSeconds(120),
                cluster::restAnswers);
        Map<String, Long> jobManagers = jobManagerPids(cluster);
        String jar = cluster.uploadJobJar();
        long sent = System.nanoTime();
        LocalCluster.Response r =
                cluster.post(
                        "/jars/" + jar + "/run",
                        "{\"programArgsList\": [\"fraud-detection\", \"--no-such-option\", \"1\"]}",
                        Duration.ofSeconds(60));
        long answered = System.nanoTime();
        assertThat(r.status()).as(r.body()).isGreaterThanOrEqualTo(400);
        assertThat(r.body())
                .as("the REST response says what is wrong")
                .contains("Unknown options: '--no-such-option'");
        // A JobManager that ran System.exit was gone within 3 s: watch twice that.
        Set<String> states = new TreeSet<>();
        cluster.awaitTrue(
                "6 s of the JobManagers after the request",
                Duration.ofSeconds(30),
                () -> {
                    states.add(cluster.jobState(job));
                    return System.nanoTime() - answered >= TimeUnit.SECONDS.toNanos(6);
                });
        assertThat(jobManagerPids(cluster))
                .as("the same JobManager processes")
                .isEqualTo(jobManagers);
        assertThat(states).as("the drill's job meanwhile").containsExactly("RUNNING");
        return new Event(
                n,
                "REST run, bad option",
                at,
                Double.NaN,
                0,
                0,
                String.format(
                        "HTTP %d after %.1f s; JobManagers alive, same processes; job: RUNNING",
                        r.status(), seconds(answered - sent)));
    }

    /**
     * Two submissions of one job with one transactional id prefix at the same moment (their own
     * topics): one must run, the other fail for good (or be refused by its client), every
     * TaskManager must live, and the drill's job run on. The twin that runs is cancelled after.
     */
    private static Event concurrentSubmits(LocalCluster cluster, String job, int n, double at)
            throws Exception {
        List<ProcessHandle> taskManagers = new ArrayList<>();
        for (String name : List.of("taskmanager-1", "taskmanager-2", "taskmanager-3"))
            cluster.process(name).ifPresent(taskManagers::add);
        long start = System.nanoTime();
        List<String> twins = cluster.submitFraudDetectionTwiceAtOnce(TWIN_INPUT, TWIN_ALERTS);
        cluster.awaitTrue(
                "one twin RUNNING, the other FAILED",
                Duration.ofSeconds(90),
                () ->
                        twins.stream().filter(j -> cluster.jobState(j).equals("RUNNING")).count()
                                        == 1
                                && twins.stream()
                                                .filter(j -> cluster.jobState(j).equals("FAILED"))
                                                .count()
                                        == twins.size() - 1);
        long settled = System.nanoTime();
        assertThat(taskManagers).as("every TaskManager lives").allMatch(ProcessHandle::isAlive);
        assertThat(cluster.jobState(job)).as("the drill's job").isEqualTo("RUNNING");
        String running =
                twins.stream().filter(j -> cluster.jobState(j).equals("RUNNING")).findFirst().get();
        cluster.cancel(running);
        cluster.awaitTrue(
                "the running twin cancelled",
                Duration.ofSeconds(60),
                () -> cluster.jobState(running).equals("CANCELED"));
        return new Event(
                n,
                "two concurrent submits",
                at,
                Double.NaN,
                0,
                0,
                String.format(
                        "%d submitted, 1 RUNNING and %d FAILED %.1f s after the submits; every"
                                + " TaskManager alive; job: RUNNING",
                        twins.size(), twins.size() - 1, seconds(settled - start)));
    }

    /**
     * Waits for the job to stop running every task (if it does) and to run them all again: both
     * times.
     */
    private static long[] awaitBackToRunning(LocalCluster cluster, String job, String what)
            throws InterruptedException {
        long[] times = {0, 0};
        cluster.awaitTrue(
                "the job running every task again " + what,
                Duration.ofSeconds(180),
                () -> {
                    boolean allRunning = cluster.jobState(job).equals("RUNNING");
                    if (times[0] == 0 && !allRunning) times[0] = System.nanoTime();
                    if (times[0] != 0 && allRunning) times[1] = System.nanoTime();
                    return times[1] != 0;
                });
        return times;
    }

    private static long awaitCheckpointAfter(
            LocalCluster cluster, String job, long before, String what)
            throws InterruptedException {
        cluster.awaitTrue(
                "a checkpoint " + what,
                Duration.ofSeconds(180),
                () -> cluster.latestCheckpoint(job) > before);
        return System.nanoTime();
    }

    /**
     * Sends the bad messages, spread evenly over {@code seconds}, to {@code transactions} among the
     * good ones, and returns where each landed. Idempotent and acks=all, so a send retried across
     * the broker restart lands once; a larger request size, so the 1 MiB ones go through.
     */
    private static Set<Position> flood(String kafka, int seconds, Path log) {
        Random random = new Random(7);
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 300; i++) bad.add(malformed(i).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            byte[] large = new byte[LARGEST_MESSAGE];
            Arrays.fill(large, (byte) ('a' + i));
            bad.add(large);
        }
        byte[] control = new byte[1_000_000];
        Arrays.fill(control, (byte) 0x01);
        bad.add(control);
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[1 + random.nextInt(i < 90 ? 200 : 100_000)];
            random.nextBytes(b);
            b[0] = (byte) ('a' + random.nextInt(26)); // never a '{': not JSON by chance
            bad.add(b);
        }
        Collections.shuffle(bad, random);
        long pauseNanos = TimeUnit.SECONDS.toNanos(seconds) / bad.size();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                "true",
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                String.valueOf(2 * 1024 * 1024),
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                "300000",
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class.getName(),
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class.getName()))) {
            long next = System.nanoTime();
            for (byte[] b : bad) {
                sent.add(producer.send(new ProducerRecord<>("transactions", b)));
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0)
                    TimeUnit.NANOSECONDS.sleep(
                            wait); // spreads the flood over the drill: no result awaited
            }
            producer.flush();
            Set<Position> positions = new HashSet<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                positions.add(new Position(m.topic(), m.partition(), m.offset()));
            }
            Files.writeString(log, positions.size() + " bad messages sent: " + positions + "\n");
            return positions;
        } catch (Exception e) {
            throw new IllegalStateException("the bad-message flood failed", e);
        }
    }

    /** Malformed lines of several kinds; the JSON ones would be fraud if the job took them. */
    private static String malformed(int i) {
        return switch (i % 6) {
            case 0 -> "{\"transaction_id\": \"bad_" + i + "\", \"amount\": \"lots\""; // cut off
            case 1 -> "not json " + i;
            case 2 ->
                    "{\"transaction_id\":\"bad_"
                            + i
                            + "\",\"amount\":5000,\"timestamp\":\"2024-01-15T10:00:00Z\","
                            + "\"category\":\"Electronics\",\"location\":\"NYC\"}"; // no user_id
            case 3 ->
                    "{\"transaction_id\":\"bad_"
                            + i
                            + "\",\"user_id\":\"u1\",\"amount\":\"5000\",\"timestamp\":\"2024-01-15T10:00:00Z\","
                            + "\"category\":\"Electronics\",\"location\":\"NYC\"}"; // amount a
            // string
            case 4 ->
                    "{\"transaction_id\":\"bad_"
                            + i
                            + "\",\"user_id\":\"u1\",\"amount\":-5000,\"timestamp\":\"2024-01-15T10:00:00Z\","
                            + "\"category\":\"Electronics\",\"location\":\"NYC\"}"; // negative
            default -> "[" + i + "]";
        };
    }

    /**
     * How many messages the steady producer had acknowledged (its last "Stats: N sent, E errors"
     * line).
     */
    private static long sent(Path out) throws IOException {
        Matcher m =
                Pattern.compile("Stats: (\\d+) sent, (\\d+) errors").matcher(Files.readString(out));
        String[] last = null;
        while (m.find()) last = new String[] {m.group(1), m.group(2)};
        assertThat(last).as("the producer's stats in " + out).isNotNull();
        assertThat(Long.parseLong(last[1]))
                .as("the producer's send errors (see " + out + ")")
                .isZero();
        return Long.parseLong(last[0]);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String row(Event e) {
        return String.format(
                "| %d | %s | %.0f | %s | %.1f | %.1f | %s |",
                e.n(),
                e.what(),
                e.atSeconds(),
                Double.isNaN(e.detectSeconds()) ? "-" : String.format("%.1f", e.detectSeconds()),
                e.runningSeconds(),
                e.checkpointSeconds(),
                e.note());
    }

    private static String report(
            List<Event> results,
            int events,
            int interval,
            int rate,
            String checkpointInterval,
            int brokerDown,
            int zookeeperDown,
            String outcome) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "Chaos drill: %d events %d s apart (broker down %d s, ZooKeeper down %d s),"
                                + " %d events/s, checkpoints every %s; load average %s%n",
                        events,
                        interval,
                        brokerDown,
                        zookeeperDown,
                        rate,
                        checkpointInterval,
                        loadAverage()));
        sb.append(
                "| # | event | at (s) | detected (s) | RUNNING (s) | checkpoint (s) | note |\n"
                        + "|---:|---|---:|---:|---:|---:|---|\n");
        for (Event e : results) sb.append(row(e)).append('\n');
        List<Event> tm = results.stream().filter(e -> e.what().equals("TaskManager kill")).toList();
        sb.append(
                String.format(
                        "TaskManager kills: max RUNNING %.1f s, max checkpoint %.1f s%n",
                        tm.stream().mapToDouble(Event::runningSeconds).max().orElse(0),
                        tm.stream().mapToDouble(Event::checkpointSeconds).max().orElse(0)));
        sb.append(outcome).append('\n');
        return sb.toString();
    }

    /** The machine's load average (1, 5, 15 min): how busy it was during the drill. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
