package dev.flinkrecipes.bench;

import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.transactions.TransactionGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.stream.IntStream;

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

    /**
     * {@code events} e-commerce events over {@code users} distinct users ({@link
     * ScaleUsersGenerator}) in {@code files} files, written by as many threads as there are cores:
     * the state-scale benchmark's input (bench/state-scale), for both Flink and Spark.
     */
    static Path usersAtScale(Path root, long users, long events, int files) throws IOException {
        Path dir = root.resolve("users-" + users + "-events-" + events + "-files-" + files);
        return make(
                dir,
                events,
                files,
                () -> ScaleUsersGenerator.distinct(users, 7, START, EVENTS_PER_SECOND),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code windows} 5-minute windows of transactions with {@code usersPerWindow} distinct users
     * each ({@link UsersPerWindowGenerator}), in {@code slots} files written by as many threads as
     * there are cores: bench/state-scale's input for category-analytics. Every file spans all the
     * windows, so a job must read them with one reader per file (parallelism = slots), or it would
     * go back in event time.
     */
    static Path transactionsAtScale(Path root, long usersPerWindow, int windows, int slots)
            throws IOException {
        Path dir =
                root.resolve(
                        "transactions-users-per-window-"
                                + usersPerWindow
                                + "-windows-"
                                + windows
                                + "-files-"
                                + slots);
        return make(
                dir,
                usersPerWindow * windows,
                slots,
                () -> new UsersPerWindowGenerator(usersPerWindow, 7, START),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code events} e-commerce events with steady user churn ({@link
     * ScaleUsersGenerator#churning}) in {@code files} files: the input of bench/state-churn.
     */
    static Path churningUsers(Path root, long window, long eventsPerNewUser, long events, int files)
            throws IOException {
        Path dir =
                root.resolve(
                        "churn-" + window + "-every-" + eventsPerNewUser + "-events-" + events);
        return make(
                dir,
                events,
                files,
                () ->
                        ScaleUsersGenerator.churning(
                                window, eventsPerNewUser, 7, START, EVENTS_PER_SECOND),
                Runtime.getRuntime().availableProcessors());
    }

    private static Path make(Path dir, long events, int slots, EventGenerator gen)
            throws IOException {
        return make(dir, events, slots, () -> gen, 1);
    }

    /** Files of events from generators made by {@code gens}, one per thread. */
    private static Path make(
            Path dir, long events, int slots, Supplier<EventGenerator> gens, int threads)
            throws IOException {
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) return dir;
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(
                            () ->
                                    IntStream.range(0, slots)
                                            .parallel()
                                            .forEach(
                                                    k ->
                                                            writeSlot(
                                                                    gens.get(),
                                                                    dir.resolve(
                                                                            "part-" + k + ".jsonl"),
                                                                    k,
                                                                    events,
                                                                    slots)))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IOException("writing " + dir, e);
        } finally {
            pool.shutdown();
        }
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
            writeSlot(gen, file, from + k, to, slots);
            files.add(file);
        }
        return files;
    }

    /** Events first, first + step ... below {@code to} into {@code file}. */
    private static void writeSlot(EventGenerator gen, Path file, long first, long to, int step) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = first; i < to; i += step) {
                out.write(gen.line(i));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
