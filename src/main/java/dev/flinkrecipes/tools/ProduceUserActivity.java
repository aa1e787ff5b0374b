package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.recommendations.UserActionGenerator;
import picocli.CommandLine.Command;

/** Generated user actions to Kafka or to a file. */
@Command(
        name = "produce-user-activity",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated user actions to Kafka or a file (client tool).",
        description = {
            "Sends generated user actions (view, click, purchase), keyed by user_id (seeded,"
                    + " reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceUserActivity extends ProducerCommand {
    public ProduceUserActivity() {
        super("user_activity");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return UserActionGenerator::new;
    }
}
