package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time scans find what a byte-by-byte loop finds, on every byte value. */
class ByteScanTest {
    @Test
    void scansAgreeWithAPlainLoop() {
        Random rnd = new Random(7);
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // mostly plain letters, so that the bytes looked for are sparse
                b[i] =
                        rnd.nextInt(4) == 0
                                ? (byte) rnd.nextInt(256)
                                : (byte) ('a' + rnd.nextInt(26));
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteScan.lineEnd(b, from, to)).isEqualTo(naiveLineEnd(b, from, to));
            assertThat(ByteScan.stringStop(b, from, to)).isEqualTo(naiveStringStop(b, from, to));
        }
    }

    @Test
    void everyByteValueInEveryLane() {
        for (int v = 0; v < 256; v++) {
            for (int lane = 0; lane < 16; lane++) {
                byte[] b = new byte[16];
                java.util.Arrays.fill(b, (byte) 'x');
                b[lane] = (byte) v;
                assertThat(ByteScan.lineEnd(b, 0, 16)).isEqualTo(naiveLineEnd(b, 0, 16));
                assertThat(ByteScan.stringStop(b, 0, 16)).isEqualTo(naiveStringStop(b, 0, 16));
            }
        }
    }

    private static int naiveLineEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == '\n' || b[i] == '\r') return i;
        return -1;
    }

    private static int naiveStringStop(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c == '"' || c == '\\' || c < 0x20) return i;
        }
        return to;
    }
}
