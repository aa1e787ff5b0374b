package dev.flinkrecipes.iot;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Sensor readings outside the safe range, exactly once to sensor_alerts. */
@Command(
        name = "sensor-alerts",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "IoT readings out of range (temperature, humidity, pressure) as alerts with a"
                        + " level.",
        description = {
            "Temperature > 80 or humidity > 90 or pressure < 950;",
            "alert_level critical (> 100 degrees) | warning (> 80) | info.",
            "Reads 'sensor_data', writes 'sensor_alerts' (key sensor_id, value every field as"
                    + " JSON)."
        })
public final class SensorAlertsJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("sensor_data", "sensor_alerts");

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(SensorGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<SensorAlert> alerts =
                job.parse(records, new SensorReadingParser(), SensorReading.class)
                        .flatMap(new SensorRules())
                        .uid("sensor-rules")
                        .name("Sensor rules");
        var results = job.resultsSink(alerts.getType(), a -> a.sensorId);
        results.uidAndName(job.countResults(alerts, "alertsEmitted").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
