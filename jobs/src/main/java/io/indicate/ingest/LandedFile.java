package io.indicate.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One landed source file as a batch meets it: hashed, or already settled without reading a record: unreadable
 * (quarantined whole) or a content an earlier file already loaded. Every reader opens its files through here,
 * so the skip and quarantine rules are the same for all sources.
 *
 * <p>The file is streamed, never held whole: opening reads it once to hash its content (decompressed when
 * gzipped), and {@link #unreadLines()} reads it a second time over the same open file, so a file renamed by
 * a rotation in between is still the one hashed. The content is what the first read saw: bytes Asterisk
 * appends after it wait for the next batch. Close it when done.
 *
 * <p>Hostile files are settled on opening too: a symbolic link is not followed (a landing folder holds the
 * files themselves; a link could point anywhere on the machine) and is skipped with that reason in the run's
 * report; a content over the {@link IngestLimits} (a gzip bomb, a file far larger than any real one) is
 * refused, quarantined whole with the reason, as soon as the hashing read passes the limit.
 */
public final class LandedFile implements Closeable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final String file;
    private final FSDataInputStream in;
    private final long rawLength;
    private final boolean compressed;
    private final long length;
    private final String checksum;
    private final int maxLineBytes;
    private final Resume resume;
    private final FileReport settled;
    /** The stream of the read under way, closed before the next one starts. */
    private InputStream current;

    /** Where the unread lines start: after {@code offset} bytes and {@code lines} lines, whose SHA-256 state is {@code digest}. */
    private record Resume(long offset, long lines, MessageDigest digest) {}

    private record Hashed(long length, String checksum, MessageDigest atOffset) {}

    /** A content over the limits: refused whole, with the reason. */
    private static final class Refused extends IOException {
        Refused(String reason) {
            super(reason);
        }
    }

    private LandedFile(String file, FSDataInputStream in, long rawLength, boolean compressed, long length, String checksum,
                       int maxLineBytes, Resume resume, FileReport settled) {
        this.file = file;
        this.maxLineBytes = maxLineBytes;
        this.in = in;
        this.rawLength = rawLength;
        this.compressed = compressed;
        this.length = length;
        this.checksum = checksum;
        this.resume = resume;
        this.settled = settled;
    }

    /** Opens a file found in a landing folder: a symbolic link there is not followed. */
    public static LandedFile open(Configuration conf, String file, String source, IngestManifest manifest,
                                  List<QuarantineRecord> quarantine, IngestLimits limits) {
        return open(conf, file, source, manifest, quarantine, limits, false);
    }

    private static LandedFile open(Configuration conf, String file, String source, IngestManifest manifest,
                                   List<QuarantineRecord> quarantine, IngestLimits limits, boolean followLinks) {
        FSDataInputStream in = null;
        try {
            Path p = new Path(file);
            FileSystem fs = p.getFileSystem(conf);
            if (!followLinks && SourceFiles.isSymlink(fs, p)) {
                return new LandedFile(file, null, 0, false, 0, null, 0, null,
                        FileReport.skipped(file, null, "a symbolic link, not followed (land the file itself)"));
            }
            long rawLength = fs.getFileStatus(p).getLen();
            in = fs.open(p);
            boolean compressed = SourceFiles.startsWithGzipMagic(in);
            var last = manifest.lastRead(file);
            Hashed hashed;
            FSDataInputStream raw = in;
            try (InputStream content = content(in, rawLength, compressed)) {
                String tooLarge = compressed ? null : limits.refusal(rawLength, false, rawLength);
                if (tooLarge != null) throw new Refused(tooLarge);
                hashed = hash(content, last.map(IngestManifest.Consumed::bytes).orElse(-1L),
                        read -> limits.refusal(read, compressed, raw.getPos()));
            } catch (Refused e) {
                throw e;
            } catch (IOException e) {
                if (!compressed) throw e;
                throw new IOException("not a readable gzip file (" + e.getMessage() + ")", e);
            }
            var earlier = manifest.alreadyLoaded(hashed.checksum());
            if (earlier.isPresent()) {
                closeQuietly(in);
                return new LandedFile(file, null, rawLength, compressed, hashed.length(), hashed.checksum(), 0, null,
                        FileReport.skipped(file, hashed.checksum(),
                                earlier.get().equals(file) ? FileReport.ALREADY_LOADED : "same content as " + earlier.get()));
            }
            // the file grown since the last batch (same name, same bytes up to where it stopped) goes on from there
            Resume resume = last.isPresent() && hashed.atOffset() != null
                    && hex(hashed.atOffset()).equals(last.get().prefixChecksum())
                    ? new Resume(last.get().bytes(), last.get().lines(), hashed.atOffset())
                    : new Resume(0, 0, SourceFiles.sha256Digest());
            return new LandedFile(file, in, rawLength, compressed, hashed.length(), hashed.checksum(), limits.maxLineBytes(),
                    resume, null);
        } catch (IOException e) {
            closeQuietly(in);
            String reason = e instanceof Refused ? "refused file: " + e.getMessage() : "unreadable file: " + e.getMessage();
            return new LandedFile(file, null, 0, false, 0, null, 0, null, quarantinedWhole(source, file, reason, quarantine));
        }
    }

    /** Quarantines a file whole, one row; its report counts it as one row, read again by the next batch. */
    private static FileReport quarantinedWhole(String source, String file, String reason, List<QuarantineRecord> quarantine) {
        quarantine.add(new QuarantineRecord(source, file, 0, null, reason));
        return new FileReport(file, "unreadable:" + file, 0, 0, "", 1, 0, 0, 1, 0, 0, null, null, null);
    }

    /** Reads the lines of a landed file that needs reading and reports what it did. */
    @FunctionalInterface
    public interface Reader {
        FileReport read(LandedFile landed) throws IOException;
    }

    /**
     * Opens the files of {@code dir} one after the other (oldest rotation first) and has {@code reader} read each
     * one not settled on opening; one report per file.
     */
    public static List<FileReport> readEach(Configuration conf, String dir, String source, IngestManifest manifest,
                                            List<QuarantineRecord> quarantine, IngestLimits limits, Reader reader)
            throws IOException {
        List<FileReport> reports = new ArrayList<>();
        for (String file : SourceFiles.list(conf, dir)) {
            try (LandedFile landed = open(conf, file, source, manifest, quarantine, limits)) {
                reports.add(landed.settled() != null ? landed.settled() : reader.read(landed));
            }
        }
        return reports;
    }

    /** The report of a file that needs no reading (unreadable or already loaded), or null. */
    public FileReport settled() { return settled; }

    public String file() { return file; }

    public String checksum() { return checksum; }

    /** A file read whole: its content and checksum, or the report of a file settled on opening (then no content). */
    public record Whole(byte[] bytes, String checksum, FileReport settled) {}

    /**
     * Reads a file whole, for a source whose files are small enough to hold (a CRM page, a roster). A symbolic
     * link is followed only for a file the operator named ({@code followLinks}: the roster's path), never for one
     * found in a landing folder.
     */
    public static Whole readWhole(Configuration conf, String file, String source, IngestManifest manifest,
                                  List<QuarantineRecord> quarantine, IngestLimits limits, boolean followLinks) {
        try (LandedFile landed = open(conf, file, source, manifest, quarantine, limits, followLinks)) {
            if (landed.settled != null) return new Whole(null, null, landed.settled);
            if (landed.length > Integer.MAX_VALUE - 8) {
                return new Whole(null, null, quarantinedWhole(source, file, String.format(
                        "refused file: content of %,d bytes cannot be read whole (a %s file is expected under 2 GiB)", landed.length, source),
                        quarantine));
            }
            return new Whole(landed.restart(0).readNBytes((int) landed.length), landed.checksum, null);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A file the operator named (the roster, the goals), read whole as {@link #readWhole} reads it, with the source's
     * manifest of files loaded before; a missing file is an error naming it.
     */
    public static Whole readNamed(io.indicate.warehouse.Warehouse warehouse, String file, String source,
                                  List<QuarantineRecord> quarantine, IngestLimits limits) throws IOException {
        Configuration conf = warehouse.spark().sparkContext().hadoopConfiguration();
        Path path = new Path(file);
        if (!path.getFileSystem(conf).exists(path)) throw new IllegalArgumentException(source + " file not found: " + file);
        return readWhole(conf, file, source, IngestManifest.load(warehouse, source), quarantine, limits, true);
    }

    /**
     * The complete lines no earlier batch read: from where the last batch stopped when this file is that
     * file grown (same name, same bytes up to there), else from the start.
     */
    public LineSlice unreadLines() throws IOException {
        return LineSlice.of(restart(resume.offset()), resume.offset(), length, resume.lines(), copy(resume.digest()), compressed,
                maxLineBytes);
    }

    /** A new read of the content from {@code offset} on. */
    private InputStream restart(long offset) throws IOException {
        if (current != null) current.close();
        in.seek(compressed ? 0 : offset);
        current = content(in, rawLength, compressed);
        if (compressed) current.skipNBytes(offset);
        return current;
    }

    @Override
    public void close() throws IOException {
        if (current != null) current.close();
        if (in != null) in.close();
    }

    /**
     * The content from the stream's position: decompressed when gzipped. Closing it leaves the file open.
     * GZIPInputStream asks {@code available()} whether a concatenated member follows, so the raw stream
     * answers with what is truly left of the file rather than of a buffer.
     */
    private static InputStream content(FSDataInputStream file, long rawLength, boolean compressed) throws IOException {
        InputStream raw = new BufferedInputStream(new FilterInputStream(file) {
            @Override
            public int available() throws IOException {
                return (int) Math.min(Integer.MAX_VALUE, Math.max(0, rawLength - file.getPos()));
            }

            @Override
            public void close() {
                // the file stays open for the next read
            }
        }, BUFFER_BYTES);
        return compressed ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
    }

    /** Why a content is refused once {@code bytesRead} of it were read, or null. */
    @FunctionalInterface
    private interface Limit {
        String refusal(long bytesRead) throws IOException;
    }

    /**
     * Hashes the content, keeping the digest's state at {@code offset} too when the content reaches it; stops
     * with {@link Refused} as soon as {@code limit} refuses what was read.
     */
    private static Hashed hash(InputStream content, long offset, Limit limit) throws IOException {
        MessageDigest md = SourceFiles.sha256Digest();
        MessageDigest atOffset = offset == 0 ? copy(md) : null;
        byte[] buffer = new byte[BUFFER_BYTES];
        long position = 0;
        int n;
        while ((n = content.readNBytes(buffer, 0, buffer.length)) > 0) {
            if (atOffset == null && offset > position && offset <= position + n) {
                int k = (int) (offset - position);
                md.update(buffer, 0, k);
                atOffset = copy(md);
                md.update(buffer, k, n - k);
            } else {
                md.update(buffer, 0, n);
            }
            position += n;
            String refusal = limit.refusal(position);
            if (refusal != null) throw new Refused(refusal);
        }
        return new Hashed(position, HexFormat.of().formatHex(md.digest()), atOffset);
    }

    private static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(copy(md).digest());
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be copied", e);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // already failing: the first error is the one reported
        }
    }

    /** A whole file's text (a roster, a goals file); bytes that are not UTF-8 refuse the file, naming the line, rather than being replaced. */
    public static String utf8Text(byte[] bytes, String source, String file) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            long line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new IllegalArgumentException(String.format("%s %s: line %d is not valid UTF-8 (byte 0x%02X; files are read as UTF-8)",
                    source, file, line, bytes[at] & 0xff));
        }
        return out.flip().toString();
    }
}
