package dev.flinkrecipes.core.io;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

/**
 * A {@link KafkaSource} whose refusals by the broker fail the job for good ({@link KafkaRefused}):
 * wrong credentials, an untrusted certificate, a SASL mechanism the broker does not offer. Both of
 * its Kafka clients are covered: the split enumerator's admin client on the JobManager (its
 * failures come back through {@code callAsync}'s handlers) and the readers' consumers on the
 * TaskManagers (through {@code pollNext}). A plaintext client on a TLS port gets no answer, only
 * timeouts: when the enumerator's call times out, the broker is asked whether it speaks TLS, and
 * that fails the job for good too. Everything else is the Kafka source's own.
 */
final class GuardedKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>,
                ResultTypeQueryable<T>,
                LineageVertexProvider {
    private static final long serialVersionUID = 1L;

    private final KafkaSource<T> kafka;
    private final String bootstrapServers;

    /** The client's {@code security.protocol}; null: Kafka's default, PLAINTEXT. */
    private final String securityProtocol;

    GuardedKafkaSource(KafkaSource<T> kafka, String bootstrapServers, String securityProtocol) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.securityProtocol = securityProtocol;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        return new Reader<>(kafka.createReader(context), bootstrapServers);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(
                new EnumeratorContext(context, bootstrapServers, securityProtocol));
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState checkpoint)
            throws Exception {
        return kafka.restoreEnumerator(
                new EnumeratorContext(context, bootstrapServers, securityProtocol), checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    @Override
    public LineageVertex getLineageVertex() {
        return kafka.getLineageVertex();
    }

    /** The Kafka source reader; its consumer's refusal surfaces in {@code pollNext}. */
    private static final class Reader<T> implements SourceReader<T, KafkaPartitionSplit> {
        private final SourceReader<T, KafkaPartitionSplit> kafka;
        private final String bootstrapServers;

        Reader(SourceReader<T, KafkaPartitionSplit> kafka, String bootstrapServers) {
            this.kafka = kafka;
            this.bootstrapServers = bootstrapServers;
        }

        @Override
        public void start() {
            kafka.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            try {
                return kafka.pollNext(output);
            } catch (Exception e) {
                KafkaRefused.throwIfRefused(bootstrapServers, e);
                throw e;
            }
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            return kafka.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return kafka.isAvailable();
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {
            kafka.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            kafka.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            kafka.handleSourceEvents(event);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            kafka.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            kafka.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(
                Collection<String> splitsToPause, Collection<String> splitsToResume) {
            kafka.pauseOrResumeSplits(splitsToPause, splitsToResume);
        }

        @Override
        public void close() throws Exception {
            kafka.close();
        }
    }

    /**
     * The enumerator's context, whose {@code callAsync} handlers turn a refusal into {@link
     * KafkaRefused}: the Kafka enumerator lists the topic's partitions and their offsets with its
     * admin client there, and throws what that client threw from the handler, which fails the job.
     */
    private static final class EnumeratorContext
            implements SplitEnumeratorContext<KafkaPartitionSplit> {
        private final SplitEnumeratorContext<KafkaPartitionSplit> context;
        private final String bootstrapServers;
        private final String securityProtocol;

        EnumeratorContext(
                SplitEnumeratorContext<KafkaPartitionSplit> context,
                String bootstrapServers,
                String securityProtocol) {
            this.context = context;
            this.bootstrapServers = bootstrapServers;
            this.securityProtocol = securityProtocol;
        }

        private <R> BiConsumer<R, Throwable> guarded(BiConsumer<R, Throwable> handler) {
            return (result, failure) -> {
                try {
                    handler.accept(result, failure);
                } catch (RuntimeException e) {
                    KafkaRefused.throwIfRefused(bootstrapServers, e);
                    KafkaRefused.throwIfPlaintextOnTls(bootstrapServers, securityProtocol, e);
                    throw e;
                }
            };
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler) {
            context.callAsync(callable, guarded(handler));
        }

        @Override
        public <R> void callAsync(
                Callable<R> callable,
                BiConsumer<R, Throwable> handler,
                long initialDelayMillis,
                long periodMillis) {
            context.callAsync(callable, guarded(handler), initialDelayMillis, periodMillis);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, event);
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, int attemptNumber, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, attemptNumber, event);
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return context.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return context.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<KafkaPartitionSplit> assignment) {
            context.assignSplits(assignment);
        }

        @Override
        public void assignSplit(KafkaPartitionSplit split, int subtask) {
            context.assignSplit(split, subtask);
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            context.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean isProcessingBacklog) {
            context.setIsProcessingBacklog(isProcessingBacklog);
        }
    }
}
