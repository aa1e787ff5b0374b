package dev.flinkrecipes.core.options;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * Kafka client settings given by the user ({@code security.protocol}, {@code sasl.*}, {@code
 * ssl.*}, {@code compression.type}, {@code linger.ms}, {@code max.poll.records}, ...), applied to
 * every Kafka client of a job or tool: source, sinks, the preflight probe, the producers, the lag
 * tool. Like Spark's {@code kafka.}-prefixed options and Flink SQL's {@code properties.*}.
 *
 * <p>With {@code --bootstrap-servers}, the Kafka options every job and tool shares.
 *
 * <p>{@link #OWNED} is the one place that says which keys a job sets itself and so refuses.
 */
public final class KafkaClientOptions implements OptionSection {
    @Option(
            names = "--bootstrap-servers",
            description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
    public String bootstrapServers = "localhost:9092";

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "A Kafka client setting for every Kafka client of the job (source, sinks,"
                            + " preflight check), repeatable, e.g. --kafka-property"
                            + " security.protocol=SASL_SSL; wins over --kafka-properties. Values of"
                            + " sensitive keys are never shown.")
    public Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "A Java properties file of Kafka client settings (keeps credentials such as"
                            + " sasl.jaas.config out of the shell history); read where the job is"
                            + " started, shown only by its path.")
    public Path propertiesFile;

    /**
     * Keys the job or tool sets itself, each with what to use instead: a user value would break
     * what the job promises (its exactly-once transactions, its offsets committed on checkpoints,
     * its bytes in and out) or fight one of its own options.
     */
    public static final Map<String, String> OWNED =
            Map.ofEntries(
                    Map.entry("bootstrap.servers", "use --bootstrap-servers"),
                    Map.entry("group.id", "use --group-id; consumer-lag: --group"),
                    Map.entry("auto.offset.reset", "use --starting-offsets"),
                    Map.entry(
                            "enable.auto.commit",
                            "the job commits its offsets on checkpoints itself"),
                    Map.entry("transactional.id", "use --transactional-id-prefix"),
                    Map.entry("transaction.timeout.ms", "use --transaction-timeout"),
                    Map.entry(
                            "enable.idempotence",
                            "exactly-once output needs the idempotent, transactional producer"),
                    Map.entry("key.serializer", "the job writes its own keys"),
                    Map.entry("value.serializer", "the job writes its own values"),
                    Map.entry("key.deserializer", "the job reads keys as bytes itself"),
                    Map.entry("value.deserializer", "the job reads values as bytes itself"));

    private Map<String, String> resolved;

    /**
     * The settings: the file's, then the {@code --kafka-property} ones over them; read once (on the
     * client, where the job is built: the file need not exist on the TaskManagers).
     *
     * @throws IllegalArgumentException (one line) for a file that cannot be read or a key in {@link
     *     #OWNED}
     */
    public Map<String, String> resolve() {
        if (resolved != null) return resolved;
        Map<String, String> all = new TreeMap<>();
        if (propertiesFile != null) all.putAll(readFile(propertiesFile));
        all.putAll(properties);
        for (String key : all.keySet()) {
            String instead = OWNED.get(key);
            if (instead != null) {
                throw new IllegalArgumentException(
                        "Kafka client setting '"
                                + key
                                + "' is set by flink-recipes itself and cannot be overridden ("
                                + instead
                                + ")");
            }
        }
        resolved = Map.copyOf(all);
        return resolved;
    }

    /** {@link #resolve()} as {@link Properties}, for the Kafka builders and clients. */
    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(resolve());
        return p;
    }

    /** The settings with {@code own} over them: the map a plain Kafka client is created from. */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> config = new LinkedHashMap<>(resolve());
        config.putAll(own);
        return config;
    }

    /** A user set {@code security.protocol}: no hint about it is needed when a broker is silent. */
    public boolean securitySet() {
        return resolve().containsKey("security.protocol");
    }

    @Override
    public String heading() {
        return "Input";
    }

    /** Reads the file, never echoing its content: errors name only the path and what went wrong. */
    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "--kafka-properties " + file.toAbsolutePath() + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--kafka-properties "
                            + file.toAbsolutePath()
                            + ": cannot be read as a properties file ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
        Map<String, String> settings = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k.strip(), p.getProperty(k).strip()));
        return settings;
    }
}
