package dev.flinkrecipes.bench;

import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.transactions.TransactionParser;
import java.util.function.LongSupplier;

/**
 * Half a second of parsing generated transactions, as records per second: one round of {@link
 * ParserAB}, run in whichever class loader (and so whichever build of the parser) loaded it.
 */
public final class ParserRound implements LongSupplier {
    private final String[] lines = new String[4096];
    private final TransactionParser parser =
            TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED);
    private long sink; // keeps the results alive

    public ParserRound() {
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        for (int i = 0; i < lines.length; i++) lines[i] = gen.line(i);
    }

    @Override
    public long getAsLong() {
        long t0 = System.nanoTime();
        long n = 0;
        try {
            while (System.nanoTime() - t0 < 500_000_000L) {
                for (int k = 0; k < 1024; k++) {
                    sink += parser.parse(lines[(int) (n++ & (lines.length - 1))]).timestamp;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n * 1_000_000_000L / (System.nanoTime() - t0);
    }
}
