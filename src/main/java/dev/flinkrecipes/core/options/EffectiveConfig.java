package dev.flinkrecipes.core.options;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A job's options as they will be used, defaults resolved: printed at start, shown in the Web UI.
 * No secret is in it ({@link Secrets}).
 */
public final class EffectiveConfig {
    private EffectiveConfig() {}

    public static Map<String, String> of(CommandSpec spec) {
        Map<String, String> values = new TreeMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            Object value = option.getValue();
            if (option.hidden() && (value == null || "0".equals(String.valueOf(value)))) continue;
            // Enums as the command line spells them (EXACTLY_ONCE, not DeliveryGuarantee's
            // "exactly-once").
            String name = option.longestName().replaceFirst("^--", "");
            // Secrets never shown: a map's sensitive values ({@code --kafka-property
            // sasl.jaas.config=...}), a password option, a URI's password.
            String text =
                    value == null
                            ? "null"
                            : value instanceof Duration d
                                    ? DurationConverter.format(d)
                                    : value instanceof Enum<?> e
                                            ? e.name()
                                            : value instanceof Map<?, ?> m
                                                    ? String.valueOf(Secrets.shown(strings(m)))
                                                    : Secrets.shown(name, String.valueOf(value));
            values.put(name, text);
        }
        return values;
    }

    private static Map<String, String> strings(Map<?, ?> map) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    public static String describe(String job, Map<String, String> values) {
        StringBuilder sb = new StringBuilder("Effective configuration of ").append(job).append(':');
        values.forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v));
        return sb.toString();
    }
}
