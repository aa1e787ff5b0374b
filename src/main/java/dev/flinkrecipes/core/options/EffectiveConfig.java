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

    /**
     * The run in one line, for the console: job, source, sink, output mode, checkpointing and the
     * log file that holds the whole configuration ({@link #describe}).
     */
    public static String summary(String job, JobOptions o) {
        StringBuilder sb = new StringBuilder(job).append(": ").append(source(o));
        sb.append(" -> ").append(sink(o));
        if (!o.aggregation.offered.isEmpty()) {
            sb.append(", ").append(o.aggregation.outputMode).append(" mode");
            if (o.aggregation.outputMode != OutputMode.append || !o.hasEventTime) {
                sb.append(
                        o.aggregation.trigger.isZero()
                                ? ", every change"
                                : ", trigger " + DurationConverter.format(o.aggregation.trigger));
            }
        }
        sb.append(
                o.checkpointing.checkpointInterval.isZero()
                        ? ", no checkpoints"
                        : ", checkpoints every "
                                + DurationConverter.format(o.checkpointing.checkpointInterval));
        String log = System.getProperty("log.file");
        sb.append(log == null ? "" : "; options and log: " + log);
        return sb.append(o.runtime.verbose || log == null ? "" : " (--verbose: all options here)")
                .toString();
    }

    private static String source(JobOptions o) {
        return switch (o.input.source) {
            case kafka -> "Kafka " + o.kafkaSource.inputTopic + " at " + o.kafka.bootstrapServers;
            case file ->
                    o.file.input
                            + (o.file.watch.isZero()
                                    ? ""
                                    : " (watched every "
                                            + DurationConverter.format(o.file.watch)
                                            + ")");
            case socket -> "socket " + o.socket.socketHost + ":" + o.socket.socketPort;
            case generator ->
                    "generator, "
                            + o.generator.rate
                            + "/s"
                            + (o.generator.count > 0 ? ", " + o.generator.count + " events" : "");
        };
    }

    private static String sink(JobOptions o) {
        return switch (o.output.sink) {
            case kafka ->
                    "Kafka "
                            + (o.results.outputTopic != null
                                    ? o.results.outputTopic
                                    : o.output.dlqTopic)
                            + " ("
                            + o.output.deliveryGuarantee
                            + ")";
            case file -> o.output.folder + " (" + o.results.format + ")";
            case print -> "console (" + o.results.format + ")";
            case discard -> "discarded";
        };
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
