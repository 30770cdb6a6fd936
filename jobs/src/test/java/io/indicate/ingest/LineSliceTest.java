package io.indicate.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineSliceTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The slice of {@code content} from {@code startOffset} on, as LandedFile hands it over. */
    private static LineSlice slice(byte[] content, int startOffset, long linesBefore, boolean contentIsFinal) {
        MessageDigest before = SourceFiles.sha256Digest();
        before.update(content, 0, startOffset);
        return LineSlice.of(new ByteArrayInputStream(content, startOffset, content.length - startOffset), startOffset,
                content.length, linesBefore, before, contentIsFinal);
    }

    private static List<LineSlice.Line> readAll(LineSlice s) throws IOException {
        List<LineSlice.Line> lines = new ArrayList<>();
        for (LineSlice.Line l = s.next(); l != null; l = s.next()) lines.add(l);
        return lines;
    }

    private static List<String> texts(LineSlice s) throws IOException {
        return readAll(s).stream().map(LineSlice.Line::text).toList();
    }

    @Test
    void aLastLineWithoutNewlineIsHeldBackWhileTheFileIsBeingWritten() throws IOException {
        LineSlice s = slice(bytes("a\nb\nhalf"), 0, 0, false);
        assertEquals(List.of("a", "b"), texts(s));
        assertEquals(1, s.pendingLines());
        assertEquals(4, s.endOffset());
        assertEquals(SourceFiles.sha256(bytes("a\nb\n"), 4), s.consumedChecksum());
    }

    @Test
    void aFinalFileHasNoPendingLine() throws IOException {
        LineSlice s = slice(bytes("a\nlast"), 0, 0, true);
        assertEquals(List.of("a", "last"), texts(s));
        assertEquals(0, s.pendingLines());
        assertEquals(6, s.endOffset());
    }

    @Test
    void readingFromAnOffsetContinuesTheLineNumbers() throws IOException {
        byte[] content = bytes("a\nb\nc\r\nd\n");
        LineSlice s = slice(content, 4, 2, false);
        assertEquals(List.of(new LineSlice.Line(3, "c"), new LineSlice.Line(4, "d")), readAll(s));
        assertEquals(4, s.endLineCount());
        assertEquals(SourceFiles.sha256(content, content.length), s.consumedChecksum(), "the checksum covers the bytes before the offset too");
    }

    @Test
    void linesLongerThanTheReadBufferAreWholeAndTheContentEndsWhereItWasHashed() throws IOException {
        char[] longLine = new char[200_000];
        Arrays.fill(longLine, 'x');
        String text = "short\n" + new String(longLine) + "\r\nå\n\nhalf";
        byte[] content = bytes(text + "-and-more-written-after-hashing");
        int hashed = bytes(text).length;
        LineSlice s = LineSlice.of(new ByteArrayInputStream(content), 0, hashed, 0, SourceFiles.sha256Digest(), false);
        assertEquals(List.of("short", new String(longLine), "å", ""), texts(s));
        assertEquals(4, s.endLineCount());
        assertEquals(1, s.pendingLines(), "'half' is the last line of what was hashed");
        assertEquals(hashed - 4, s.endOffset());
        assertEquals(SourceFiles.sha256(content, hashed - 4), s.consumedChecksum());
    }
}
