package io.indicate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The complete lines of a file from a byte offset on, read one at a time from a stream, so memory holds one
 * line and a fixed buffer whatever the file's size. Lines end at {@code '\n'} (a {@code '\r'} before it is
 * dropped) and are decoded as UTF-8. A last line without its newline is still being written and is held back
 * ({@link #pendingLines()} = 1), unless the file is final (a compressed rotation), where it is complete. Line
 * numbers count from the start of the file. The end offset, line count and checksum of the bytes consumed
 * are known once {@link #next()} has returned null.
 */
public final class LineSlice {
    /** A line and its 1-based number in the file. */
    public record Line(long number, String text) {}

    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final boolean contentIsFinal;
    /** Bytes of the content the stream may still deliver: a file still being written stops where it was hashed. */
    private long unread;
    private final MessageDigest consumed;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    /** The start of a line longer than what is left of the buffer. */
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean exhausted;
    private long endOffset;
    private long lineCount;
    private int pendingLines;

    private LineSlice(InputStream in, long startOffset, long contentLength, long linesBefore, MessageDigest consumedBefore,
                      boolean contentIsFinal) {
        this.in = in;
        this.unread = Math.max(0, contentLength - startOffset);
        this.endOffset = startOffset;
        this.lineCount = linesBefore;
        this.consumed = consumedBefore;
        this.contentIsFinal = contentIsFinal;
    }

    /**
     * Lines of {@code rest}, a stream of the content from {@code startOffset} on, read up to {@code contentLength}
     * (the content's end); {@code linesBefore} lines precede it and {@code consumedBefore} is the SHA-256 of the
     * bytes before it, which the slice goes on updating with every line it returns.
     */
    public static LineSlice of(InputStream rest, long startOffset, long contentLength, long linesBefore,
                               MessageDigest consumedBefore, boolean contentIsFinal) {
        return new LineSlice(rest, startOffset, contentLength, linesBefore, consumedBefore, contentIsFinal);
    }

    /** The next complete line, or null when the slice has no more. */
    public Line next() throws IOException {
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') return take(i + 1, i);
            }
            if (exhausted || !fill()) {
                exhausted = true;
                if (carryLength == 0 && position == limit) return null;
                if (!contentIsFinal) {
                    pendingLines = 1;
                    carryLength = 0;
                    position = limit;
                    return null;
                }
                return take(limit, limit);
            }
        }
    }

    /** Takes the line whose text ends before {@code textEnd} in the buffer (after any carry), consuming up to {@code end}. */
    private Line take(int end, int textEnd) {
        long bytes = carryLength + (long) (end - position);
        consumed.update(carry, 0, carryLength);
        consumed.update(buffer, position, end - position);
        String text;
        if (carryLength == 0) {
            text = decode(buffer, position, textEnd);
        } else {
            appendToCarry(position, textEnd);
            text = decode(carry, 0, carryLength);
        }
        carryLength = 0;
        position = end;
        endOffset += bytes;
        lineCount++;
        return new Line(lineCount, text);
    }

    private static String decode(byte[] bytes, int from, int to) {
        int textEnd = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(bytes, from, textEnd - from, StandardCharsets.UTF_8);
    }

    /** Moves what is left of the buffer into the carry and refills the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        appendToCarry(position, limit);
        position = 0;
        limit = 0;
        if (unread == 0) return false;
        int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, unread));
        if (n == 0) return false;
        unread -= n;
        limit = n;
        return true;
    }

    private void appendToCarry(int from, int to) {
        int n = to - from;
        if (n == 0) return;
        if (carryLength + n > carry.length) carry = Arrays.copyOf(carry, Math.max(carryLength + n, carry.length * 2));
        System.arraycopy(buffer, from, carry, carryLength, n);
        carryLength += n;
    }

    /** Bytes of the file consumed once these lines are loaded (up to and including the last newline read). */
    public long endOffset() { return endOffset; }

    public long endLineCount() { return lineCount; }

    public int pendingLines() { return pendingLines; }

    /** SHA-256 of the file's first {@link #endOffset()} bytes. */
    public String consumedChecksum() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) consumed.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be copied", e);
        }
    }
}
