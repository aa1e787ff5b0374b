package dev.flinkrecipes.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Two builds of the parser in one JVM, each in a class loader of its own, measured in alternating
 * half-second rounds ({@link ParserRound}): on a shared machine whose speed drifts by tens of per
 * cent, separate runs cannot show a 10% change, alternating rounds can. {@code bench/parser-ab <git
 * revision>} builds the revision and compares it (A) with the working tree (B).
 *
 * <p>Arguments: classes A, classes B, the test classes (this class, the generator's inputs), the
 * dependencies' class path, rounds, and {@code parse} (strings in memory, the default) or {@code
 * read-parse} (a file through the jobs' file format, then the parser: {@link ReadParseRound}).
 */
public final class ParserAB {
    private ParserAB() {}

    public static void main(String[] args) throws Exception {
        Class<?> round =
                args.length > 5 && args[5].equals("read-parse")
                        ? ReadParseRound.class
                        : ParserRound.class;
        LongSupplier[] builds = new LongSupplier[2];
        for (int k = 0; k < 2; k++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(args[k]).toUri().toURL());
            urls.add(Path.of(args[2]).toUri().toURL());
            for (String p : args[3].split(":")) {
                if (!p.isEmpty()) urls.add(Path.of(p).toUri().toURL());
            }
            ClassLoader loader =
                    new URLClassLoader(
                            urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            builds[k] =
                    (LongSupplier) loader.loadClass(round.getName()).getConstructor().newInstance();
        }
        for (int warmUp = 0; warmUp < 6; warmUp++) {
            builds[0].getAsLong();
            builds[1].getAsLong();
        }
        int rounds = Integer.parseInt(args[4]);
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // alternate which build goes first, so neither always runs on a hotter machine
            long ra, rb;
            if (r % 2 == 0) {
                ra = builds[0].getAsLong();
                rb = builds[1].getAsLong();
            } else {
                rb = builds[1].getAsLong();
                ra = builds[0].getAsLong();
            }
            a.add(ra);
            b.add(rb);
            ratios.add((double) rb / ra);
        }
        Collections.sort(a);
        Collections.sort(b);
        Collections.sort(ratios);
        System.out.printf(
                Locale.ROOT,
                "A (%s): median %,d records/s%nB (%s): median %,d records/s%n"
                        + "B / A per round: median %.3f (min %.3f, max %.3f, %d rounds)%n",
                args[0],
                a.get(rounds / 2),
                args[1],
                b.get(rounds / 2),
                ratios.get(rounds / 2),
                ratios.get(0),
                ratios.get(rounds - 1),
                rounds);
    }
}
