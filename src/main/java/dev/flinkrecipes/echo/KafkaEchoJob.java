package dev.flinkrecipes.echo;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.serde.RawRecord;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The document's Kafka JSON consumer: parse each message of test-topic and print it. */
@Command(
        name = "kafka-echo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Parses {\"key\": ..., \"value\": ...} messages and prints them.",
        description = {
            "Reads 'test-topic' messages like {\"key\": \"sensor1\", \"value\":"
                    + " \"temperature:25\"},",
            "parses them (bad ones to the DLQ) and prints them (--sink print, the default here; or"
                    + " kafka/file)."
        })
public final class KafkaEchoJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = printByDefault();

    private static JobOptions printByDefault() {
        JobOptions o = new JobOptions("test-topic", "test-topic-echo");
        o.output.sink = SinkKind.print;
        return o;
    }

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(EchoMessageGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<EchoMessage> messages =
                job.parse(records, new EchoMessageParser(), EchoMessage.class);
        var results = job.resultsSink(messages.getType(), m -> m.key);
        results.uidAndName(job.countResults(messages, "messages").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
