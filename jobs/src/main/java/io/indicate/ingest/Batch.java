package io.indicate.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** One ingest run: its id (sortable by time, unique), its start time and the local date it ran on. */
public record Batch(String id, Instant startedAt, LocalDate localDate) {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static Batch start(ZoneId zone) {
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Batch(id, now, now.atZone(zone).toLocalDate());
    }

    public java.sql.Timestamp startedAtTimestamp() {
        return java.sql.Timestamp.from(startedAt);
    }
}
