package dev.flinkrecipes.testing;

import dev.flinkrecipes.demo.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (KRaft, in the test JVM) for one test class, with the topics it names:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final KafkaBroker kafka = new KafkaBroker().topics(2, "transactions").topics(1, "transactions.dlq");
 * </pre>
 *
 * Started before the class's {@code @BeforeAll} methods, closed after its tests.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    @FunctionalInterface
    private interface Step {
        void on(EmbeddedKafka kafka) throws Exception;
    }

    private final List<Step> setup = new ArrayList<>();
    private EmbeddedKafka kafka;

    /** Topics created at start, each with {@code partitions} partitions. */
    public KafkaBroker topics(int partitions, String... names) {
        setup.add(k -> k.createTopics(partitions, names));
        return this;
    }

    /** A topic with a configuration of its own, e.g. {@code cleanup.policy=compact}. */
    public KafkaBroker topic(String name, int partitions, Map<String, String> configs) {
        setup.add(k -> k.createTopic(name, partitions, configs));
        return this;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Creates more topics while the tests run. */
    public void createTopics(int partitions, String... names) throws Exception {
        kafka.createTopics(partitions, names);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start();
        for (Step step : setup) step.on(kafka);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kafka != null) kafka.close();
        kafka = null;
    }
}
