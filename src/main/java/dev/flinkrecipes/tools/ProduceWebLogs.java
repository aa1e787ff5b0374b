package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.weblogs.AccessLogGenerator;
import picocli.CommandLine.Command;

/** Generated access-log lines in the common log format to Kafka or to a file. */
@Command(
        name = "produce-web-logs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated access-log lines to Kafka or a file (client tool).",
        description = {
            "Sends generated access-log lines in the common log format (seeded, reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceWebLogs extends ProducerCommand {
    public ProduceWebLogs() {
        super("web_logs");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return AccessLogGenerator::new;
    }
}
