package dev.flinkrecipes.bench;

import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.transactions.TransactionGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's inputs: seeded JSON-lines files, one per slot, event time ascending in each file
 * (file k holds events k, k + slots, k + 2 slots...). Made once and reused while their size
 * matches.
 */
final class BenchInputs {
    static final long START = Instant.parse("2024-01-15T00:00:00Z").toEpochMilli();

    /** 100 events per second of event time: 5 M events are about 14 hours. */
    static final double EVENTS_PER_SECOND = 100;

    private BenchInputs() {}

    /**
     * {@code BenchInputs <folder> <events>}: the transactions input alone (bench/spark-vs-flink
     * uses it).
     */
    public static void main(String[] args) throws IOException {
        System.out.println(transactions(Path.of(args[0]), Long.parseLong(args[1]), 2));
    }

    static Path transactions(Path root, long events, int slots) throws IOException {
        return make(
                root.resolve("transactions-" + events),
                events,
                slots,
                new TransactionGenerator(7, START, EVENTS_PER_SECOND));
    }

    static Path commerceEvents(Path root, long events, int slots) throws IOException {
        return make(
                root.resolve("ecommerce-" + events),
                events,
                slots,
                new CommerceEventGenerator(7, START, EVENTS_PER_SECOND));
    }

    private static Path make(Path dir, long events, int slots, EventGenerator gen)
            throws IOException {
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) return dir;
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        write(gen, dir, "part", 0, events, slots);
        Files.createFile(done);
        System.out.printf(
                "generated %,d events in %s (%.1f s)%n",
                events, dir, (System.nanoTime() - t0) / 1e9);
        return dir;
    }

    /**
     * Events [from, to) of {@code gen} in {@code slots} files {@code <prefix>-<k>.jsonl} (file k
     * holds events from + k, from + k + slots...: event time ascending in each).
     */
    static List<Path> write(
            EventGenerator gen, Path dir, String prefix, long from, long to, int slots)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < slots; k++) {
            Path file = dir.resolve(prefix + "-" + k + ".jsonl");
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (long i = from + k; i < to; i += slots) {
                    out.write(gen.line(i));
                    out.newLine();
                }
            }
            files.add(file);
        }
        return files;
    }
}
