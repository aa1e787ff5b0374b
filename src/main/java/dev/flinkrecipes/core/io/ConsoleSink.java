package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The console of {@code --sink print} for results, as Spark's console sink shows them: each batch
 * whole, a {@code Batch: N} header and a {@code df.show()} table ({@link ConsoleTable}). All rows
 * go to one writer (a global step before it, so batches never interleave), which keeps a batch's
 * rows as JSON until it is printed. A batch is what {@link ConsoleBatches} says:
 *
 * <ul>
 *   <li>per checkpoint, with checkpoints on: the rows a checkpoint holds, printed by the committer
 *       when it completes, exactly as a transactional sink commits (after a restore, the batches of
 *       the checkpoint restored from are printed then; one whose checkpoint completed just before a
 *       failure may print twice, as with Spark's console sink after a restart);
 *   <li>per checkpoint, without checkpoints: what arrived in {@link #UNCHECKPOINTED_BATCH_MILLIS};
 *   <li>per trigger: the rows of one trigger time, printed {@link #GRACE_MILLIS} after it, when
 *       every parallel instance of the table has emitted it.
 * </ul>
 *
 * The end of a bounded input prints what is left. The writer's state (rows of triggers not yet
 * printed, the next batch number) is checkpointed: a restore loses no row and goes on with the
 * numbering.
 */
public final class ConsoleSink<T>
        implements Sink<T>,
                SupportsWriterState<T, ConsoleSink.Rows>,
                SupportsCommitter<ConsoleSink.Rows>,
                SupportsPreWriteTopology<T> {
    private static final long serialVersionUID = 1L;

    /**
     * How long after a trigger time its batch is printed: the parallel instances of the table emit
     * it together.
     */
    static final long GRACE_MILLIS = 1000;

    /** Without checkpoints, a batch is what arrived in this long. */
    static final long UNCHECKPOINTED_BATCH_MILLIS = 1000;

    private final ConsoleBatches batches;
    private final int numRows;
    private final boolean checkpointing;

    public ConsoleSink(ConsoleBatches batches, int numRows, boolean checkpointing) {
        if (numRows < 1)
            throw new IllegalArgumentException("--show-rows must be 1 or more, got " + numRows);
        this.batches = batches;
        this.numRows = numRows;
        this.checkpointing = checkpointing;
    }

    /**
     * A batch's rows as JSON, and its number: a committable (a batch to print), or the writer's
     * state (the next number, and the rows of triggers not printed yet).
     */
    public record Rows(long batch, List<String> rows) {}

    /** One writer sees every row: the others get none. */
    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        return input.global();
    }

    @Override
    public Writer<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(this, context.getProcessingTimeService(), List.of());
    }

    @Override
    public Writer<T> restoreWriter(WriterInitContext context, Collection<Rows> recovered)
            throws IOException {
        return new Writer<>(this, context.getProcessingTimeService(), recovered);
    }

    @Override
    public SimpleVersionedSerializer<Rows> getWriterStateSerializer() {
        return new RowsSerializer();
    }

    @Override
    public Committer<Rows> createCommitter(CommitterInitContext context) {
        Tables tables = new Tables(batches, numRows);
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<Rows>> requests) throws IOException {
                List<Rows> committed = new ArrayList<>();
                for (CommitRequest<Rows> request : requests)
                    committed.add(request.getCommittable());
                committed.sort(Comparator.comparingLong(Rows::batch));
                for (Rows rows : committed) tables.print(rows.batch(), rows.rows());
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public SimpleVersionedSerializer<Rows> getCommittableSerializer() {
        return new RowsSerializer();
    }

    /** Keeps the rows of the open batches; prints them, or hands them to the committer. */
    static final class Writer<T>
            implements StatefulSinkWriter<T, Rows>, CommittingSinkWriter<T, Rows> {
        private final ConsoleBatches batches;
        private final ProcessingTimeService time;
        private final Tables tables;
        private final Sinks.ToJson<T> toJson = new Sinks.ToJson<>();

        /** Per-checkpoint batches go through the committer; the others the writer prints. */
        private final boolean committed;

        /** Rows of the open batch (per-checkpoint batches). */
        private List<String> open = new ArrayList<>();

        /** Rows by trigger time (per-trigger batches). */
        private final TreeMap<Long, List<String>> triggers = new TreeMap<>();

        private long nextBatch;

        Writer(ConsoleSink<T> sink, ProcessingTimeService time, Collection<Rows> recovered)
                throws IOException {
            this.batches = sink.batches;
            this.time = time;
            this.tables = new Tables(sink.batches, sink.numRows);
            this.committed = sink.checkpointing && !perTrigger();
            for (Rows state : recovered) {
                nextBatch = Math.max(nextBatch, state.batch());
                for (String row : state.rows()) add(row);
            }
            if (!sink.checkpointing && !perTrigger()) schedule(now() + UNCHECKPOINTED_BATCH_MILLIS);
        }

        private boolean perTrigger() {
            return batches.triggerField != null;
        }

        @Override
        public void write(T row, Context context) throws IOException {
            add(toJson.map(row));
        }

        private void add(String row) throws IOException {
            if (!perTrigger()) {
                open.add(row);
                return;
            }
            long trigger = triggerTime(tables.json.readTree(row).get(batches.triggerField));
            List<String> rows = triggers.get(trigger);
            if (rows == null) {
                triggers.put(trigger, rows = new ArrayList<>());
                schedule(Math.max(now(), trigger + GRACE_MILLIS));
            }
            rows.add(row);
        }

        private static long triggerTime(JsonNode value) {
            if (value == null || value.isNull()) return Long.MIN_VALUE;
            return value.isNumber() ? value.asLong() : Instant.parse(value.asText()).toEpochMilli();
        }

        private void onTimer(long at) throws IOException {
            if (perTrigger()) {
                for (Iterator<Map.Entry<Long, List<String>>> it = triggers.entrySet().iterator();
                        it.hasNext(); ) {
                    Map.Entry<Long, List<String>> e = it.next();
                    if (e.getKey() > at - GRACE_MILLIS) break;
                    print(e.getValue());
                    it.remove();
                }
            } else {
                print(open);
                open = new ArrayList<>();
                schedule(at + UNCHECKPOINTED_BATCH_MILLIS);
            }
        }

        /** The end of the input prints what is left (through the committer, if it commits). */
        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) return;
            if (!committed) {
                print(open);
                open = new ArrayList<>();
            }
            for (List<String> trigger : triggers.values()) print(trigger);
            triggers.clear();
        }

        @Override
        public Collection<Rows> prepareCommit() {
            if (!committed || open.isEmpty()) return List.of();
            Rows batch = new Rows(nextBatch++, open);
            open = new ArrayList<>();
            return List.of(batch);
        }

        @Override
        public List<Rows> snapshotState(long checkpointId) {
            List<String> rows = new ArrayList<>(open);
            triggers.values().forEach(rows::addAll);
            return nextBatch == 0 && rows.isEmpty()
                    ? List.of() // a writer that got no rows: no state to hand to another
                    : List.of(new Rows(nextBatch, rows));
        }

        /** Prints one batch (nothing for no rows: Spark runs no micro-batch without new data). */
        private void print(List<String> rows) throws IOException {
            if (rows.isEmpty()) return;
            tables.print(nextBatch++, rows);
        }

        private long now() {
            return time.getCurrentProcessingTime();
        }

        private void schedule(long at) {
            time.registerTimer(at, this::onTimer);
        }

        @Override
        public void close() {}
    }

    /** A batch of JSON rows as Spark's console shows it. */
    private static final class Tables {
        private final ConsoleBatches batches;
        private final int numRows;
        private final ObjectMapper json = new ObjectMapper();

        Tables(ConsoleBatches batches, int numRows) {
            this.batches = batches;
            this.numRows = numRows;
        }

        void print(long batch, List<String> rows) throws IOException {
            List<JsonNode> nodes = new ArrayList<>(rows.size());
            LinkedHashSet<String> columns = new LinkedHashSet<>();
            for (String row : rows) {
                JsonNode node = json.readTree(row);
                nodes.add(node);
                node.fieldNames().forEachRemaining(columns::add);
            }
            if (batches.triggerField != null)
                columns.remove(batches.triggerField); // the same in every row: it is the batch
            if (!batches.order.isEmpty()) nodes.sort(batches.comparator());
            List<List<String>> cells = new ArrayList<>(Math.min(nodes.size(), numRows));
            for (JsonNode node : nodes.subList(0, Math.min(nodes.size(), numRows + 1))) {
                List<String> row = new ArrayList<>(columns.size());
                for (String c : columns) row.add(cell(node.get(c)));
                cells.add(row);
            }
            String text = ConsoleTable.batch(batch, List.copyOf(columns), cells, numRows);
            // One print call per batch: nothing else in this JVM can cut into it line by line.
            System.out.print(text);
            System.out.flush();
        }

        private static String cell(JsonNode value) {
            if (value == null || value.isNull()) return "null";
            return value.isTextual() ? value.asText() : value.toString();
        }
    }

    private static final class RowsSerializer implements SimpleVersionedSerializer<Rows> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Rows rows) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(rows.batch());
            out.writeInt(rows.rows().size());
            for (String row : rows.rows()) {
                byte[] utf8 = row.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            return bytes.toByteArray();
        }

        @Override
        public Rows deserialize(int version, byte[] serialized) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
            long batch = in.readLong();
            int n = in.readInt();
            List<String> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                rows.add(new String(utf8, StandardCharsets.UTF_8));
            }
            return new Rows(batch, rows);
        }
    }
}
