package dev.flinkrecipes.core.ops;

import dev.flinkrecipes.core.options.AfterCommit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives or deletes input files, never before their records are committed. A file's end-of-file
 * marker reaches this operator after all of the file's records left the source; the first
 * checkpoint taken after it therefore holds all of them, and once that checkpoint is complete (the
 * sinks commit on it) the file is moved or deleted. Pending files are kept in state, so a restart
 * finishes the job. Runs with parallelism 1; a missing file (already handled) is skipped.
 */
public final class CompleteFiles extends ProcessFunction<String, Void>
        implements CheckpointedFunction, CheckpointListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompleteFiles.class);

    private final AfterCommit action;
    private final String archiveDir;

    /** Files read to the end since the last checkpoint. */
    private final List<String> unsnapshotted = new ArrayList<>();

    /** (checkpoint id, file): files waiting for that checkpoint to complete. */
    private final List<Pending> pending = new ArrayList<>();

    private transient ListState<String> state;

    private record Pending(long checkpoint, String file) {}

    public CompleteFiles(AfterCommit action, String archiveDir) {
        this.action = action;
        this.archiveDir = archiveDir;
    }

    @Override
    public void processElement(String file, Context ctx, Collector<Void> out) {
        unsnapshotted.add(file);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        for (String file : unsnapshotted) pending.add(new Pending(context.getCheckpointId(), file));
        unsnapshotted.clear();
        List<String> entries = new ArrayList<>();
        for (Pending p : pending) entries.add(p.checkpoint() + "|" + p.file());
        state.update(entries);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("files-to-complete", Types.STRING));
        if (context.isRestored()) {
            // Restored from a checkpoint: it completed, so every file it lists has its records
            // committed.
            for (String entry : state.get()) complete(entry.substring(entry.indexOf('|') + 1));
            state.clear();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.checkpoint() <= checkpointId) {
                complete(p.file());
                it.remove();
            }
        }
    }

    /**
     * Archives or deletes one file. A failure (no permission, the archive path taken by a file) is
     * logged and the file left where it is: thrown, it would fail the job, and every restart would
     * fail again on the same file.
     */
    private void complete(String file) {
        try {
            moveOrDelete(file);
        } catch (IOException e) {
            LOG.warn("Could not {} {}: left where it is ({})", action, file, e.toString());
        }
    }

    private void moveOrDelete(String file) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) return;
        if (action == AfterCommit.delete) {
            if (!fs.delete(path, false)) throw new IOException("cannot delete it");
            LOG.info("Deleted {} (its records are committed)", file);
        } else {
            Path target = new Path(archiveDir, path.getName());
            fs.mkdirs(target.getParent());
            if (fs.exists(target))
                target = new Path(archiveDir, path.getName() + "." + System.currentTimeMillis());
            if (!fs.rename(path, target)) throw new IOException("cannot rename it to " + target);
            LOG.info("Archived {} to {} (its records are committed)", file, target);
        }
    }
}
