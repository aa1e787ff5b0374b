package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.KafkaClientOptions;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The document's MonitoredProducer: sends keyed JSON to a topic and logs sent / errors / rate every
 * 1000 acknowledged messages. Sends are asynchronous (a callback counts the outcome), idempotent
 * and acknowledged by all replicas, so a retry never writes a message twice.
 */
public final class MonitoredProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final PrintStream log;
    private final long startNanos = System.nanoTime();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    public MonitoredProducer(String bootstrapServers, KafkaClientOptions client, PrintStream log) {
        Properties p = client.asProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.log = log;
    }

    public void send(String topic, String key, String value) {
        producer.send(
                new ProducerRecord<>(topic, key, value),
                (metadata, error) -> {
                    if (error != null) {
                        long n = errors.incrementAndGet();
                        if (n <= 10 || n % 1000 == 0)
                            log.println("Error sending message: " + error);
                    } else if (sent.incrementAndGet() % 1000 == 0) {
                        logStats();
                    }
                });
    }

    public void logStats() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        log.printf(
                "Stats: %d sent, %d errors, %.2f msg/s%n",
                sent.get(), errors.get(), seconds > 0 ? sent.get() / seconds : 0);
    }

    @Override
    public void close() {
        producer.flush();
        producer.close();
        logStats();
    }
}
