package dev.flinkrecipes.core.options;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;

/**
 * Reads durations the way Flink's own configuration does: {@code 500ms}, {@code 10s}, {@code 5min},
 * {@code 1h}; unlike Flink's, a number needs its unit (as in Spark), so {@code --trigger 5} is an
 * error rather than 5 milliseconds. Only {@code 0} may stand alone.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim();
        if (text.matches("\\d+") && !text.matches("0+")) {
            throw new CommandLine.TypeConversionException(
                    "'"
                            + value
                            + "' has no unit; write e.g. "
                            + text
                            + "s, "
                            + text
                            + "ms or "
                            + text
                            + "min");
        }
        try {
            Duration d = TimeUtils.parseDuration(text);
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
