package dev.flinkrecipes.tools;

import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import picocli.CommandLine.Command;

/**
 * Generated e-commerce events (the document's generate_sample_data) to Kafka or to a JSON-lines
 * file.
 */
@Command(
        name = "produce-ecommerce-events",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated e-commerce events to Kafka or a file (client tool).",
        description = {
            "Sends generated e-commerce events (the document's generate_sample_data), keyed by"
                    + " user_id (seeded, reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceEcommerceEvents extends ProducerCommand {
    public ProduceEcommerceEvents() {
        super("ecommerce_events");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return CommerceEventGenerator::new;
    }
}
