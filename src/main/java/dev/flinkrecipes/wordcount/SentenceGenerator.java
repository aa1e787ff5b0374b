package dev.flinkrecipes.wordcount;

import dev.flinkrecipes.core.io.SeededGenerator;
import java.util.SplittableRandom;

/**
 * Lines of 3-12 words drawn from the opening of Don Quijote, for trying the word count without a
 * socket.
 */
public final class SentenceGenerator extends SeededGenerator {
    private static final long serialVersionUID = 1L;
    static final String[] WORDS =
            ("En un lugar de la Mancha de cuyo nombre no quiero acordarme no ha mucho tiempo que"
                 + " vivía un hidalgo de los de lanza en astillero adarga antigua rocín flaco y"
                 + " galgo corredor")
                    .split(" ");

    public SentenceGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    public String line(long index) {
        SplittableRandom r = random(index);
        StringBuilder line = new StringBuilder();
        for (int i = 3 + r.nextInt(10); i > 0; i--)
            line.append(WORDS[r.nextInt(WORDS.length)]).append(i > 1 ? " " : "");
        return line.toString();
    }
}
