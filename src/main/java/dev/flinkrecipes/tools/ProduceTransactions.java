package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.transactions.TransactionGenerator;
import picocli.CommandLine.Command;

/**
 * The document's transaction producer: generated transactions to Kafka, keyed by user_id, with
 * stats.
 */
@Command(
        name = "produce-transactions",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated transactions to Kafka (client tool, not a Flink job).",
        description = {
            "Sends generated transactions (seeded, reproducible) to a Kafka topic, keyed by"
                    + " user_id,",
            "logging sent / errors / rate every 1000 messages. Not a Flink job: it runs in the"
                    + " client JVM."
        })
public final class ProduceTransactions extends ProducerCommand {
    public ProduceTransactions() {
        super("transactions");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return TransactionGenerator::new;
    }
}
