package io.indicate.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete lines of a file from a byte offset on. A last line without its newline is still being
 * written and is held back ({@link #pendingLines()} = 1), unless the file is final (a compressed rotation),
 * where it is complete. Line numbers count from the start of the file.
 */
public final class LineSlice {
    /** A line and its 1-based number in the file. */
    public record Line(long number, String text) {}

    private final List<Line> lines;
    private final long endOffset;
    private final long endLineCount;
    private final int pendingLines;

    private LineSlice(List<Line> lines, long endOffset, long endLineCount, int pendingLines) {
        this.lines = lines;
        this.endOffset = endOffset;
        this.endLineCount = endLineCount;
        this.pendingLines = pendingLines;
    }

    public static LineSlice of(byte[] content, long startOffset, long linesBefore, boolean contentIsFinal) {
        List<Line> out = new ArrayList<>();
        int pos = (int) startOffset;
        long lineNo = linesBefore;
        int pending = 0;
        while (pos < content.length) {
            int nl = indexOf(content, (byte) '\n', pos);
            if (nl < 0 && !contentIsFinal) {
                pending = 1;
                break;
            }
            int end = nl < 0 ? content.length : nl;
            int textEnd = end > pos && content[end - 1] == '\r' ? end - 1 : end;
            lineNo++;
            out.add(new Line(lineNo, new String(content, pos, textEnd - pos, StandardCharsets.UTF_8)));
            pos = nl < 0 ? content.length : nl + 1;
        }
        return new LineSlice(out, pos, lineNo, pending);
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }

    public List<Line> lines() { return lines; }

    /** Bytes of the file consumed once these lines are loaded (up to and including the last newline read). */
    public long endOffset() { return endOffset; }

    public long endLineCount() { return endLineCount; }

    public int pendingLines() { return pendingLines; }
}
