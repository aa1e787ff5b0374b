package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.people.PersonGenerator;
import picocli.CommandLine.Command;

/** The document's people producer: a fake person every 10 seconds to iabd-python-topic. */
@Command(
        name = "produce-people",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends a fake person every 10 s to Kafka or a file (client tool).",
        description = {
            "Sends fake people (Datafaker: name, email, address, phone, job, plus a stable"
                    + " person_id) to a Kafka topic,",
            "one every 10 seconds by default (--rate 0.1), keyed by person_id; or writes them to a"
                    + " file with --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProducePeople extends ProducerCommand {
    public ProducePeople() {
        super("iabd-python-topic");
        rate = 0.1;
    }

    @Override
    protected EventGenerator.Factory generator() {
        return PersonGenerator::new;
    }
}
