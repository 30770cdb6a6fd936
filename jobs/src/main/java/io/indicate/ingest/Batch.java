package io.indicate.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * One ingest run: its id (sortable by time, unique), its start time, the local date it ran on, and the earlier
 * batches that died before they were recorded ({@link UnrecordedBatches}), whose rows in bronze this one takes
 * over when it reads the same records again.
 */
public record Batch(String id, Instant startedAt, LocalDate localDate, List<String> unrecorded) {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public Batch {
        unrecorded = List.copyOf(unrecorded);
    }

    public static Batch start(ZoneId zone) {
        return start(zone, List.of());
    }

    public static Batch start(ZoneId zone, List<String> unrecorded) {
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Batch(id, now, now.atZone(zone).toLocalDate(), unrecorded);
    }

    public java.sql.Timestamp startedAtTimestamp() {
        return java.sql.Timestamp.from(startedAt);
    }
}
