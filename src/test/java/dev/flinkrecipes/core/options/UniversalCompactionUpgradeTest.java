package dev.flinkrecipes.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * {@code --state-backend rocksdb} now compacts universally and compresses with LZ4, where earlier
 * releases left RocksDB's levelled compaction with Snappy. A retained checkpoint or native
 * savepoint of an earlier release is such a levelled database, which a job of this release opens as
 * it is (same parallelism: RocksDB reopens the checkpoint's files). So: a database written with
 * levelled compaction, with files on levels below 0, opens under the new settings (Flink's RocksDB
 * library, the one the backend loads), every key reads back, and writes and a full compaction go
 * on.
 */
class UniversalCompactionUpgradeTest {
    private static final int KEYS = 200_000;

    @Test
    void aLevelledSnappyDatabaseOpensWithUniversalCompactionAndLz4(@TempDir Path dir)
            throws Exception {
        RocksDB.loadLibrary();
        String path = dir.toString();
        try (Options levelled =
                        new Options()
                                .setCreateIfMissing(true)
                                .setCompactionStyle(CompactionStyle.LEVEL)
                                .setCompressionType(CompressionType.SNAPPY_COMPRESSION)
                                // small files and levels, so a few MB spread over several levels
                                .setWriteBufferSize(256 * 1024)
                                .setTargetFileSizeBase(256 * 1024)
                                .setMaxBytesForLevelBase(1024 * 1024);
                RocksDB db = RocksDB.open(levelled, path)) {
            for (int i = 0; i < KEYS; i++) db.put(key(i), value(i));
            db.compactRange();
            assertThat(filesBelowLevel0(db)).as("files on levels 1-6").isGreaterThan(1);
        }
        try (Options universal =
                        new Options()
                                .setCompactionStyle(CompactionStyle.UNIVERSAL)
                                .setCompressionType(CompressionType.LZ4_COMPRESSION);
                RocksDB db = RocksDB.open(universal, path)) {
            for (int i = 0; i < KEYS; i += 997) assertThat(db.get(key(i))).isEqualTo(value(i));
            for (int i = KEYS; i < KEYS + 10_000; i++) db.put(key(i), value(i));
            db.put(key(0), value(-1)); // an update of a key in a levelled file
            db.compactRange();
            assertThat(db.get(key(0))).isEqualTo(value(-1));
            for (int i = 1; i < KEYS + 10_000; i += 997)
                assertThat(db.get(key(i))).isEqualTo(value(i));
            assertThat(db.getLongProperty("rocksdb.estimate-num-keys"))
                    .isBetween((long) KEYS, (long) KEYS + 20_000);
        }
    }

    private static long filesBelowLevel0(RocksDB db) throws Exception {
        long files = 0;
        for (int level = 1; level < 7; level++)
            files += Long.parseLong(db.getProperty("rocksdb.num-files-at-level" + level));
        return files;
    }

    private static byte[] key(int i) {
        return String.format("user_%09d", i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        return ("{\"total_events\":" + i + ",\"total_spent\":" + i * 1.5 + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
