package io.indicate.generate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Cuts the queue_log into files of {@code minutes} each, aligned to UTC, named
 * {@code queue_log.YYYYMMDDTHHMM} after the slice start in UTC, so that a test can deliver data the way a
 * near-real-time feed would, one slice at a time. Slices without events are not written.
 */
record MinuteSlices(int minutes) implements QueueLogLayout {
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("'queue_log.'yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    MinuteSlices {
        if (minutes < 1 || minutes > 1440) throw new IllegalArgumentException("slice minutes must be 1..1440, got " + minutes);
    }

    @Override
    public Span spanOf(long epochSecond) {
        long length = minutes * 60L;
        long from = Math.floorDiv(epochSecond, length) * length;
        return new Span(NAME.format(Instant.ofEpochSecond(from)), from, from + length);
    }

    @Override
    public boolean compressed(String fileName) {
        return false;
    }

    @Override
    public List<String> filesAlwaysWritten() {
        return List.of();
    }
}
