package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.etl.RawEventGenerator;
import picocli.CommandLine.Command;

/** Generated raw events to Kafka or to a file. */
@Command(
        name = "produce-raw-events",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated raw events for the ETL to Kafka or a file (client tool).",
        description = {
            "Sends generated raw events for the ETL (5%% without user_id), keyed by user_id"
                    + " (seeded, reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceRawEvents extends ProducerCommand {
    public ProduceRawEvents() {
        super("raw_events");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return RawEventGenerator::new;
    }
}
