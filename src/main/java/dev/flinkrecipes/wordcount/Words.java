package dev.flinkrecipes.wordcount;

import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits lines into words on any whitespace (spaces, tabs, Unicode spaces), like Spark's {@code
 * split(value, " ")} but without empty words. By default a word is kept as written (Spark's
 * behaviour: "Mancha," and "mancha" differ); {@code --case lower} folds case and {@code
 * --punctuation strip} removes punctuation at either end of a word ("¡Hola!" is "Hola", "don't"
 * stays whole).
 */
public final class Words implements FlatMapFunction<String, String> {
    private static final Pattern WHITESPACE = Pattern.compile("(?U)\\s+");
    private static final Pattern EDGE_PUNCTUATION =
            Pattern.compile("(?U)^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    /** How letter case is treated. */
    public enum Case {
        keep,
        lower
    }

    /** How punctuation at the ends of words is treated. */
    public enum Punctuation {
        keep,
        strip
    }

    private final Case letterCase;
    private final Punctuation punctuation;

    public Words(Case letterCase, Punctuation punctuation) {
        this.letterCase = letterCase;
        this.punctuation = punctuation;
    }

    @Override
    public void flatMap(String line, Collector<String> out) {
        for (String token : WHITESPACE.split(line)) {
            String word =
                    punctuation == Punctuation.strip
                            ? EDGE_PUNCTUATION.matcher(token).replaceAll("")
                            : token;
            if (word.isEmpty()) continue;
            out.collect(letterCase == Case.lower ? word.toLowerCase(Locale.ROOT) : word);
        }
    }
}
