package dev.flinkrecipes.transactions;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import dev.flinkrecipes.testing.UniqueRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An upgrade through a savepoint: user-spending runs on a watched folder, its 10-minute windows
 * half full, and is stopped with a savepoint. Version 2 of the job, with a new operator, resumes
 * from it; more input arrives and closes the windows. Each window's totals must include the events
 * from before the upgrade, exactly: the window state survived, and no file was read twice.
 */
class SavepointUpgradeTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    @TempDir Path dir;

    /**
     * Version 2 of user-spending: the same job with one new operator (its own uid) before the
     * windows.
     */
    @Command(name = "user-spending")
    static final class UserSpendingV2 implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin JobOptions options = new JobOptions("transactions", "user_spending");

        @Override
        public Integer call() throws Exception {
            StreamJob job = StreamJob.create(spec, options);
            StreamExecutionEnvironment env = job.env();
            JobIO.NamedSource in = job.source(TransactionGenerator::new);
            DataStream<RawRecord> records =
                    in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
            DataStream<Transaction> transactions =
                    job.parseWithEventTime(
                                    records,
                                    TransactionParser.requiring(UserSpendingJob.REQUIRED),
                                    Transaction.class,
                                    (t, previous) -> t.timestamp,
                                    UserSpendingJob.WATERMARK_DELAY)
                            .filter(t -> t.amount >= 0)
                            .uid("v2-sanity-filter")
                            .name("New in v2: sanity filter");
            DataStream<UserSpending> totals = UserSpendingJob.spendingPerUser(job, transactions);
            var results = job.resultsSink(totals.getType(), s -> s.userId);
            results.uidAndName(job.countResults(totals, "windowResults").sinkTo(results.sink()));
            job.execute();
            return 0;
        }
    }

    @Test
    void windowStateSurvivesAnUpgradeThroughASavepoint(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        List<Txn> before =
                List.of(
                        txn("a1", "user_1", 1000, 1),
                        txn("a2", "user_1", 250, 2),
                        txn("a3", "user_2", 4200, 3),
                        txn("a4", "user_3", 990, 4));
        List<Txn> after =
                List.of(
                        txn("b1", "user_1", 105, 6),
                        txn("b2", "user_2", 1, 7),
                        txn(
                                "b3", "user_4", 5000,
                                25)); // moves the watermark past 10:10: the first windows fire
        List<String> linesBefore = new ArrayList<>(before.stream().map(Txn::json).toList());
        linesBefore.add("not json: proves the whole file was read once it reaches the DLQ");
        JsonlFiles.write(in.resolve("part-1.jsonl"), linesBefore);

        String[] args =
                FileToFileRun.watching("user-spending", in, out, "500ms", "--parallelism", "1");

        CompletableFuture<Integer> v1 = CompletableFuture.supplyAsync(() -> Main.run(args));
        Await.until(
                "v1 read its input and checkpointed",
                () -> !committed(out.resolve("dlq")).isEmpty());
        JobID v1Id = Await.runningJob(client);
        String savepoint =
                client.stopWithSavepoint(
                                v1Id,
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        assertThat(v1.get()).isZero();
        assertThat(committed(out.resolve("results")))
                .as("no window has closed before the upgrade")
                .isEmpty();

        // Version 2, restored from the savepoint; the second file arrives while it runs.
        List<String> v2Args = new ArrayList<>(List.of(args));
        v2Args.addAll(List.of("--conf", "execution.state-recovery.path=" + savepoint));
        CommandLine v2 = new CommandLine(new UserSpendingV2());
        CompletableFuture<Integer> v2Run =
                CompletableFuture.supplyAsync(
                        () -> v2.execute(v2Args.subList(1, v2Args.size()).toArray(String[]::new)));
        Await.runningJob(client);
        JsonlFiles.write(in.resolve("part-2.jsonl"), after.stream().map(Txn::json).toList());

        Map<String, String> expected = new TreeMap<>();
        expected.put("user_1", "3 13.55"); // 10.00 + 2.50 before the upgrade, 1.05 after
        expected.put("user_2", "2 42.01"); // 42.00 before, 0.01 after
        expected.put("user_3", "1 9.9"); // before only
        Await.until(
                "v2 closed the windows",
                () -> committed(out.resolve("results")).size() >= expected.size());
        List<JsonNode> rows = committed(out.resolve("results"));
        assertThat(rows)
                .extracting(r -> r.get("window_start").asText())
                .containsOnly("2024-01-15T10:00:00Z");
        assertThat(
                        UniqueRows.byKey(
                                rows,
                                r -> r.get("user_id").asText(),
                                r ->
                                        r.get("transaction_count").asLong()
                                                + " "
                                                + r.get("total_spent")
                                                        .decimalValue()
                                                        .toPlainString()))
                .isEqualTo(expected);
        assertThat(committed(out.resolve("dlq")))
                .as("the first file was not read again")
                .hasSize(1);

        client.cancel(Await.runningJob(client)).get();
        v2Run.join();
    }

    private static Txn txn(String id, String user, long cents, int minute) {
        return new Txn(id, user, cents, "Amazon", "Gas", T0 + minute * MIN, "Madrid");
    }

    /** For polling conditions, which cannot throw: a failed read fails the test. */
    private static List<JsonNode> committed(Path folder) {
        try {
            return JsonlFiles.readCommitted(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
