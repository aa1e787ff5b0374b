package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The console sink of {@code --sink print}: one instance (parallelism 1, after a global step), so
 * batches never interleave. It buffers the JSON rows of a batch and prints the batch whole, as
 * Spark's console sink does: a {@code Batch: N} header and a {@code df.show()} table ({@link
 * ConsoleTable}). A batch is what {@link ConsoleBatches} says: the rows committed by a checkpoint
 * (printed when it completes; every second when checkpointing is off), or the rows of one trigger
 * time (printed {@link #GRACE_MILLIS} after the trigger, when every parallel instance has emitted
 * it). The end of a bounded input prints what is left. Buffered rows and the batch number are
 * checkpointed: a restore loses no row and goes on with the numbering (a batch whose checkpoint
 * completed just before a failure may print twice, as with Spark's console sink after a restart).
 */
public final class ConsolePrinter extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<String, Void>, BoundedOneInput, ProcessingTimeCallback {
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

    private transient ObjectMapper json;

    /** Rows since the last checkpoint (per-checkpoint batches). */
    private transient List<String> open;

    /** Rows of checkpoints taken but not yet known complete, by checkpoint id. */
    private transient TreeMap<Long, List<String>> pending;

    /** Rows by trigger time (per-trigger batches). */
    private transient TreeMap<Long, List<String>> triggers;

    private transient long nextBatch;
    private transient ListState<String> rowsState;
    private transient ListState<Long> batchState;
    private transient List<String> restored;

    public ConsolePrinter(ConsoleBatches batches, int numRows, boolean checkpointing) {
        if (numRows < 1)
            throw new IllegalArgumentException("--show-rows must be 1 or more, got " + numRows);
        this.batches = batches;
        this.numRows = numRows;
        this.checkpointing = checkpointing;
    }

    private boolean perTrigger() {
        return batches.triggerField != null;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        rowsState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("console-rows", Types.STRING));
        batchState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("console-next-batch", Types.LONG));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            for (String row : rowsState.get()) restored.add(row);
            for (Long b : batchState.get()) nextBatch = Math.max(nextBatch, b);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        json = new ObjectMapper();
        open = new ArrayList<>();
        pending = new TreeMap<>();
        triggers = new TreeMap<>();
        if (perTrigger()) {
            for (String row : restored) add(row);
        } else if (!restored.isEmpty()) {
            print(restored); // held by the checkpoint we restored from: committed
        }
        restored = null;
        if (!checkpointing && !perTrigger()) schedule(now() + UNCHECKPOINTED_BATCH_MILLIS);
    }

    @Override
    public void processElement(StreamRecord<String> element) throws Exception {
        add(element.getValue());
    }

    private void add(String row) throws IOException {
        if (!perTrigger()) {
            open.add(row);
            return;
        }
        long trigger = triggerTime(json.readTree(row).get(batches.triggerField));
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

    @Override
    public void onProcessingTime(long time) throws Exception {
        if (perTrigger()) {
            for (Iterator<Map.Entry<Long, List<String>>> it = triggers.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<Long, List<String>> e = it.next();
                if (e.getKey() > time - GRACE_MILLIS) break;
                print(e.getValue());
                it.remove();
            }
        } else {
            print(open);
            open = new ArrayList<>();
            schedule(time + UNCHECKPOINTED_BATCH_MILLIS);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (!perTrigger() && !open.isEmpty()) {
            pending.put(context.getCheckpointId(), open);
            open = new ArrayList<>();
        }
        List<String> rows = new ArrayList<>();
        pending.values().forEach(rows::addAll);
        rows.addAll(open);
        triggers.values().forEach(rows::addAll);
        rowsState.update(rows);
        batchState.update(List.of(nextBatch));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        // A checkpoint completes all earlier ones (whose notifications may never come): one batch
        // for them all.
        Map<Long, List<String>> done = pending.headMap(checkpointId, true);
        List<String> rows = new ArrayList<>();
        done.values().forEach(rows::addAll);
        done.clear();
        print(rows);
    }

    @Override
    public void endInput() throws Exception {
        List<String> rows = new ArrayList<>();
        pending.values().forEach(rows::addAll);
        pending.clear();
        rows.addAll(open);
        open = new ArrayList<>();
        print(rows);
        for (List<String> trigger : triggers.values()) print(trigger);
        triggers.clear();
    }

    /** Prints one batch (nothing for no rows: Spark runs no micro-batch without new data). */
    private void print(List<String> rows) throws IOException {
        if (rows.isEmpty()) return;
        List<JsonNode> nodes = new ArrayList<>(rows.size());
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        for (String row : rows) {
            JsonNode node = json.readTree(row);
            nodes.add(node);
            node.fieldNames().forEachRemaining(columns::add);
        }
        if (perTrigger())
            columns.remove(batches.triggerField); // the same in every row: it is the batch
        if (!batches.order.isEmpty()) nodes.sort(batches.comparator());
        List<List<String>> cells = new ArrayList<>(Math.min(nodes.size(), numRows));
        for (JsonNode node : nodes.subList(0, Math.min(nodes.size(), numRows + 1))) {
            List<String> row = new ArrayList<>(columns.size());
            for (String c : columns) row.add(cell(node.get(c)));
            cells.add(row);
        }
        String text = ConsoleTable.batch(nextBatch++, List.copyOf(columns), cells, numRows);
        // One print call per batch: nothing else in this JVM can cut into it line by line.
        System.out.print(text);
        System.out.flush();
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) return "null";
        return value.isTextual() ? value.asText() : value.toString();
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    private void schedule(long time) {
        getProcessingTimeService().registerTimer(time, this);
    }
}
