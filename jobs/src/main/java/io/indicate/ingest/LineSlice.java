package io.indicate.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The complete lines of a file from a byte offset on, read one at a time from a stream, so memory holds at most
 * one line of {@code maxLineBytes} and a fixed buffer whatever the file's size. Lines end at {@code '\n'} (a
 * {@code '\r'} before it is dropped) and are decoded as UTF-8. A last line without its newline is still being
 * written and is held back ({@link #pendingLines()} = 1), unless the file is final (a compressed rotation), where
 * it is complete. Line numbers count from the start of the file. The end offset, line count and checksum of the
 * bytes consumed are known once {@link #next()} has returned null.
 *
 * <p>A line the reader must not load has a {@link Line#problem()}: one longer than {@code maxLineBytes} (its
 * text is then only its first {@value #RAW_PREFIX_BYTES} bytes; the rest is read past, never held), or one
 * that is not valid UTF-8 (its text has U+FFFD where the bad bytes were). Either way it still counts as a line.
 */
public final class LineSlice {
    /** A line, its 1-based number in the file and, for a line that cannot be loaded, why (else null). */
    public record Line(long number, String text, String problem) {
        public Line(long number, String text) {
            this(number, text, null);
        }
    }

    private static final int BUFFER_BYTES = 64 * 1024;
    /** How much of an over-long line is kept to show in quarantine. */
    static final int RAW_PREFIX_BYTES = 1024;

    private final InputStream in;
    private final boolean contentIsFinal;
    private final int maxLineBytes;
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes of the content the stream may still deliver: a file still being written stops where it was hashed. */
    private long unread;
    private MessageDigest consumed;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    /** The start of a line longer than what is left of the buffer, at most {@code maxLineBytes} of it. */
    private byte[] carry = new byte[0];
    private int carryLength;
    /** Bytes of the line carried over, also those beyond {@code maxLineBytes} that were not kept. */
    private long carriedBytes;
    /** The checksum of the bytes consumed, up to the end of what is carried (null while nothing is). */
    private MessageDigest carriedDigest;
    private boolean exhausted;
    private long endOffset;
    private long lineCount;
    private int pendingLines;

    private LineSlice(InputStream in, long startOffset, long contentLength, long linesBefore, MessageDigest consumedBefore,
                      boolean contentIsFinal, int maxLineBytes) {
        if (maxLineBytes < RAW_PREFIX_BYTES) {
            throw new IllegalArgumentException("the line limit must be at least " + RAW_PREFIX_BYTES + " bytes, got " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.unread = Math.max(0, contentLength - startOffset);
        this.endOffset = startOffset;
        this.lineCount = linesBefore;
        this.consumed = consumedBefore;
        this.contentIsFinal = contentIsFinal;
    }

    /**
     * Lines of {@code rest}, a stream of the content from {@code startOffset} on, read up to {@code contentLength}
     * (the content's end); {@code linesBefore} lines precede it and {@code consumedBefore} is the SHA-256 of the
     * bytes before it, which the slice goes on updating with every line it returns. A line longer than
     * {@code maxLineBytes} (at least {@value #RAW_PREFIX_BYTES}) is returned with a problem and not held whole.
     */
    public static LineSlice of(InputStream rest, long startOffset, long contentLength, long linesBefore,
                               MessageDigest consumedBefore, boolean contentIsFinal, int maxLineBytes) {
        return new LineSlice(rest, startOffset, contentLength, linesBefore, consumedBefore, contentIsFinal, maxLineBytes);
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
                    carriedBytes = 0;
                    carriedDigest = null;
                    position = limit;
                    return null;
                }
                return take(limit, limit);
            }
        }
    }

    /** Takes the line whose text ends before {@code textEnd} in the buffer (after any carry), consuming up to {@code end}. */
    private Line take(int end, int textEnd) {
        long bytes = carriedBytes + (end - position);
        long textBytes = carriedBytes + (textEnd - position);
        if (carriedDigest != null) consumed = carriedDigest;
        consumed.update(buffer, position, end - position);
        Line line;
        if (textBytes > maxLineBytes) {
            keep(position, textEnd);
            line = new Line(lineCount + 1, new String(carry, 0, Math.min(carryLength, RAW_PREFIX_BYTES), StandardCharsets.UTF_8),
                    String.format("line of %,d bytes is longer than ingest_max_line_bytes (%,d); only its first %,d bytes are kept here",
                            textBytes, maxLineBytes, RAW_PREFIX_BYTES));
        } else if (carryLength == 0) {
            line = decode(lineCount + 1, buffer, position, textEnd);
        } else {
            keep(position, textEnd);
            line = decode(lineCount + 1, carry, 0, carryLength);
        }
        carryLength = 0;
        carriedBytes = 0;
        carriedDigest = null;
        position = end;
        endOffset += bytes;
        lineCount++;
        return line;
    }

    /**
     * The line's text; bytes that are not UTF-8 are not replaced silently: the line gets a problem naming the
     * first bad byte (only a text holding U+FFFD is checked again, so valid lines are decoded once).
     */
    private Line decode(long number, byte[] bytes, int from, int to) {
        int textEnd = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        String text = new String(bytes, from, textEnd - from, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) return new Line(number, text);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, textEnd - from);
        CoderResult result = strictUtf8.reset().decode(in, CharBuffer.allocate(textEnd - from), true);
        if (!result.isError()) return new Line(number, text);
        return new Line(number, text, String.format("not valid UTF-8: byte 0x%02X at byte %d of the line (files are read as UTF-8)",
                bytes[in.position()] & 0xff, in.position() - from + 1));
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

    /**
     * Carries the buffer's bytes {@code [from, to)} over into the line under way; all of them go into the checksum
     * of what the line consumes.
     */
    private void appendToCarry(int from, int to) {
        int n = to - from;
        if (n == 0) return;
        if (carriedDigest == null) carriedDigest = copy(consumed);
        carriedDigest.update(buffer, from, n);
        carriedBytes += n;
        keep(from, to);
    }

    /** Copies what fits of the buffer's bytes {@code [from, to)} into the carry, which never outgrows the line limit. */
    private void keep(int from, int to) {
        int kept = (int) Math.min(to - from, Math.max(0, (long) maxLineBytes + 1 - carryLength));
        if (kept == 0) return;
        if (carryLength + kept > carry.length) {
            carry = Arrays.copyOf(carry, Math.min(maxLineBytes + 1, Math.max(carryLength + kept, carry.length * 2)));
        }
        System.arraycopy(buffer, from, carry, carryLength, kept);
        carryLength += kept;
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be copied", e);
        }
    }

    /** Bytes of the file consumed once these lines are loaded (up to and including the last newline read). */
    public long endOffset() { return endOffset; }

    public long endLineCount() { return lineCount; }

    public int pendingLines() { return pendingLines; }

    /** SHA-256 of the file's first {@link #endOffset()} bytes. */
    public String consumedChecksum() {
        return HexFormat.of().formatHex(copy(consumed).digest());
    }
}
