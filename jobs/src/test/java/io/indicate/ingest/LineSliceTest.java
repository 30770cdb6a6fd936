package io.indicate.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineSliceTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLastLineWithoutNewlineIsHeldBackWhileTheFileIsBeingWritten() {
        LineSlice s = LineSlice.of(bytes("a\nb\nhalf"), 0, 0, false);
        assertEquals(List.of("a", "b"), s.lines().stream().map(LineSlice.Line::text).toList());
        assertEquals(1, s.pendingLines());
        assertEquals(4, s.endOffset());
    }

    @Test
    void aFinalFileHasNoPendingLine() {
        LineSlice s = LineSlice.of(bytes("a\nlast"), 0, 0, true);
        assertEquals(List.of("a", "last"), s.lines().stream().map(LineSlice.Line::text).toList());
        assertEquals(0, s.pendingLines());
    }

    @Test
    void readingFromAnOffsetContinuesTheLineNumbers() {
        LineSlice s = LineSlice.of(bytes("a\nb\nc\r\nd\n"), 4, 2, false);
        assertEquals(List.of(new LineSlice.Line(3, "c"), new LineSlice.Line(4, "d")), s.lines());
        assertEquals(4, s.endLineCount());
    }
}
