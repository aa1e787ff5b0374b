package dev.flinkrecipes.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyedStateHandle;

/**
 * What a job's checkpoints and savepoints hold, read as Flink reads them: the state backend the
 * JobManager reports for a running job, and the kinds of keyed state handles in a snapshot's {@code
 * _metadata} (RocksDB's incremental handles, or full key-group snapshots).
 */
public final class StateSnapshots {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StateSnapshots() {}

    /**
     * The state backend of a running job, as {@code GET /jobs/:id/checkpoints/config} reports it
     * (e.g. {@code EmbeddedRocksDBStateBackend}, {@code HashMapStateBackend}).
     */
    public static String stateBackend(ClusterClient<?> client, JobID job) throws Exception {
        URI uri = URI.create(client.getWebInterfaceURL() + "/jobs/" + job + "/checkpoints/config");
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JsonlFiles.parse(response.body()).path("state_backend").asText();
    }

    /** The snapshot's metadata ({@code <dir>/_metadata}). */
    public static CheckpointMetadata metadata(Path snapshotDir) throws IOException {
        try (InputStream in = Files.newInputStream(snapshotDir.resolve("_metadata"))) {
            return Checkpoints.loadCheckpointMetadata(
                    new DataInputStream(in),
                    StateSnapshots.class.getClassLoader(),
                    snapshotDir.toUri().toString());
        }
    }

    /** The simple class names of every keyed state handle in the snapshot. */
    public static Set<String> keyedHandleKinds(Path snapshotDir) throws IOException {
        Set<String> kinds = new TreeSet<>();
        for (OperatorState operator : metadata(snapshotDir).getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    kinds.add(handle.getClass().getSimpleName());
                }
            }
        }
        return kinds;
    }

    /** The newest retained checkpoint ({@code chk-N}) of any job under a checkpoint directory. */
    public static Path latestCheckpoint(Path checkpointsDir) throws IOException {
        try (Stream<Path> files = Files.walk(checkpointsDir)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(
                            Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new IOException("no checkpoint under " + checkpointsDir));
        }
    }

    /**
     * The options of one column family (one state, e.g. {@code user-totals}) in the newest OPTIONS
     * file RocksDB wrote under {@code rocksDbDir} (a TaskManager's {@code
     * state.backend.rocksdb.localdir}) in a folder whose path contains {@code pathContains} (a job
     * id, or "" for any): what the RocksDB instance was really opened with.
     */
    public static String rocksDbOptions(Path rocksDbDir, String pathContains, String columnFamily)
            throws IOException {
        Path file;
        try (Stream<Path> files = Files.walk(rocksDbDir)) {
            file =
                    files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-"))
                            .filter(f -> f.toString().contains(pathContains))
                            .max(Path::compareTo)
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no OPTIONS file under "
                                                            + rocksDbDir
                                                            + " for "
                                                            + pathContains));
        }
        String text = Files.readString(file);
        String header = "[CFOptions \"" + columnFamily + "\"]";
        int section = text.indexOf(header);
        if (section < 0) throw new AssertionError(file + " has no " + header);
        int next = text.indexOf("\n[", section + 1);
        return text.substring(section, next < 0 ? text.length() : next);
    }
}
