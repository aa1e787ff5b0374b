package dev.flinkrecipes.echo;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * The document's test messages: {@code {"key": "sensor3", "value": "temperature:25"}}, keyed by
 * key.
 */
public final class EchoMessageGenerator extends JsonEventGenerator<EchoMessage> {
    private static final long serialVersionUID = 1L;

    public EchoMessageGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected EchoMessage event(long index, SplittableRandom r, long timestamp) {
        return new EchoMessage(
                "sensor" + (1 + r.nextInt(5)), "temperature:" + (15 + r.nextInt(20)));
    }

    @Override
    protected String keyOf(EchoMessage m) {
        return m.key;
    }
}
