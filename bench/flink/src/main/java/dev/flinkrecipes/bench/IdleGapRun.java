package dev.flinkrecipes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.transactions.TransactionGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.client.program.MiniClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * transaction-analytics on a watched folder whose files come in two batches with a quiet gap
 * between them (the documents' streaming file source, files arriving now and then). Run once with
 * {@code --idle-timeout 0} (no idleness: the pre-aggregation stays on through the gap) and once
 * with an idle timeout shorter than the gap (the readers go idle; at parallelism 2 the
 * pre-aggregation forwards events one by one from then on, at parallelism 1 it goes on), pair by
 * pair. Measured for the second batch: wall time from its files' arrival until the source has read
 * them all, and the process's CPU-seconds meanwhile; the two runs' window rows are compared. {@code
 * bench/idle-gap [--events N] [--pairs P] [--gap-seconds G] [--parallelism 2]} writes
 * bench/results/idle-gap-&lt;date&gt;.md (-p1 with {@code --parallelism 1}).
 */
public final class IdleGapRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Phase(double wallSeconds, double cpuSeconds, Set<String> rows) {}

    private final MiniCluster cluster;
    private final long events; // per batch
    private final long gapMillis;
    private final int parallelism;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ClusterClient<?> client;

    IdleGapRun(MiniCluster cluster, long events, long gapMillis, int parallelism) {
        this.parallelism = parallelism;
        this.cluster = cluster;
        this.client = new MiniClusterClient(new Configuration(), cluster);
        this.events = events;
        this.gapMillis = gapMillis;
    }

    public static void main(String[] args) throws Exception {
        long events = 2_000_000;
        int pairs = 3;
        long gapSeconds = 6;
        int parallelism = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--pairs" -> pairs = Integer.parseInt(args[i + 1]);
                case "--gap-seconds" -> gapSeconds = Long.parseLong(args[i + 1]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println(
                            "idle-gap: unknown option "
                                    + args[i]
                                    + "; the options are --events, --pairs, --gap-seconds,"
                                    + " --parallelism");
                    System.exit(2);
                }
            }
        }
        Configuration conf = new Configuration();
        // the REST API's metrics, which tell when the sources have read a batch, fresh
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, java.time.Duration.ofMillis(100));
        MiniCluster cluster = Benchmark.startCluster(conf);
        Path work = Files.createTempDirectory("idle-gap");
        try {
            IdleGapRun run = new IdleGapRun(cluster, events, gapSeconds * 1000, parallelism);
            StringBuilder md = new StringBuilder();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "# Pre-aggregation after an idle gap (%s)%n%n"
                                    + "transaction-analytics (sliding 5 min / 1 min), parallelism"
                                    + " %d, checkpoints every 1 s, a watched folder (`--watch"
                                    + " 200ms`): %,d events in 2 files, then a %d s gap, then"
                                    + " %,d more in 2 files. Measured for the second batch, from"
                                    + " its arrival until the sources have read it all. Machine:"
                                    + " %d cores, Java %s.%n%n"
                                    + "| pair | no idleness (pre-aggregation on): wall s / CPU-s"
                                    + " | --idle-timeout 1s (idle in the gap): wall s /"
                                    + " CPU-s | same window rows |%n|---|---|---|---|%n",
                            Instant.now(),
                            parallelism,
                            events,
                            gapSeconds,
                            events,
                            Runtime.getRuntime().availableProcessors(),
                            System.getProperty("java.version")));
            List<Double> wallRatios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            for (int p = 1; p <= pairs; p++) {
                Phase on = run.once(work.resolve("on-" + p), "0");
                Phase off = run.once(work.resolve("off-" + p), "1s");
                boolean same = on.rows.equals(off.rows);
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %d | %.2f / %.2f | %.2f / %.2f | %s (%,d rows) |%n",
                                p,
                                on.wallSeconds,
                                on.cpuSeconds,
                                off.wallSeconds,
                                off.cpuSeconds,
                                same ? "yes" : "NO",
                                on.rows.size()));
                wallRatios.add(off.wallSeconds / on.wallSeconds);
                cpuRatios.add(off.cpuSeconds / on.cpuSeconds);
                System.out.print(md);
            }
            wallRatios.sort(null);
            cpuRatios.sort(null);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%nIdle in the gap / no idleness, median over the"
                                    + " pairs: wall %.2fx, CPU %.2fx.%n",
                            wallRatios.get(wallRatios.size() / 2),
                            cpuRatios.get(cpuRatios.size() / 2)));
            Path out =
                    Path.of("bench/results")
                            .resolve(
                                    "idle-gap-"
                                            + Instant.now().toString().substring(0, 10)
                                            + (parallelism == 2 ? "" : "-p" + parallelism)
                                            + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, md);
            System.out.println(md);
            System.out.println("written to " + out);
        } finally {
            TestStreamEnvironment.unsetAsContext();
            cluster.close();
        }
    }

    /** One run: the first batch, the gap, the second batch measured; then the job is cancelled. */
    Phase once(Path dir, String idleTimeout) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path out = dir.resolve("out");
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        List<Path> first = BenchInputs.write(gen, staging, "first", 0, events, 2);
        List<Path> second = BenchInputs.write(gen, staging, "second", events, 2 * events, 2);

        Thread job =
                new Thread(
                        () ->
                                Main.run(
                                        FileToFileRun.watching(
                                                "transaction-analytics",
                                                in,
                                                out,
                                                "1s",
                                                "--idle-timeout",
                                                idleTimeout,
                                                "--parallelism",
                                                String.valueOf(parallelism))),
                        "idle-gap-job");
        job.start();
        JobID id = Await.runningJob(client); // the runs before it are cancelled
        for (Path f : first)
            Files.move(f, in.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        awaitRead(id, events);
        Await.untilNanoTime("the end of the idle gap", System.nanoTime() + gapMillis * 1_000_000);
        double cpu0 = Benchmark.cpuSeconds();
        long t0 = System.nanoTime();
        for (Path f : second)
            Files.move(f, in.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        awaitRead(id, 2 * events);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = Benchmark.cpuSeconds() - cpu0;
        Checkpoints.awaitMore(client, id, 2); // they commit what the watermark closed
        cluster.cancelJob(id).get();
        job.join();
        // Windows closed by the second batch's watermark in both runs, the open ones left out.
        long lastEvent =
                BenchInputs.START
                        + (long) ((2 * events - 1) * 1000 / BenchInputs.EVENTS_PER_SECOND);
        long cut = lastEvent - 30 * 60_000;
        Set<String> rows = new TreeSet<>();
        for (JsonNode r : JsonlFiles.readCommitted(out.resolve("results"))) {
            if (Instant.parse(r.get("window_end").asText()).toEpochMilli() <= cut)
                rows.add(JSON.writeValueAsString(r));
        }
        return new Phase(wall, cpu, rows);
    }

    /** Until the job's sources have read {@code count} records (the REST API's operator metric). */
    private void awaitRead(JobID id, long count) throws Exception {
        // Await's 100 ms poll: the REST metric itself is refreshed every 100 ms (set in main), so
        // the wait is good to about 0.1 s either way
        Await.untilChecked(
                count + " records read by " + id,
                Duration.ofMinutes(10),
                () -> sourceRecords(id) >= count,
                () -> "");
    }

    /** The records the job's sources have emitted so far (0 while the metric is not there yet). */
    private double sourceRecords(JobID id) throws Exception {
        String base = client.getWebInterfaceURL() + "/jobs/" + id;
        String vertex = null;
        for (JsonNode v : JSON.readTree(get(base)).path("vertices")) {
            if (v.get("name").asText().startsWith("Source")) vertex = v.get("id").asText();
        }
        if (vertex == null) return 0;
        String metrics = base + "/vertices/" + vertex + "/subtasks/metrics";
        for (JsonNode m : JSON.readTree(get(metrics))) {
            String name = m.get("id").asText();
            if (name.startsWith("Source") && name.endsWith(".numRecordsOut")) {
                JsonNode sum = JSON.readTree(get(metrics + "?agg=sum&get=" + name));
                return sum.size() > 0 ? sum.get(0).get("sum").asDouble() : 0;
            }
        }
        return 0;
    }

    private String get(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
