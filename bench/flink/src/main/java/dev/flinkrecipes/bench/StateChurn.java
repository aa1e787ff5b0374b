package dev.flinkrecipes.bench;

import dev.flinkrecipes.testing.Await;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * bench/state-churn's run: {@code user-totals} with a state TTL over users that come and go ({@link
 * ScaleUsersGenerator#churning}), read at a steady rate ({@code --max-rate}) so that processing
 * time, which the TTL counts, passes as in production, for {@code --minutes}. Every checkpoint
 * (size of the whole state, size uploaded, duration) goes to {@code --checkpoints} (TSV), with the
 * number of users seen so far: the state without a TTL.
 *
 * <pre>
 * StateChurn --backend rocksdb|hashmap [--minutes 20] [--rate 20000] [--window 200000]
 *     [--every 10] [--ttl 2min] [--data bench/data] [--checkpoints FILE.tsv]
 * </pre>
 */
final class StateChurn {
    public static void main(String[] args) throws Exception {
        Map<String, String> o =
                new LinkedHashMap<>(
                        Map.of(
                                "--minutes", "20",
                                "--rate", "20000",
                                "--window", "200000",
                                "--every", "10",
                                "--ttl", "2min",
                                "--data", "bench/data",
                                "--checkpoints", "bench/data/state-churn/checkpoints.tsv"));
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i], args[i + 1]);
        String backend = o.get("--backend");
        double minutes = Double.parseDouble(o.get("--minutes"));
        long rate = Long.parseLong(o.get("--rate"));
        long window = Long.parseLong(o.get("--window"));
        long every = Long.parseLong(o.get("--every"));
        // A little more input than the run reads: it must not run dry before the end.
        long events = (long) (rate * minutes * 60 * 1.1);
        Path input = BenchInputs.churningUsers(Path.of(o.get("--data")), window, every, events, 2);
        Path work = Path.of(o.get("--data")).resolve("state-churn").resolve(backend);
        StateScale.deleteRecursively(work);
        MiniCluster cluster = StateScale.startCluster(work, "1g");
        try {
            StateScale bench = new StateScale(cluster, StateScale.Job.USER_TOTALS);
            StateScale.Started job =
                    bench.start(
                            List.of(
                                    "user-totals",
                                    "--source",
                                    "file",
                                    "--input",
                                    input.toString(),
                                    "--max-rate",
                                    Long.toString(rate),
                                    "--sink",
                                    "discard",
                                    "--parallelism",
                                    "2",
                                    "--checkpoint-interval",
                                    "10s",
                                    "--state-backend",
                                    backend,
                                    "--state-ttl",
                                    o.get("--ttl"),
                                    "--quiet"));
            long running = bench.allRunning(job.id(), Long.MAX_VALUE);
            long end = running + (long) (minutes * 60_000);
            while (System.currentTimeMillis() < end) {
                long sample = Math.min(60_000, Math.max(1, end - System.currentTimeMillis()));
                Await.untilNanoTime("the next sample", System.nanoTime() + sample * 1_000_000);
                List<CompletedCheckpointStats> cps = bench.completed(job.id());
                if (!cps.isEmpty()) {
                    var last = cps.get(cps.size() - 1);
                    System.out.printf(
                            "%.0f s: checkpoint %d, state %s MB%n",
                            (last.getTriggerTimestamp() - running) / 1000.0,
                            last.getCheckpointId(),
                            StateScale.mb(last.getStateSize()));
                }
            }
            StateScale.writeCheckpoints(
                    Path.of(o.get("--checkpoints")),
                    backend + " ttl " + o.get("--ttl") + " rate " + rate,
                    window,
                    running,
                    bench.completed(job.id()));
            bench.stop(job);
        } finally {
            TestStreamEnvironment.unsetAsContext();
            cluster.close();
        }
        System.out.println("users seen by t seconds: " + window + " + t * " + rate + " / " + every);
        System.exit(0); // a cancelled job's client threads must not keep the JVM
    }
}
