package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The Flink {@code Source} and {@code Sink} objects of a job, apart from what it does with their
 * records (as flink-training's jobs take their source and sink): {@link #FROM_OPTIONS}, the ones
 * the command line chooses, for every run; or any other, e.g. the tests' in-memory source and
 * collecting sinks. The job's pipeline, and the {@code env.fromSource(...)} and {@code
 * .sinkTo(...)} calls that use them, are the same either way.
 */
public interface JobIO {

    /**
     * The command line that runs the jobs gives them their I/O: its root command implements this
     * (the launcher, with {@link #FROM_OPTIONS}; tests, with in-memory sources and sinks).
     */
    interface Provider {
        JobIO jobIO();
    }

    /** The I/O the root command of {@code job} gives, or {@link #FROM_OPTIONS}. */
    static JobIO of(picocli.CommandLine.Model.CommandSpec job) {
        return job.root().userObject() instanceof Provider p ? p.jobIO() : FROM_OPTIONS;
    }

    /**
     * A Flink source of raw records, and the name and uid of the operator {@code env.fromSource}
     * makes of it.
     *
     * @param oneInstance whether it must run as one instance (parallelism 1): its records are one
     *     sequence, e.g. a generator's events, whose event time grows with their index
     */
    record NamedSource(
            Source<RawRecord, ?, ?> source, String name, String uid, boolean oneInstance) {

        /**
         * The operator {@code env.fromSource(source(), ..., name())} made, with its uid (its state:
         * the source's positions) and, for a source that must run as one instance, parallelism 1.
         */
        public SingleOutputStreamOperator<RawRecord> uidAndParallelism(
                SingleOutputStreamOperator<RawRecord> read) {
            read.uid(uid);
            return oneInstance ? read.setParallelism(1) : read;
        }
    }

    /**
     * A Flink sink, and the uid and name of the operator {@code sinkTo} makes of it (its state:
     * pending transactions or files, under the uid).
     */
    record NamedSink<T>(Sink<T> sink, String uid, String name) {

        /** The operator {@code stream.sinkTo(sink())} made, with its uid and name. */
        public DataStreamSink<T> uidAndName(DataStreamSink<T> written) {
            return written.uid(uid).name(name);
        }
    }

    /**
     * The source of one input ({@code generator} makes the records for {@code --source generator},
     * may be null).
     */
    NamedSource source(JobOptions options, Input in, EventGenerator.Factory generator);

    /** The sink of one output. */
    <T> NamedSink<T> sink(JobOptions options, JobOutput<T> output);

    /** The command line's choice: {@code --source} and {@code --sink} with their options. */
    JobIO FROM_OPTIONS =
            new JobIO() {
                @Override
                public NamedSource source(
                        JobOptions options, Input in, EventGenerator.Factory generator) {
                    return Sources.of(options, in, generator);
                }

                @Override
                public <T> NamedSink<T> sink(JobOptions options, JobOutput<T> output) {
                    return Sinks.of(options, output);
                }
            };
}
