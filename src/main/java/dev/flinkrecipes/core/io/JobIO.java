package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job reads its raw records and writes its outputs, apart from what it does with them (as
 * flink-training's jobs take their source and sink): {@link #FROM_OPTIONS}, the sources and sinks
 * the command line chooses, for every run; or any other, e.g. the tests' in-memory input and
 * collecting sinks. A job's pipeline is the same either way.
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
     * The raw records of one input ({@code generator} makes them for {@code --source generator},
     * may be null).
     */
    DataStream<RawRecord> read(
            StreamExecutionEnvironment env,
            JobOptions options,
            Input in,
            EventGenerator.Factory generator);

    /**
     * Writes one output of the job.
     *
     * @param suffix told apart from another output of the same channel (a second input's dead
     *     letters)
     * @param topic the Kafka topic, where the sink is Kafka
     * @param key the Kafka record key of a row, or null
     * @param console with {@code --sink print}: what a batch is and how its rows are ordered
     */
    <T> void write(
            DataStream<T> stream,
            Channel channel,
            String suffix,
            String topic,
            Sinks.KeyFn<T> key,
            ConsoleBatches console,
            JobOptions options);

    /** The command line's choice: {@code --source} and {@code --sink} with their options. */
    JobIO FROM_OPTIONS =
            new JobIO() {
                @Override
                public DataStream<RawRecord> read(
                        StreamExecutionEnvironment env,
                        JobOptions options,
                        Input in,
                        EventGenerator.Factory generator) {
                    return Sources.raw(env, options, in, generator);
                }

                @Override
                public <T> void write(
                        DataStream<T> stream,
                        Channel channel,
                        String suffix,
                        String topic,
                        Sinks.KeyFn<T> key,
                        ConsoleBatches console,
                        JobOptions options) {
                    Sinks.write(stream, channel, suffix, topic, key, console, options);
                }
            };
}
