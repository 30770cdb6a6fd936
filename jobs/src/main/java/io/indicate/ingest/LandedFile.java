package io.indicate.ingest;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.List;

/**
 * One landed source file as a batch meets it: read (decompressed) with its checksum, or already settled
 * without reading a record: unreadable (quarantined whole) or a content an earlier file already loaded.
 * Every reader opens its files through here, so the skip and quarantine rules are the same for all sources.
 */
public final class LandedFile {
    private final String file;
    private final SourceFiles.Content content;
    private final String checksum;
    private final FileReport settled;

    private LandedFile(String file, SourceFiles.Content content, String checksum, FileReport settled) {
        this.file = file;
        this.content = content;
        this.checksum = checksum;
        this.settled = settled;
    }

    public static LandedFile open(Configuration conf, String file, String source, IngestManifest manifest,
                                  List<QuarantineRecord> quarantine) {
        SourceFiles.Content content;
        try {
            content = SourceFiles.read(conf, file);
        } catch (IOException e) {
            quarantine.add(new QuarantineRecord(source, file, 0, null, "unreadable file: " + e.getMessage()));
            return new LandedFile(file, null, null,
                    new FileReport(file, "unreadable:" + file, 0, 0, "", 1, 0, 0, 1, 0, null, null, null));
        }
        byte[] bytes = content.bytes();
        String checksum = SourceFiles.sha256(bytes, bytes.length);
        var earlier = manifest.alreadyLoaded(checksum);
        if (earlier.isPresent()) {
            return new LandedFile(file, content, checksum, FileReport.skipped(file, checksum, "same content as " + earlier.get()));
        }
        return new LandedFile(file, content, checksum, null);
    }

    /** The report of a file that needs no reading (unreadable or already loaded), or null. */
    public FileReport settled() { return settled; }

    public String file() { return file; }

    public byte[] bytes() { return content.bytes(); }

    public String checksum() { return checksum; }

    /**
     * The complete lines no earlier batch read: from where the last batch stopped when this file is that
     * file grown (same name, same bytes up to there), else from the start.
     */
    public LineSlice unreadLines(IngestManifest manifest) {
        byte[] bytes = content.bytes();
        var last = manifest.lastRead(file);
        if (last.isPresent() && bytes.length >= last.get().bytes()
                && SourceFiles.sha256(bytes, (int) last.get().bytes()).equals(last.get().prefixChecksum())) {
            return LineSlice.of(bytes, last.get().bytes(), last.get().lines(), content.compressed());
        }
        return LineSlice.of(bytes, 0, 0, content.compressed());
    }
}
