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
                content.length, linesBefore, before, contentIsFinal, 1 << 20);
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
        LineSlice s = LineSlice.of(new ByteArrayInputStream(content), 0, hashed, 0, SourceFiles.sha256Digest(), false, 1 << 20);
        assertEquals(List.of("short", new String(longLine), "å", ""), texts(s));
        assertEquals(4, s.endLineCount());
        assertEquals(1, s.pendingLines(), "'half' is the last line of what was hashed");
        assertEquals(hashed - 4, s.endOffset());
        assertEquals(SourceFiles.sha256(content, hashed - 4), s.consumedChecksum());
    }

    @Test
    void aLineOverTheLimitIsReportedWithItsStartAndReadPastWithoutHoldingIt() throws IOException {
        char[] huge = new char[300_000];
        Arrays.fill(huge, 'x');
        byte[] content = bytes("a\n" + new String(huge) + "\nb\n" + new String(huge));
        LineSlice s = LineSlice.of(new ByteArrayInputStream(content), 0, content.length, 0, SourceFiles.sha256Digest(), true, 100_000);
        List<LineSlice.Line> lines = readAll(s);
        assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(LineSlice.Line::number).toList());
        assertEquals(new LineSlice.Line(1, "a"), lines.get(0));
        assertEquals(new LineSlice.Line(3, "b"), lines.get(2));
        for (LineSlice.Line overLong : List.of(lines.get(1), lines.get(3))) {
            assertEquals("line of 300,000 bytes is longer than ingest_max_line_bytes (100,000); only its first 1,024 bytes are kept here",
                    overLong.problem());
            assertEquals(new String(huge, 0, 1024), overLong.text());
        }
        assertEquals(content.length, s.endOffset());
        assertEquals(SourceFiles.sha256(content, content.length), s.consumedChecksum(), "every byte of the long lines is in the checksum");
    }

    @Test
    void aLineThatIsNotUtf8IsNotReplacedSilently() throws IOException {
        byte[] latin1 = "Café\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = bytes("ok\uFFFD\r\nend\n");
        byte[] content = Arrays.copyOf(latin1, latin1.length + utf8.length);
        System.arraycopy(utf8, 0, content, latin1.length, utf8.length);
        List<LineSlice.Line> lines = readAll(slice(content, 0, 0, false));
        assertEquals("not valid UTF-8: byte 0xE9 at byte 4 of the line (files are read as UTF-8)", lines.get(0).problem());
        assertEquals("Caf\uFFFD", lines.get(0).text());
        assertEquals(new LineSlice.Line(2, "ok\uFFFD"), lines.get(1), "a replacement character written as UTF-8 is data");
        assertEquals(new LineSlice.Line(3, "end"), lines.get(2));
    }
}
