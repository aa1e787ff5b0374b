package dev.flinkrecipes.core.io;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The lines a TCP server sends ({@code nc -lk 9999}), as a Flink {@code Source}: what {@code
 * env.socketTextStream} reads, without its legacy {@code SourceFunction}. Like Spark's socket
 * source it is for trying things out: one connection (one split, read by one reader), lines as
 * UTF-8 text, no replay (lines read after the last checkpoint are gone after a restart, which
 * connects again), and the input ends when the server closes the connection. A refused connection
 * fails the reader with the {@code ConnectException}.
 *
 * @param <T> what a line becomes, with its number in arrival order (counted on across restarts)
 */
public final class SocketSource<T>
        implements Source<T, SocketSource.Split, Boolean>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** Lines received but not yet emitted; the receiving thread waits when it is full. */
    static final int BUFFERED_LINES = 10_000;

    /** A line and its number (from 1) as a record. */
    @FunctionalInterface
    public interface LineRecord<T> extends Serializable {
        T of(String line, long number);
    }

    private final String host;
    private final int port;
    private final LineRecord<T> record;
    private final TypeInformation<T> type;

    /**
     * @param type what {@code record} makes (a lambda's result type is erased)
     */
    public SocketSource(String host, int port, TypeInformation<T> type, LineRecord<T> record) {
        this.host = host;
        this.port = port;
        this.type = type;
        this.record = record;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED; // it ends only when the server closes
    }

    @Override
    public SplitEnumerator<Split, Boolean> createEnumerator(SplitEnumeratorContext<Split> context) {
        return new Enumerator(context, false);
    }

    @Override
    public SplitEnumerator<Split, Boolean> restoreEnumerator(
            SplitEnumeratorContext<Split> context, Boolean assigned) {
        return new Enumerator(context, assigned);
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new AssignedSerializer();
    }

    @Override
    public SourceReader<T, Split> createReader(SourceReaderContext context) {
        return new Reader<>(host, port, record);
    }

    /** The one connection; {@code linesRead} numbers the lines on after a restart. */
    public record Split(long linesRead) implements SourceSplit {
        @Override
        public String splitId() {
            return "socket";
        }
    }

    /**
     * Gives the split to the first reader that registers (and again after it failed), and tells
     * every reader there is no other.
     */
    static final class Enumerator implements SplitEnumerator<Split, Boolean> {
        private final SplitEnumeratorContext<Split> context;
        private Split unassigned;

        Enumerator(SplitEnumeratorContext<Split> context, boolean assigned) {
            this.context = context;
            this.unassigned = assigned ? null : new Split(0);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtask, String host) {}

        @Override
        public void addSplitsBack(List<Split> splits, int subtask) {
            if (!splits.isEmpty()) unassigned = splits.get(0);
            if (context.registeredReaders().containsKey(subtask)) addReader(subtask);
        }

        @Override
        public void addReader(int subtask) {
            if (unassigned != null) {
                context.assignSplit(unassigned, subtask);
                unassigned = null;
            }
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public Boolean snapshotState(long checkpointId) {
            return unassigned == null;
        }

        @Override
        public void close() {}
    }

    /**
     * Receives the lines on a thread of its own (a socket read blocks), hands them to the task
     * thread through a bounded queue.
     */
    static final class Reader<T> implements SourceReader<T, Split> {
        private final String host;
        private final int port;
        private final LineRecord<T> record;
        private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(BUFFERED_LINES);
        private volatile boolean ended;
        private volatile IOException failure;
        private volatile boolean closed;
        private volatile Socket socket;
        private boolean hasSplit;
        private boolean noMoreSplits;
        private long linesRead;
        private Thread receiver;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        Reader(String host, int port, LineRecord<T> record) {
            this.host = host;
            this.port = port;
            this.record = record;
        }

        @Override
        public void start() {}

        @Override
        public void addSplits(List<Split> splits) {
            hasSplit = true;
            linesRead = splits.get(0).linesRead();
            receiver = new Thread(this::receive, "Socket source " + host + ":" + port);
            receiver.setDaemon(true);
            receiver.start();
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            signal();
        }

        private void receive() {
            try (Socket s = new Socket()) {
                socket = s;
                if (closed) return;
                s.connect(new InetSocketAddress(host, port));
                BufferedReader in =
                        new BufferedReader(
                                new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    lines.put(line);
                    signal();
                }
            } catch (IOException e) {
                if (!closed) failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed
            } finally {
                ended = true;
                signal();
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws IOException {
            boolean done = ended; // read first: every line put before it is polled below
            String line = lines.poll();
            if (line != null) {
                output.collect(record.of(line, ++linesRead));
                return InputStatus.MORE_AVAILABLE;
            }
            if (failure != null) throw failure;
            if (done || (noMoreSplits && !hasSplit)) return InputStatus.END_OF_INPUT;
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            CompletableFuture<Void> next;
            synchronized (this) {
                if (available.isDone()) available = new CompletableFuture<>();
                next = available;
            }
            if (!lines.isEmpty() || ended || (noMoreSplits && !hasSplit)) next.complete(null);
            return next;
        }

        private void signal() {
            CompletableFuture<Void> current;
            synchronized (this) {
                current = available;
            }
            current.complete(null);
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return hasSplit ? List.of(new Split(linesRead)) : List.of();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            Socket s = socket;
            if (s != null) s.close();
            if (receiver != null) receiver.interrupt();
        }
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Split split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8);
            new DataOutputStream(bytes).writeLong(split.linesRead());
            return bytes.toByteArray();
        }

        @Override
        public Split deserialize(int version, byte[] serialized) throws IOException {
            return new Split(new DataInputStream(new ByteArrayInputStream(serialized)).readLong());
        }
    }

    private static final class AssignedSerializer implements SimpleVersionedSerializer<Boolean> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Boolean assigned) {
            return new byte[] {(byte) (assigned ? 1 : 0)};
        }

        @Override
        public Boolean deserialize(int version, byte[] serialized) {
            return serialized[0] == 1;
        }
    }
}
