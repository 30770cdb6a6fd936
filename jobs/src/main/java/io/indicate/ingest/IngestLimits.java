package io.indicate.ingest;

import io.indicate.config.Settings;

/**
 * What a landed file may hold before it is refused, so that no file can exhaust memory or disk time: the
 * content's size (decompressed), how far a gzip may expand beyond its compressed size, and a line's length.
 * None of them is about ordinary files: size alone refuses only a file far larger than any real source.
 *
 * @param maxFileBytes   largest content of one file, in bytes after decompression ({@code ingest_max_file_bytes})
 * @param maxGzipRatio   largest decompressed-to-compressed ratio of a gzip once it has expanded past
 *                       {@link #GZIP_RATIO_FROM_BYTES} ({@code ingest_max_gzip_ratio}): a gzip bomb is refused
 *                       long before it is unpacked
 * @param maxLineBytes   longest line of a line-based source ({@code ingest_max_line_bytes}); a longer one is
 *                       quarantined, its text cut, and never held whole
 */
public record IngestLimits(long maxFileBytes, int maxGzipRatio, int maxLineBytes) {
    /** A small gzip may compress far better than real data (a file of one repeated line): the ratio counts from here on. */
    public static final long GZIP_RATIO_FROM_BYTES = 64L << 20;

    public static IngestLimits of(Settings settings) {
        return new IngestLimits(settings.ingestMaxFileBytes(), settings.ingestMaxGzipRatio(), settings.ingestMaxLineBytes());
    }

    /** Why a content of {@code contentBytes} so far, {@code compressedBytes} of gzip read for it, is refused; null if it is not. */
    String refusal(long contentBytes, boolean compressed, long compressedBytes) {
        if (contentBytes > maxFileBytes) {
            return String.format("content is over %,d bytes, the ingest_max_file_bytes limit", maxFileBytes);
        }
        if (compressed && contentBytes > GZIP_RATIO_FROM_BYTES && contentBytes > (double) maxGzipRatio * Math.max(1, compressedBytes)) {
            return String.format("gzip expands more than %d times (over %,d bytes from %,d; ingest_max_gzip_ratio): refused as a gzip bomb",
                    maxGzipRatio, contentBytes, compressedBytes);
        }
        return null;
    }
}
