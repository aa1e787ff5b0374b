package dev.flinkrecipes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.demo.EmbeddedKafka;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionGenerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import picocli.CommandLine;

/**
 * The benchmark suite (bench/run): each pipeline on seeded files at parallelism 2 with checkpoints
 * every 10 s, run pair by pair with two references on the same input (read+parse only, and a
 * straightforward baseline), reported as events/s, CPU-seconds per million events and ratios
 * (median, min, max), with the window results checked against the input. Writes
 * bench/results/RESULTS.md.
 */
public final class Benchmark {
    record Measure(String name, long events, long netMillis, double cpuSeconds) {
        double rate() {
            return events * 1000.0 / netMillis;
        }

        double cpuPerMillion() {
            return cpuSeconds / (events / 1e6);
        }
    }

    private final MiniCluster cluster;
    private final Path work;
    private final long events;
    private final String bootstrapServers;

    Benchmark(MiniCluster cluster, Path work, long events, String bootstrapServers) {
        this.cluster = cluster;
        this.work = work;
        this.events = events;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The benchmarks' local cluster, 1 TaskManager with 2 slots, set as the context of the jobs
     * that {@code Main.run} builds ({@code conf} adds to its settings, and may set the managed
     * memory).
     */
    static MiniCluster startCluster(Configuration conf) throws Exception {
        if (!conf.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) { // RocksDB's memory, if used
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
        }
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build());
        cluster.start();
        TestStreamEnvironment.setAsContext(cluster, 2);
        return cluster;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts =
                new LinkedHashMap<>(
                        Map.of(
                                "--events",
                                "5000000",
                                "--pairs",
                                "3",
                                "--data",
                                "bench/data",
                                "--out",
                                "bench/results"));
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i], args[i + 1]);
        long events = Long.parseLong(opts.get("--events"));
        int pairs = Integer.parseInt(opts.get("--pairs"));
        Path data = Path.of(opts.get("--data"));

        MiniCluster cluster = startCluster(new Configuration());
        if ("modes"
                .equals(opts.get("--only"))) { // bench/run --only modes: the output modes next to
            // append, files only
            try {
                Path tx = BenchInputs.transactions(data, events, 2);
                Benchmark b =
                        new Benchmark(
                                cluster,
                                Files.createDirectories(data.resolve("runs")),
                                events,
                                null);
                String report = b.outputModes(tx, pairs);
                Files.createDirectories(Path.of(opts.get("--out")));
                Files.writeString(
                        Path.of(opts.get("--out")).resolve("RESULTS-output-modes.md"), report);
                System.out.println(report);
            } finally {
                TestStreamEnvironment.unsetAsContext();
                cluster.close();
            }
            return;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path tx = BenchInputs.transactions(data, events, 2);
            Path ec = BenchInputs.commerceEvents(data, events, 2);
            KafkaInputs.load(kafka, TX_TOPIC, tx);
            KafkaInputs.load(kafka, EC_TOPIC, ec);
            Benchmark b =
                    new Benchmark(
                            cluster,
                            Files.createDirectories(data.resolve("runs")),
                            events,
                            kafka.bootstrapServers());
            String report = b.run(tx, ec, pairs);
            Files.createDirectories(Path.of(opts.get("--out")));
            Files.writeString(Path.of(opts.get("--out")).resolve("RESULTS.md"), report);
            System.out.println(report);
        } finally {
            TestStreamEnvironment.unsetAsContext();
            cluster.close();
        }
    }

    String run(Path tx, Path ec, int pairs) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n").append(machine()).append('\n');
        md.append(
                String.format(
                        Locale.ROOT,
                        "Input: %,d events per pipeline, 2 JSON-lines files (one per slot), %s and"
                                + " %s.%n",
                        events,
                        size(tx),
                        size(ec)));
        md.append(
                        "Settings: MiniCluster, 1 TaskManager, 2 slots, parallelism 2, checkpoints"
                                + " every 10 s, heap state, ")
                .append(pairs)
                .append(" pairs per comparison, run in turn (pipeline, then its references).\n\n");

        md.append(
                "| pipeline | events/s | CPU-s per M events | vs read+parse (median, min-max) | vs"
                        + " baseline (median, min-max) | results checked |\n");
        md.append("|---|---:|---:|---|---|---|\n");
        String[] file = {"--source", "file", "--parallelism", "2", "--checkpoint-interval", "10s"};
        row(
                md,
                "transaction-analytics (sliding 5 min / 1 min)",
                pairs,
                () -> job("transaction-analytics", tx, "file", file),
                () -> readParse(tx, "transactions"),
                () -> baseline(tx, true),
                out -> verifySliding(out));
        row(
                md,
                "category-analytics (tumbling 5 min, exact distinct)",
                pairs,
                () -> job("category-analytics", tx, "file", file),
                () -> readParse(tx, "transactions"),
                () -> baseline(tx, false),
                out -> verifyTumbling(out));
        row(
                md,
                "fraud-detection (stateless)",
                pairs,
                () -> job("fraud-detection", tx, "file", file),
                () -> readParse(tx, "transactions"),
                null,
                out -> verifyFraud(out));
        row(
                md,
                "user-totals (keyed state, upsert per event, discarded)",
                pairs,
                () -> job("user-totals", ec, "discard", file),
                () -> readParse(ec, "ecommerce"),
                null,
                null);

        md.append(
                String.format(
                        Locale.ROOT,
                        "%n### The same from Kafka (the events pre-loaded into 2-partition topics,"
                                + " read to their end)%n%n"));
        md.append(
                "| pipeline | events/s | CPU-s per M events | vs read+parse from Kafka (median,"
                        + " min-max) | vs baseline | results checked |\n");
        md.append("|---|---:|---:|---|---|---|\n");
        String[] checkpointed = {"--parallelism", "2", "--checkpoint-interval", "10s"};
        Measure kafkaSliding =
                row(
                        md,
                        "transaction-analytics (sliding 5 min / 1 min)",
                        pairs,
                        () ->
                                job(
                                        "transaction-analytics",
                                        null,
                                        "file",
                                        concat(kafka(TX_TOPIC), checkpointed)),
                        () -> readParse("transactions", kafka(TX_TOPIC)),
                        null,
                        out -> verifySliding(out));
        Measure kafkaTumbling =
                row(
                        md,
                        "category-analytics (tumbling 5 min, exact distinct)",
                        pairs,
                        () ->
                                job(
                                        "category-analytics",
                                        null,
                                        "file",
                                        concat(kafka(TX_TOPIC), checkpointed)),
                        () -> readParse("transactions", kafka(TX_TOPIC)),
                        null,
                        out -> verifyTumbling(out));
        Measure kafkaFraud =
                row(
                        md,
                        "fraud-detection (stateless)",
                        pairs,
                        () ->
                                job(
                                        "fraud-detection",
                                        null,
                                        "file",
                                        concat(kafka(TX_TOPIC), checkpointed)),
                        () -> readParse("transactions", kafka(TX_TOPIC)),
                        null,
                        out -> verifyFraud(out));
        Measure kafkaTotals =
                row(
                        md,
                        "user-totals (keyed state, upsert per event, discarded)",
                        pairs,
                        () ->
                                job(
                                        "user-totals",
                                        null,
                                        "discard",
                                        concat(kafka(EC_TOPIC), checkpointed)),
                        () -> readParse("ecommerce", kafka(EC_TOPIC)),
                        null,
                        null);

        // Sliding windows against tumbling windows of the same size, same job otherwise.
        List<Double> slidingCost = new ArrayList<>(), slidingCpu = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Measure s = job("transaction-analytics", tx, "discard", file).measure;
            Measure t =
                    measured(
                                    "tumbling",
                                    null,
                                    () ->
                                            command(
                                                    new TumblingLocationStats(),
                                                    "--source",
                                                    "file",
                                                    "--input",
                                                    tx.toString(),
                                                    "--sink",
                                                    "discard",
                                                    "--parallelism",
                                                    "2",
                                                    "--checkpoint-interval",
                                                    "10s"))
                            .measure;
            slidingCost.add(t.rate() / s.rate());
            slidingCpu.add(s.cpuPerMillion() / t.cpuPerMillion());
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nSliding 5 min / 1 min vs tumbling 5 min (transaction-analytics,"
                                + " discarding sink): time per event %s, CPU per event %s.%n",
                        ratio(slidingCost),
                        ratio(slidingCpu)));

        // Checkpointing on vs off, the same job and discarding sink.
        List<Double> overhead = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Measure on = job("transaction-analytics", tx, "discard", file).measure;
            Measure off =
                    job(
                                    "transaction-analytics",
                                    tx,
                                    "discard",
                                    "--source",
                                    "file",
                                    "--parallelism",
                                    "2",
                                    "--checkpoint-interval",
                                    "0",
                                    "--delivery-guarantee",
                                    "NONE")
                            .measure;
            overhead.add(on.rate() / off.rate());
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nCheckpointing every 10 s vs off (transaction-analytics, discarding"
                                + " sink): throughput ratio %s.%n",
                        ratio(overhead)));

        md.append(
                String.format(
                        Locale.ROOT,
                        "%n## Latency at half the maximum rate%n%nThe pre-loaded topic replayed"
                            + " with `--max-rate` at half the pipeline's median events/s from Kafka"
                            + " above (both partitions at a steady pace), print sink, checkpoints"
                            + " every 10 s, periodic watermarks (200 ms). Latency: from the"
                            + " scheduled arrival of the event that lets the watermark close the"
                            + " result (window end + watermark delay; the event itself for"
                            + " per-event outputs) to the result's printing; results closed by the"
                            + " end of the input are left out. State: the last completed checkpoint"
                            + " of that run.%n%n"));
        md.append(
                "| pipeline | input events/s | results sampled | p50 ms | p99 ms | max ms |"
                        + " checkpoint | keys | bytes per key |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        latencyRow(
                md,
                "transaction-analytics",
                TX_TOPIC,
                kafkaSliding,
                "window_end",
                Duration.ofMinutes(10),
                1,
                distinctKeys(t -> t.location));
        latencyRow(
                md,
                "category-analytics",
                TX_TOPIC,
                kafkaTumbling,
                "window_end",
                Duration.ofMinutes(10),
                1,
                distinctKeys(t -> t.category + "|" + t.location));
        latencyRow(md, "fraud-detection", TX_TOPIC, kafkaFraud, "timestamp", Duration.ZERO, 50, 0);
        latencyRow(
                md,
                "user-totals",
                EC_TOPIC,
                kafkaTotals,
                "last_activity",
                Duration.ZERO,
                200,
                distinctCommerceUsers());
        return md.toString();
    }

    /**
     * Spark's update and complete modes next to append, the same job and input, pairs in turn: time
     * per event of each against append's (above 1 = slower). Early rows are computed from the panes
     * at each trigger, so their cost is per trigger and key, not per event.
     */
    String outputModes(Path tx, int pairs) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Output modes: update and complete next to append\n\n")
                .append(machine())
                .append('\n');
        md.append(
                String.format(
                        Locale.ROOT,
                        "Input: %,d transactions, 2 JSON-lines files, %s. transaction-analytics"
                            + " (sliding 5 min / 1 min), MiniCluster, parallelism 2, checkpoints"
                            + " every 10 s, discarding sink, %d pairs in turn.%n%n",
                        events,
                        size(tx),
                        pairs));
        md.append(
                "| mode | trigger | events/s (median) | time per event vs append (median, min-max)"
                        + " | CPU per event vs append |\n");
        md.append("|---|---|---:|---|---|\n");
        String[] file = {"--source", "file", "--parallelism", "2", "--checkpoint-interval", "10s"};
        String[][] variants = {{"update", "10s"}, {"update", "1s"}, {"complete", "10s"}};
        List<Double> appendRates = new ArrayList<>();
        for (String[] v : variants) {
            List<Double> time = new ArrayList<>(),
                    cpu = new ArrayList<>(),
                    rates = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Measure append = job("transaction-analytics", tx, "discard", file).measure;
                Measure mode =
                        job(
                                        "transaction-analytics",
                                        tx,
                                        "discard",
                                        concat(
                                                file,
                                                new String[] {
                                                    "--output-mode", v[0], "--trigger", v[1]
                                                }))
                                .measure;
                appendRates.add(append.rate());
                rates.add(mode.rate());
                time.add(append.rate() / mode.rate());
                cpu.add(mode.cpuPerMillion() / append.cpuPerMillion());
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %,.0f | %s | %s |%n",
                            v[0],
                            v[1],
                            median(rates),
                            ratio(time),
                            ratio(cpu)));
        }
        md.append(
                String.format(
                        Locale.ROOT, "| append | - | %,.0f | 1 | 1 |%n", median(appendRates)));
        return md.toString();
    }

    private static final String TX_TOPIC = "bench-transactions";
    private static final String EC_TOPIC = "bench-ecommerce";

    private void latencyRow(
            StringBuilder md,
            String job,
            String topic,
            Measure max,
            String dueField,
            Duration delay,
            int sampleEvery,
            long keys)
            throws Exception {
        double rate = Math.round(max.rate() / 2 / 1000) * 1000.0;
        LatencyRun.Outcome o =
                LatencyRun.run(
                        cluster,
                        job,
                        kafka(topic),
                        rate,
                        events,
                        dueField,
                        delay.toMillis(),
                        sampleEvery);
        String perKey =
                keys > 0 && o.checkpointBytes() > 0
                        ? String.format(Locale.ROOT, "%,d", o.checkpointBytes() / keys)
                        : "-";
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %s | %,.0f | %,d | %.0f | %.0f | %.0f | %s | %s | %s |%n",
                        job,
                        rate,
                        o.samples(),
                        o.p50(),
                        o.p99(),
                        o.max(),
                        o.checkpointBytes() < 0
                                ? "-"
                                : String.format(Locale.ROOT, "%,d B", o.checkpointBytes()),
                        keys > 0 ? String.valueOf(keys) : "-",
                        perKey));
        System.out.println("done: latency " + job);
    }

    private long distinctKeys(java.util.function.Function<Transaction, String> key) {
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        Set<String> keys = new HashSet<>();
        for (long i = 0; i < Math.min(events, 100_000); i++) keys.add(key.apply(gen.event(i)));
        return keys.size();
    }

    private long distinctCommerceUsers() {
        var gen =
                new dev.flinkrecipes.commerce.CommerceEventGenerator(
                        7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        Set<String> users = new HashSet<>();
        for (long i = 0; i < Math.min(events, 100_000); i++) users.add(gen.event(i).userId);
        return users.size();
    }

    private static void command(Object command, String... args) {
        if (new CommandLine(command).execute(args) != 0)
            throw new IllegalStateException(command.getClass().getSimpleName() + " failed");
    }

    /** One job run, measured, with its output folder. */
    record Result(Measure measure, Path output) {}

    interface RunOnce {
        Result run() throws Exception;
    }

    private Measure row(
            StringBuilder md,
            String name,
            int pairs,
            RunOnce pipeline,
            RunOnce readParse,
            RunOnce baseline,
            Consumer<Path> verify)
            throws Exception {
        List<Measure> runs = new ArrayList<>();
        List<Double> vsInput = new ArrayList<>(), vsBaseline = new ArrayList<>();
        String checked = verify == null ? "-" : "";
        for (int i = 0; i < pairs; i++) {
            Result r = pipeline.run();
            if (verify != null && i == 0) {
                verify.accept(r.output());
                checked = "yes";
            }
            deleteOutput(r);
            runs.add(r.measure());
            vsInput.add(r.measure().rate() / readParse.run().measure().rate());
            if (baseline != null)
                vsBaseline.add(r.measure().rate() / baseline.run().measure().rate());
        }
        runs.sort(Comparator.comparingDouble(Measure::rate));
        Measure median = runs.get(runs.size() / 2);
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %s | %,.0f | %.2f | %s | %s | %s |%n",
                        name,
                        median.rate(),
                        median.cpuPerMillion(),
                        ratio(vsInput),
                        baseline == null ? "-" : ratio(vsBaseline),
                        checked));
        System.out.println("done: " + name);
        return median;
    }

    private static void deleteOutput(Result r) throws IOException {
        if (r.output() != null && Files.exists(r.output())) {
            try (Stream<Path> files = Files.walk(r.output())) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static String ratio(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "%.2f (%.2f-%.2f)",
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private Result job(String job, Path input, String sink, String... options) throws Exception {
        Path out = work.resolve(job + "-" + System.nanoTime());
        List<String> args =
                new ArrayList<>(List.of(job, "--sink", sink, "--output", out.toString()));
        if (input != null) args.addAll(List.of("--input", input.toString()));
        args.addAll(List.of(options));
        return measured(
                job,
                out,
                () -> {
                    if (Main.run(args.toArray(String[]::new)) != 0)
                        throw new IllegalStateException(job + " failed");
                });
    }

    private Result readParse(Path input, String records) throws Exception {
        return readParse(records, "--source", "file", "--input", input.toString());
    }

    private Result readParse(String records, String... source) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--records",
                                records,
                                "--sink",
                                "discard",
                                "--parallelism",
                                "2",
                                "--checkpoint-interval",
                                "10s"));
        args.addAll(List.of(source));
        return measured(
                "read+parse",
                null,
                () -> command(new ReadParseOnly(), args.toArray(String[]::new)));
    }

    /**
     * Options reading a pre-loaded topic to its end, from the start, as a consumer group of its
     * own.
     */
    private String[] kafka(String topic) {
        return new String[] {
            "--source",
            "kafka",
            "--bootstrap-servers",
            bootstrapServers,
            "--input-topic",
            topic,
            "--bounded",
            "--starting-offsets",
            "earliest",
            "--group-id",
            "bench-" + System.nanoTime()
        };
    }

    private String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Result baseline(Path input, boolean sliding) throws Exception {
        return measured(
                "baseline",
                null,
                () -> {
                    Configuration conf = new Configuration();
                    conf.set(
                            PipelineOptions.GENERIC_TYPES,
                            true); // a first job does not turn Kryo off
                    StreamExecutionEnvironment env =
                            StreamExecutionEnvironment.getExecutionEnvironment(conf);
                    env.setParallelism(2);
                    env.enableCheckpointing(10_000, CheckpointingMode.EXACTLY_ONCE);
                    if (sliding) Baselines.sliding(env, input);
                    else Baselines.tumblingDistinct(env, input);
                    env.execute("baseline");
                });
    }

    interface Body {
        void run() throws Exception;
    }

    private Result measured(String name, Path out, Body body) throws Exception {
        Set<JobID> before = new HashSet<>();
        for (JobStatusMessage j : cluster.listJobs().get()) before.add(j.getJobId());
        double cpu0 = cpuSeconds();
        body.run();
        double cpu = cpuSeconds() - cpu0;
        JobID id =
                cluster.listJobs().get().stream()
                        .map(JobStatusMessage::getJobId)
                        .filter(j -> !before.contains(j))
                        .findFirst()
                        .orElseThrow();
        long net = cluster.requestJobResult(id).get().getNetRuntime();
        return new Result(new Measure(name, events, net, cpu), out);
    }

    /** CPU time of this process (every thread, the local cluster's too). */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    // ---- results checked against the input (computed here from the generator, not from the jobs'
    // code) ----

    private List<JsonNode> results(Path out) {
        try {
            return JsonlFiles.readCommitted(out.resolve("results"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void verifySliding(Path out) {
        long windows =
                results(out).stream().mapToLong(r -> r.get("transaction_count").asLong()).sum();
        check(
                windows == 5 * events,
                "sliding windows hold each event 5 times: " + windows + " vs " + 5 * events);
    }

    private void verifyTumbling(Path out) {
        List<JsonNode> rows = results(out);
        long count = rows.stream().mapToLong(r -> r.get("transaction_count").asLong()).sum();
        double revenue = rows.stream().mapToDouble(r -> r.get("total_revenue").asDouble()).sum();
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        double expected = 0;
        for (long i = 0; i < events; i++) expected += gen.event(i).amount;
        check(count == events, "tumbling windows count every event once: " + count);
        check(
                Math.abs(revenue - expected) < 0.01 * rows.size() + 1e-6 * expected,
                "revenue " + revenue + " vs " + expected);
    }

    private void verifyFraud(Path out) {
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        long expected = 0;
        for (long i = 0; i < events; i++) {
            Transaction t = gen.event(i);
            if (t.amount > 3000 || ("Electronics".equals(t.category) && t.amount > 1000))
                expected++;
        }
        long alerts = results(out).size();
        check(alerts == expected, "fraud alerts " + alerts + " vs " + expected);
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("benchmark result wrong: " + what);
        System.out.println("checked: " + what);
    }

    // ---- the machine and the input ----

    private static String machine() throws IOException {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu =
                    lines.filter(l -> l.startsWith("model name"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .findFirst()
                            .orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        return String.format(
                Locale.ROOT,
                "Machine: %s, %d cores, %d MB max heap, Java %s, %s.%n",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                Instant.now());
    }

    private static String size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long bytes =
                    files.filter(f -> f.toString().endsWith(".jsonl"))
                            .mapToLong(f -> f.toFile().length())
                            .sum();
            return String.format(Locale.ROOT, "%s %.0f MB", dir.getFileName(), bytes / 1e6);
        }
    }
}
