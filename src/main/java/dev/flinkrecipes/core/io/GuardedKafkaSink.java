package dev.flinkrecipes.core.io;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional {@link KafkaSink} that keeps a conflict or a failure of its writers inside its
 * own job.
 *
 * <p>Before a writer starts (and aborts the transactions left under its prefix, which fences any
 * other writer of that prefix), it asks the cluster's REST API whether a job that started earlier
 * holds the job's transactional id prefix; if one does, this job fails for good with the reason.
 * The client checks too ({@link TransactionalIdCheck#refuseIfInUse}), but two submissions at once
 * both pass it; here the later of two jobs always yields, however close their starts.
 *
 * <p>A refusal by the broker (wrong credentials, an untrusted certificate...) fails the job for
 * good, naming the cause ({@link KafkaRefused}): restarting cannot change the broker's answer.
 *
 * <p>A writer's {@code close()} never throws: Flink 2.2 closes a failed task's operators while it
 * handles the failure, and an exception there ends the whole TaskManager ("FATAL - exception in
 * exception handler", every job on it down). A fenced producer or a lost broker has already failed
 * the task through {@code write} or {@code flush}; its open transaction is aborted on restore.
 */
final class GuardedKafkaSink<T>
        implements TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable>,
                SupportsPostCommitTopology<KafkaCommittable>,
                LineageVertexProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GuardedKafkaSink.class);

    private final KafkaSink<T> kafka;
    private final String bootstrapServers;
    private final String prefix;
    private final URI clusterRest;

    /**
     * @param prefix the job's {@code --transactional-id-prefix}, as its configuration shows it
     * @param clusterRest the REST API of the cluster the job runs on; null: not checked (a local
     *     run, where nothing else runs)
     */
    GuardedKafkaSink(KafkaSink<T> kafka, String bootstrapServers, String prefix, URI clusterRest) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
        this.clusterRest = clusterRest;
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> createWriter(
            WriterInitContext context) throws IOException {
        refuseIfAnEarlierJobHoldsThePrefix(context);
        try {
            return new Writer<>(kafka.createWriter(context), bootstrapServers, prefix);
        } catch (RuntimeException e) { // the producer's first transaction: a refusal shows here
            KafkaRefused.throwIfRefused(bootstrapServers, e);
            throw e;
        }
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> states) throws IOException {
        refuseIfAnEarlierJobHoldsThePrefix(context);
        try {
            return new Writer<>(kafka.restoreWriter(context, states), bootstrapServers, prefix);
        } catch (RuntimeException e) {
            KafkaRefused.throwIfRefused(bootstrapServers, e);
            throw e;
        }
    }

    private void refuseIfAnEarlierJobHoldsThePrefix(WriterInitContext context) {
        if (clusterRest == null) return;
        String self = context.getJobInfo().getJobId().toHexString();
        try {
            TransactionalIdCheck.refuseIfHeldBefore(clusterRest, prefix, self);
        } catch (IllegalArgumentException held) {
            // Restarting cannot help: the other job holds the prefix until it ends.
            throw new SuppressRestartsException(new IllegalStateException(held.getMessage()));
        } catch (IOException e) {
            // The check must not be what stops a job (a REST API busy with a failover).
            LOG.warn(
                    "Could not list the jobs at {} ({}): not checked whether an earlier job holds"
                            + " transactional id prefix '{}'",
                    clusterRest,
                    e.toString(),
                    prefix);
        }
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context)
            throws IOException {
        return kafka.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return kafka.getCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return kafka.getWriterStateSerializer();
    }

    @Override
    public void addPostCommitTopology(
            DataStream<CommittableMessage<KafkaCommittable>> committables) {
        kafka.addPostCommitTopology(committables);
    }

    @Override
    public LineageVertex getLineageVertex() {
        return kafka.getLineageVertex();
    }

    /**
     * The Kafka writer, whose refusals by the broker fail the job for good and whose {@code
     * close()} logs a failure instead of throwing it.
     */
    private static final class Writer<T>
            implements PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> {
        private final PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> kafka;
        private final String bootstrapServers;
        private final String prefix;

        Writer(
                PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> kafka,
                String bootstrapServers,
                String prefix) {
            this.kafka = kafka;
            this.bootstrapServers = bootstrapServers;
            this.prefix = prefix;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            try {
                kafka.write(element, context);
            } catch (IOException | RuntimeException e) {
                KafkaRefused.throwIfRefused(bootstrapServers, e);
                throw e;
            }
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            kafka.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            try {
                kafka.flush(endOfInput);
            } catch (IOException | RuntimeException e) {
                KafkaRefused.throwIfRefused(bootstrapServers, e);
                throw e;
            }
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit()
                throws IOException, InterruptedException {
            try {
                return kafka.prepareCommit();
            } catch (IOException | RuntimeException e) {
                KafkaRefused.throwIfRefused(bootstrapServers, e);
                throw e;
            }
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
            try {
                return kafka.snapshotState(checkpointId);
            } catch (IOException | RuntimeException e) {
                KafkaRefused.throwIfRefused(bootstrapServers, e);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                kafka.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                LOG.warn(
                        "Closing the Kafka writer of transactional id prefix '{}' failed; the task"
                                + " has failed or fails anyway, so only logged: {}",
                        prefix,
                        e.toString());
            }
        }
    }
}
