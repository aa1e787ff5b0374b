package dev.flinkrecipes.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.RunningJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invoices dropped into a watched folder: every line item exactly once across an injected failure
 * with files arriving before and during the outage; input files archived only once their items are
 * committed; a file that arrives while the job is stopped is read when it is resumed from its
 * savepoint.
 */
class InvoicesJobTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir Path dir;
    private final Random random = new Random(17);
    private int nextInvoice = 1000;

    /**
     * Writes a file of invoices (atomically, as the simulator does) and returns "invoice|item" of
     * its items.
     */
    private Set<String> drop(Path folder, String name, int invoices, boolean withMalformedLine)
            throws Exception {
        Set<String> items = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            String number = String.valueOf(nextInvoice++);
            StringBuilder json =
                    new StringBuilder(
                            "{\"InvoiceNumber\":\""
                                    + number
                                    + "\",\"CreatedTime\":1595688900348,"
                                    + "\"StoreID\":\"STR1\",\"PosID\":\"POS2\",\"CashierID\":\"C\",\"CustomerType\":\"PRIME\",\"PaymentMethod\":\"CARD\","
                                    + "\"DeliveryType\":\""
                                    + (i % 2 == 0 ? "TAKEAWAY" : "HOME-DELIVERY")
                                    + "\",");
            if (i % 2 == 1)
                json.append(
                        "\"DeliveryAddress\":{\"AddressLine\":\"x\",\"City\":\"Pune\",\"State\":\"MH\",\"PinCode\":\"411001\"},");
            json.append("\"InvoiceLineItems\":[");
            int n = 1 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                json.append(k > 0 ? "," : "")
                        .append("{\"ItemCode\":\"")
                        .append(100 + k)
                        .append(
                                "\",\"ItemDescription\":\"Lamp\","
                                        + "\"ItemPrice\":10.5,\"ItemQty\":2,\"TotalValue\":21.0}");
                items.add(number + "|" + (100 + k));
            }
            lines.add(json.append("]}").toString());
            if (withMalformedLine && i == invoices / 2) lines.add("{\"InvoiceNumber\":\"broken\",");
        }
        Path hidden = folder.resolve("." + name);
        Files.write(hidden, lines, StandardCharsets.UTF_8);
        Files.move(hidden, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return items;
    }

    private static Set<String> archived(Path archive) throws Exception {
        if (!Files.isDirectory(archive)) return Set.of();
        try (Stream<Path> files = Files.list(archive)) {
            return new HashSet<>(files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void everyLineItemOnceAcrossAFailureAndFilesArchivedOnlyAfterCommit(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path archive = dir.resolve("archive");
        Path out = dir.resolve("out");
        Map<String, Set<String>> itemsByFile = new HashMap<>();
        itemsByFile.put("Invoice-1.json", drop(in, "Invoice-1.json", 40, true));
        itemsByFile.put("Invoice-2.json", drop(in, "Invoice-2.json", 40, false));
        int failuresBefore = FailureInjector.FAILURES.get();

        try (RunningJob job =
                RunningJob.start(
                        client,
                        "invoices",
                        "--input",
                        in.toString(),
                        "--watch",
                        "200ms",
                        "--output",
                        out.toString(),
                        "--checkpoint-interval",
                        "500ms",
                        "--parallelism",
                        "2",
                        "--after-commit",
                        "archive",
                        "--archive-dir",
                        archive.toString(),
                        "--max-files-per-cycle",
                        "1",
                        "--inject-failure-after",
                        "50")) {
            for (int f = 3; f <= 6; f++) { // arriving while the job runs, fails and restarts
                itemsByFile.put(
                        "Invoice-" + f + ".json", drop(in, "Invoice-" + f + ".json", 30, false));
                // One drop per checkpoint: the drops are spread over the run, around the failure.
                Checkpoints.awaitMore(client, job.id(), 1);
            }
            Set<String> expected = new HashSet<>();
            itemsByFile.values().forEach(expected::addAll);

            Set<String> archivedNow = new HashSet<>(), committedNow = new HashSet<>();
            Await.untilChecked(
                    "every file archived and every item committed",
                    Duration.ofSeconds(60),
                    () -> {
                        // Read the archive first: a file seen archived must already have all its
                        // items committed.
                        archivedNow.clear();
                        archivedNow.addAll(archived(archive));
                        committedNow.clear();
                        JsonlFiles.readCommitted(out.resolve("results"))
                                .forEach(
                                        r ->
                                                committedNow.add(
                                                        r.get("InvoiceNumber").asText()
                                                                + "|"
                                                                + r.get("ItemCode").asText()));
                        for (String file : archivedNow) {
                            assertThat(committedNow)
                                    .as("items of archived %s", file)
                                    .containsAll(itemsByFile.get(file));
                        }
                        return archivedNow.size() == itemsByFile.size()
                                && committedNow.containsAll(expected);
                    },
                    () ->
                            "archived "
                                    + archivedNow
                                    + ", committed "
                                    + committedNow.size()
                                    + "/"
                                    + expected.size());
            job.assertRunning();
            assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                    .as("injected failures")
                    .isPositive();

            List<JsonNode> rows = JsonlFiles.readCommitted(out.resolve("results"));
            Map<String, Integer> seen = new HashMap<>();
            rows.forEach(
                    r ->
                            seen.merge(
                                    r.get("InvoiceNumber").asText()
                                            + "|"
                                            + r.get("ItemCode").asText(),
                                    1,
                                    Integer::sum));
            assertThat(seen.entrySet())
                    .as("line items written twice")
                    .filteredOn(e -> e.getValue() > 1)
                    .isEmpty();
            assertThat(seen.keySet()).isEqualTo(expected);
            assertThat(rows)
                    .allSatisfy(
                            r -> {
                                boolean delivered =
                                        r.get("DeliveryType").asText().equals("HOME-DELIVERY");
                                assertThat(r.get("City").isNull()).isEqualTo(!delivered);
                                assertThat(r.get("TotalValue").asDouble()).isEqualTo(21.0);
                            });
            try (Stream<Path> left = Files.list(in)) {
                assertThat(left.filter(f -> !f.getFileName().toString().startsWith(".")))
                        .as("inputs left")
                        .isEmpty();
            }
            assertThat(JsonlFiles.readCommitted(out.resolve("dlq")))
                    .singleElement()
                    .satisfies(d -> assertThat(d.get("file").asText()).endsWith("Invoice-1.json"));
        }
    }

    @Test
    void aFileThatArrivesWhileTheJobIsDownIsReadWhenItIsBack(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Set<String> first = drop(in, "a.json", 20, false);
        String[] args = {
            "invoices",
            "--input",
            in.toString(),
            "--watch",
            "200ms",
            "--output",
            out.toString(),
            "--checkpoint-interval",
            "300ms",
            "--parallelism",
            "1"
        };
        CompletableFuture<Integer> v1 = CompletableFuture.supplyAsync(() -> Main.run(args));
        awaitItems(out, first.size());
        String savepoint =
                client.stopWithSavepoint(
                                Await.runningJob(client),
                                false,
                                dir.resolve("sp").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        assertThat(v1.get()).isZero();

        Set<String> second = drop(in, "b.json", 20, false); // while no job runs
        List<String> resume = new ArrayList<>(List.of(args));
        resume.addAll(List.of("--conf", "execution.state-recovery.path=" + savepoint));
        CompletableFuture<Integer> v2 =
                CompletableFuture.supplyAsync(() -> Main.run(resume.toArray(String[]::new)));
        awaitItems(out, first.size() + second.size());
        Checkpoints.awaitMore(
                client, Await.runningJob(client), 3); // a re-read of a.json would show by then
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        List<JsonNode> rows = JsonlFiles.readCommitted(out.resolve("results"));
        assertThat(rows).hasSize(all.size());
        assertThat(rows)
                .extracting(r -> r.get("InvoiceNumber").asText() + "|" + r.get("ItemCode").asText())
                .containsExactlyInAnyOrderElementsOf(all);
        client.cancel(Await.runningJob(client)).get();
        v2.join();
    }

    private static void awaitItems(Path out, int n) throws Exception {
        Await.untilChecked(
                n + " items committed",
                Duration.ofSeconds(60),
                () -> JsonlFiles.readCommitted(out.resolve("results")).size() >= n,
                () -> "");
    }
}
