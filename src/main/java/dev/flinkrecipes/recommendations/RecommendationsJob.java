package dev.flinkrecipes.recommendations;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** On every purchase, the items most often bought by the other buyers of the purchased item. */
@Command(
        name = "recommendations",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "On every purchase, the 5 items most often bought by the item's other buyers.",
        description = {
            "Keeps a profile per user; on every purchase emits for that user the top 5 items most",
            "often bought by the other buyers of the purchased item, excluding items the user"
                    + " already bought, ties by item id.",
            "Reads 'user_activity', writes 'recommendations' (key user_id)."
        })
public final class RecommendationsJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("user_activity", "recommendations");

    @Option(names = "--top", description = "Items per recommendation. Default: ${DEFAULT-VALUE}.")
    int top = 5;

    @Option(
            names = "--max-related-items",
            description =
                    "Co-purchase counts kept per item (top-N pruning keeps state bounded). Default:"
                            + " ${DEFAULT-VALUE}.")
    int maxRelated = 100;

    @Option(
            names = "--state-ttl",
            converter = DurationConverter.class,
            description =
                    "Forget co-purchase counts and user profiles not updated for this long (0 ="
                            + " never). Default: 30d.")
    Duration stateTtl = Duration.ofDays(30);

    @Override
    public Integer call() throws Exception {
        if (top < 1 || maxRelated < top) {
            throw new IllegalArgumentException(
                    "need --top >= 1 and --max-related-items >= --top, got "
                            + top
                            + " and "
                            + maxRelated);
        }
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(UserActionGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<Recommendation> recommendations =
                job.parse(records, new UserActionParser(), UserAction.class)
                        .keyBy(a -> a.userId)
                        .process(new TrackUserPurchases(stateTtl))
                        .uid("user-profiles")
                        .name("User profiles and purchases")
                        .keyBy(e -> e.item)
                        .process(new RecommendFromCoPurchases(top, maxRelated, stateTtl))
                        .uid("co-purchases")
                        .name("Co-purchase counts per item");
        var results = job.resultsSink(recommendations.getType(), r -> r.userId);
        results.uidAndName(
                job.countResults(recommendations, "recommendationsEmitted").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
