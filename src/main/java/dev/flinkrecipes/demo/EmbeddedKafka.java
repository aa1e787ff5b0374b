package dev.flinkrecipes.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) inside this JVM, from the
 * Kafka project's own test kit: the demo's broker and the tests'. Not part of the job jar.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /** With broker settings of its own, e.g. {@code log.retention.check.interval.ms}. */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        // A single broker: every internal topic with one replica.
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        // Kafka's storage formatter prints its bootstrap metadata to stdout: the demo's console
        // is for the demo's lines (this JVM is the demo's own, so the swap disturbs no one).
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * {@code localhost:<port>} of one of the broker's own listeners (one given in its {@code
     * listeners} setting, e.g. a TLS one), beside the plaintext one of {@link #bootstrapServers}.
     */
    public String bootstrapServers(String listenerName) {
        return "localhost:"
                + cluster.brokers()
                        .values()
                        .iterator()
                        .next()
                        .boundPort(new ListenerName(listenerName));
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(int partitions, String... topics) throws Exception {
        for (String topic : topics) createTopic(topic, partitions, Map.of());
    }

    /**
     * Creates a topic with its own configuration, e.g. {@code cleanup.policy=compact}, unless it
     * exists.
     */
    public void createTopic(String topic, int partitions, Map<String, String> configs)
            throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
