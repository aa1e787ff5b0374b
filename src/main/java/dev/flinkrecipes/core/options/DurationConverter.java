package dev.flinkrecipes.core.options;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;

/**
 * Reads durations the way Flink's own configuration does: {@code 500ms}, {@code 10s}, {@code 5min},
 * {@code 1h}.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            Duration d = TimeUtils.parseDuration(value.trim());
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; use e.g. 500ms, 10s, 5min, 1h");
        }
    }

    /**
     * Formats a duration the way it is written on the command line: {@code 10s}, {@code 5min},
     * {@code 0ms}.
     */
    public static String format(Duration d) {
        return TimeUtils.formatWithHighestUnit(d).replace(" ", "");
    }
}
