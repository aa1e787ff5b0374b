package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.AfterCommit;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The input of a job, chosen by {@code --source}: the Flink source of each kind ({@link #of});
 * every kind yields raw records, parsed downstream.
 */
public final class Sources {
    private Sources() {}

    /**
     * The {@code KafkaSource}, {@code FileSource}, {@code DataGeneratorSource} or {@link
     * SocketSource} that {@code --source} chooses for one input, with the name and uid of its
     * operator ({@code source-kafka|files|generator|socket}, then the input's suffix). Socket lines
     * carry no position of their own: they are numbered in arrival order.
     */
    public static JobIO.NamedSource of(JobOptions o, Input in, EventGenerator.Factory generator) {
        String id = in.suffix();
        return switch (o.input.source) {
            case kafka ->
                    new JobIO.NamedSource(
                            kafka(o, in.topic()),
                            "Kafka source: " + in.topic(),
                            "source-kafka" + id,
                            false);
            case file ->
                    new JobIO.NamedSource(
                            files(o, in.path()), "File source" + id, "source-files" + id, false);
            // One instance: event i is at start + i / rate, so the events must come from one
            // sequence. A source split per subtask would give the second one indices from count / 2
            // on, far ahead in event time.
            case generator ->
                    new JobIO.NamedSource(
                            generated(o, generator, id),
                            "Generator source"
                                    + id
                                    + " ("
                                    + o.generator.rate
                                    + "/s, seed "
                                    + o.generator.seed
                                    + ")",
                            "source-generator" + id,
                            true);
            case socket -> {
                if (!id.isEmpty())
                    throw new IllegalArgumentException(
                            "a job with two inputs cannot read a socket");
                if (o.input.maxRate > 0)
                    throw new IllegalArgumentException(
                            "--max-rate paces a kafka, file or generator source; a socket goes at"
                                    + " its sender's pace");
                String origin = "socket:" + o.socket.socketHost + ":" + o.socket.socketPort;
                yield new JobIO.NamedSource(
                        new SocketSource<>(
                                o.socket.socketHost,
                                o.socket.socketPort,
                                TypeInformation.of(RawRecord.class),
                                (line, number) ->
                                        new RawRecord(line, SourceKind.socket, origin, number)),
                        "Socket source " + o.socket.socketHost + ":" + o.socket.socketPort,
                        "source-socket",
                        true);
            }
        };
    }

    /**
     * {@code source} at most {@code --max-rate} records per second ({@code --rate} for a
     * generator), each reader pacing its own share ({@link PacedSource}); as it is without a rate.
     */
    public static <S extends SourceSplit, E> Source<RawRecord, S, E> paced(
            Source<RawRecord, S, E> source, JobOptions o) {
        double rate = o.input.source == SourceKind.generator ? o.generator.rate : o.input.maxRate;
        return rate > 0
                ? new PacedSource<>(source, TypeInformation.of(RawRecord.class), rate)
                : source;
    }

    static GuardedKafkaSource<RawRecord> kafka(JobOptions o, String topic) {
        KafkaSourceBuilder<RawRecord> b =
                KafkaSource.<RawRecord>builder()
                        // the user's client settings first: the job's own below win
                        .setProperties(o.kafka.asProperties())
                        .setBootstrapServers(o.kafka.bootstrapServers)
                        .setTopics(topic)
                        .setGroupId(o.kafkaSource.groupId)
                        .setStartingOffsets(
                                switch (o.kafkaSource.startingOffsets) {
                                    case earliest -> OffsetsInitializer.earliest();
                                    case latest -> OffsetsInitializer.latest();
                                    case committed ->
                                            OffsetsInitializer.committedOffsets(
                                                    OffsetResetStrategy.EARLIEST);
                                })
                        .setDeserializer(new KafkaRawRecords())
                        // Offsets are committed back on checkpoints, so consumer-lag tools see the
                        // job's progress.
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("partition.discovery.interval.ms", "60000");
        if (o.kafkaSource.bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return new GuardedKafkaSource<>(
                b.build(), o.kafka.bootstrapServers, o.kafka.resolve().get("security.protocol"));
    }

    static FileSource<RawRecord> files(JobOptions o, java.nio.file.Path input) {
        if (input == null)
            throw new IllegalArgumentException("--source file needs the input's file or folder");
        FileSource.FileSourceBuilder<RawRecord> b =
                FileSource.forBulkFileFormat(
                        new FileLinesFormat(o.file.afterCommit != AfterCommit.keep),
                        new Path(input.toUri()));
        if (!o.file.watch.isZero()) {
            b.monitorContinuously(o.file.watch);
            if (o.file.maxFilesPerCycle > 0)
                b.setSplitAssigner(
                        FilesPerCycle.provider(o.file.maxFilesPerCycle, o.file.watch.toMillis()));
        }
        return b.build();
    }

    private static DataGeneratorSource<RawRecord> generated(
            JobOptions o, EventGenerator.Factory factory, String id) {
        if (factory == null) {
            throw new IllegalArgumentException(
                    "this job has no generator; choose --source kafka|file|socket");
        }
        long start =
                o.generator.startTime != null
                        ? o.generator.startTime.toEpochMilli()
                        : System.currentTimeMillis();
        EventGenerator gen =
                factory.create(
                        o.generator.seed,
                        start,
                        EventGenerator.eventTimeRate(o.generator.eventSpacing, o.generator.rate));
        GeneratorFunction<Long, RawRecord> fn =
                index ->
                        new RawRecord(
                                gen.line(index), SourceKind.generator, "generator" + id, index);
        long count = o.generator.count > 0 ? o.generator.count : Long.MAX_VALUE;
        return new DataGeneratorSource<>(fn, count, TypeInformation.of(RawRecord.class));
    }
}
