package dev.flinkrecipes.tools;

import dev.flinkrecipes.applogs.AppLogGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import picocli.CommandLine.Command;

/** Generated application log records to Kafka or to a JSON-lines file. */
@Command(
        name = "produce-app-logs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated application logs to Kafka or a file (client tool).",
        description = {
            "Sends generated application log records, keyed by service (seeded, reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceAppLogs extends ProducerCommand {
    public ProduceAppLogs() {
        super("app_logs");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return AppLogGenerator::new;
    }
}
