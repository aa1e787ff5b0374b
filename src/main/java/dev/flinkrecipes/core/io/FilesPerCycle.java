package dev.flinkrecipes.core.io;

import java.util.Collection;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;
import org.apache.flink.connector.file.src.assigners.SimpleSplitAssigner;

/**
 * Spark's {@code maxFilesPerTrigger} for a watched folder: at most {@code max} files start being
 * read per discovery cycle; the rest wait, in the source's checkpointed state, for the next cycles.
 * A backlog of files is then worked off at a steady pace instead of all at once.
 */
public final class FilesPerCycle implements FileSplitAssigner {
    private final FileSplitAssigner files;
    private final int max;
    private final long cycleMillis;
    private long cycle = -1;
    private int released;

    FilesPerCycle(Collection<FileSourceSplit> initial, int max, long cycleMillis) {
        this.files = new SimpleSplitAssigner(initial);
        this.max = max;
        this.cycleMillis = cycleMillis;
    }

    public static Provider provider(int max, long cycleMillis) {
        return initial -> new FilesPerCycle(initial, max, cycleMillis);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        long now = System.currentTimeMillis() / cycleMillis;
        if (now != cycle) {
            cycle = now;
            released = 0;
        }
        if (released >= max) return Optional.empty(); // asked again at the next discovery
        Optional<FileSourceSplit> next = files.getNext(hostname);
        if (next.isPresent()) released++;
        return next;
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        files.addSplits(splits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return files.remainingSplits();
    }
}
