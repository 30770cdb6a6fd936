package io.indicate.build;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * bronze.queue_log rows for a model test, written as a queue_log is read: one event a line at a local time of
 * Europe/Stockholm (or a UTC instant, for the repeated hour of the autumn DST day), in file order.
 */
final class QueueLogRows {
    static final String COLUMNS = "line_hash, epoch, callid, queue, agent, event, data1, data2, data3, data4, data5, "
            + "event_date, _source_file, _source_line";
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private final List<Object[]> rows = new ArrayList<>();

    /** An event at a local wall-clock time ({@code 2026-03-10T09:00:00}). */
    QueueLogRows at(String local, String callid, String queue, String agent, String event, String... data) {
        return add(LocalDateTime.parse(local).atZone(STOCKHOLM).toInstant(), callid, queue, agent, event, data);
    }

    /** An event at a UTC instant ({@code 2026-10-25T00:30:00}). */
    QueueLogRows utc(String utc, String callid, String queue, String agent, String event, String... data) {
        return add(Instant.parse(utc + "Z"), callid, queue, agent, event, data);
    }

    private QueueLogRows add(Instant at, String callid, String queue, String agent, String event, String... data) {
        Object[] d = new Object[5];
        System.arraycopy(data, 0, d, 0, data.length);
        long line = rows.size() + 1;
        rows.add(new Object[] {"line-" + line, at.getEpochSecond(), callid, queue, agent, event, d[0], d[1], d[2], d[3], d[4],
                at.atOffset(ZoneOffset.UTC).toLocalDate().toString(), "queue_log", line});
        return this;
    }

    Object[][] rows() {
        return rows.toArray(Object[][]::new);
    }
}
