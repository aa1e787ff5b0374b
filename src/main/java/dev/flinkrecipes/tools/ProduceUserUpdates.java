package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.enrichment.UserUpdateGenerator;
import picocli.CommandLine.Command;

/** Generated user profile updates to Kafka or to a file. */
@Command(
        name = "produce-user-updates",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated user profile updates to Kafka or a file (client tool).",
        description = {
            "Sends generated user profile updates (tier, country, newsletter), keyed by user_id"
                    + " (seeded, reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceUserUpdates extends ProducerCommand {
    public ProduceUserUpdates() {
        super("user_updates");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return UserUpdateGenerator::new;
    }
}
