package dev.flinkrecipes.invoices;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Invoices dropped into a folder, flattened to one record per line item, written as JSON files that
 * roll and commit on every checkpoint (every minute by default): no line missing or written twice
 * across failures, and files arriving while the job is down are read when it is back.
 */
@Command(
        name = "invoices",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Invoices from a watched folder flattened to one record per line item.",
        description = {
            "Watches --input for JSON files (one invoice per line) and writes one record per line"
                    + " item",
            "(InvoiceNumber, CreatedTime, StoreID, PosID, CustomerType, PaymentMethod,"
                    + " DeliveryType, City, State, PinCode,",
            "ItemCode, ItemDescription, ItemPrice, ItemQty, TotalValue) as JSON files under"
                    + " --output/results, rolled and",
            "committed every checkpoint (1 min). --max-files-per-cycle N, --after-commit"
                    + " archive|delete (--archive-dir)."
        })
public final class InvoicesJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = watchedFolderToFiles();

    private static JobOptions watchedFolderToFiles() {
        JobOptions o =
                new JobOptions("invoices", "invoice_lines")
                        .readingFrom(SourceKind.file, SourceKind.kafka, SourceKind.socket);
        o.input.source = SourceKind.file;
        o.file.watch = Duration.ofSeconds(10);
        o.output.sink = SinkKind.file;
        o.checkpointing.checkpointInterval =
                Duration.ofMinutes(1); // files roll and commit on checkpoints: one set a minute
        return o;
    }

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(null); // no generator: a file of invoices
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<InvoiceLine> lines =
                job.parse(records, new InvoiceParser(), Invoice.class)
                        .flatMap(new InvoiceLine.Explode())
                        .uid("explode-items")
                        .name("One record per line item");
        var results = job.resultsSink(lines.getType(), l -> l.invoiceNumber);
        results.uidAndName(job.countResults(lines, "lineItems").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
