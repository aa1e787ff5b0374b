package dev.flinkrecipes.core.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next byte of interest eight bytes at a time (SWAR: one long read and a few arithmetic
 * steps instead of eight compares), for the scans that take most of the time of reading a line and
 * its strings. A byte {@code x} equal to {@code c} is a zero byte of {@code x ^ c}; {@code (v -
 * 0x01..) & ~v & 0x80..} marks the lowest zero byte of {@code v} exactly (marks above it may be
 * false, from the borrow), so the lowest mark of several such masks is the first byte that any of
 * them looks for.
 */
public final class ByteScan {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long LINE_FEEDS = '\n' * ONES;
    private static final long CARRIAGE_RETURNS = '\r' * ONES;
    private static final long SPACES = ' ' * ONES;

    private ByteScan() {}

    /** The first '\n' or '\r' in [from, to), or -1. */
    public static int lineEnd(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - 8; i += 8) {
            long w = (long) LONGS.get(b, i);
            long found = zeroBytes(w ^ LINE_FEEDS) | zeroBytes(w ^ CARRIAGE_RETURNS);
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < to; i++) {
            if (b[i] == '\n' || b[i] == '\r') return i;
        }
        return -1;
    }

    /**
     * The first byte in [from, to) that ends a JSON string's plain run: '"', '\\' or a control
     * character (below 0x20; bytes from 0x80 are parts of UTF-8 sequences); {@code to} if none.
     */
    static int stringStop(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - 8; i += 8) {
            long w = (long) LONGS.get(b, i);
            // below 0x20: w - 0x20.. borrows into a byte's top bit only if it was below 0x20 (or
            // from a lower such byte); ~w leaves out the bytes from 0x80
            long found =
                    zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | (w - SPACES) & ~w & HIGHS;
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) return i;
        }
        return to;
    }

    /** The eight bytes at {@code i} as a little-endian long (byte i the lowest). */
    static long longAt(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }
}
