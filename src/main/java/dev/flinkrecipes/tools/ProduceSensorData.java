package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.iot.SensorGenerator;
import picocli.CommandLine.Command;

/** Generated IoT sensor readings to Kafka or to a file. */
@Command(
        name = "produce-sensor-data",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Sends generated sensor readings to Kafka or a file (client tool).",
        description = {
            "Sends generated IoT sensor readings, keyed by sensor_id (seeded, reproducible),",
            "logging sent / errors / rate every 1000 messages; or writes them to a file with"
                    + " --to-file.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ProduceSensorData extends ProducerCommand {
    public ProduceSensorData() {
        super("sensor_data");
    }

    @Override
    protected EventGenerator.Factory generator() {
        return SensorGenerator::new;
    }
}
