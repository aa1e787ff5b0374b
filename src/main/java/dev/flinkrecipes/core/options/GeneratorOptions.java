package dev.flinkrecipes.core.options;

import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --source generator}: how many events, how fast, and their event time. */
public final class GeneratorOptions implements OptionSection {
    @Option(
            names = "--rate",
            description = "Generator: events per second. Default: ${DEFAULT-VALUE}.")
    public double rate = 10;

    @Option(
            names = "--count",
            description =
                    "Generator: events in all, then finish (0 = unbounded). Default:"
                            + " ${DEFAULT-VALUE}.")
    public long count;

    @Option(
            names = "--seed",
            description =
                    "Generator: random seed; the same seed gives the same events. Default:"
                            + " ${DEFAULT-VALUE}.")
    public long seed = 42;

    @Option(
            names = "--start-time",
            description =
                    "Generator: event time of the first event, ISO-8601 (events follow 1/rate"
                            + " seconds apart). Default: now.")
    public Instant startTime;

    @Option(
            names = "--event-spacing",
            converter = DurationConverter.class,
            description =
                    "Generator: event time between consecutive events, e.g. 1s for the documents'"
                        + " 'N records one second apart' at any --rate. Default: 1/rate (event time"
                        + " = real time).")
    public Duration eventSpacing;

    @Override
    public String heading() {
        return "Input";
    }
}
