package dev.flinkrecipes.core.options;

import java.time.Duration;
import picocli.CommandLine.Option;

/** A job with event time: its watermarks, and where events behind them go. */
public final class EventTimeOptions implements OptionSection {
    @Option(
            names = "--idle-timeout",
            converter = DurationConverter.class,
            description =
                    "A source split with no events for this long stops holding back the watermark."
                            + " Default: ${DEFAULT-VALUE}.")
    public Duration idleTimeout = Duration.ofMinutes(1);

    @Option(
            names = "--watermark-emission",
            description =
                    "When watermarks are emitted: ${COMPLETION-CANDIDATES}. Default:"
                            + " ${DEFAULT-VALUE}.")
    public WatermarkEmission watermarkEmission = WatermarkEmission.periodic;

    @Option(
            names = "--max-future-skew",
            converter = DurationConverter.class,
            description =
                    "Records whose event time is further ahead of this machine's clock than this go"
                            + " to the dead letters: one record from a producer whose clock is"
                            + " hours ahead would move the watermark and make the on-time records"
                            + " after it late. 0 = off. Default: ${DEFAULT-VALUE} (off); e.g. 1h.")
    public Duration maxFutureSkew = Duration.ZERO;

    @Option(
            names = "--late-topic",
            description =
                    "Kafka topic for events behind the watermark. Default: <output-topic>.late.")
    public String lateTopic;

    @Override
    public String heading() {
        return "Event time";
    }
}
