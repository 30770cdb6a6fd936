package io.indicate.telephony;

import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows one telephony member's events in time order and cuts them into segments (KPI-DEFINITIONS.md,
 * the agent's day):
 * <ul>
 *   <li>a session ('logged_in') lasts while the member is logged in (AGENTLOGIN to AGENTLOGOFF, which also ends its
 *       queue memberships) or a member of a queue (the first ADDMEMBER to the REMOVEMEMBER that leaves it in none):
 *       a REMOVEMEMBER does not end a session begun by AGENTLOGIN, whose agent may also be a static member of
 *       queues the queue_log never names;</li>
 *   <li>a pause runs from PAUSE/PAUSEALL to UNPAUSE/UNPAUSEALL or the session's end, and only inside a
 *       session; a PAUSE with another reason while paused ends the first pause and starts the second (Asterisk
 *       logs one PAUSE per queue, so repeats with the same reason are one pause);</li>
 *   <li>what is still open at the end of the data is closed at {@code watermark}, the newest event time seen
 *       in any file, and marked open: a later build with more data extends it.</li>
 * </ul>
 * Every segment is split at local midnight of the configured zone.
 */
public final class SessionSegmenter implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;

    public static final Set<String> EVENTS = Set.of("AGENTLOGIN", "AGENTLOGOFF", "ADDMEMBER", "REMOVEMEMBER",
            "PAUSE", "UNPAUSE", "PAUSEALL", "UNPAUSEALL");
    /** The events that can begin a session (a pause begins only inside one). */
    public static final Set<String> SESSION_STARTS = Set.of("AGENTLOGIN", "ADDMEMBER");

    /** Input columns, in order. */
    public static final String[] INPUT = {"member", "event", "queue", "data1", "epoch", "_source_file", "_source_line"};

    public static final StructType OUTPUT = new StructType()
            .add("member", DataTypes.StringType, false)
            .add("date_local", DataTypes.DateType, false)
            .add("segment", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true)
            .add("is_acw", DataTypes.BooleanType, false)
            .add("start_utc", DataTypes.TimestampType, false)
            .add("end_utc", DataTypes.TimestampType, false)
            .add("seconds", DataTypes.LongType, false)
            .add("is_open", DataTypes.BooleanType, false);

    private final String zone;
    private final long watermark;
    private final Set<String> acwReasons;

    public SessionSegmenter(ZoneId zone, long watermark, Set<String> acwReasons) {
        this.zone = zone.getId();
        this.watermark = watermark;
        this.acwReasons = Set.copyOf(acwReasons);
    }

    private record Event(String event, String queue, String reason, long epoch, String file, long line) {}

    @Override
    public Iterator<Row> call(String member, Iterator<Row> rows) {
        List<Event> events = new ArrayList<>();
        rows.forEachRemaining(r -> events.add(new Event(r.getString(1), r.getString(2), r.getString(3),
                r.getLong(4), r.getString(5), r.getLong(6))));
        events.sort(Comparator.comparingLong(Event::epoch).thenComparing(Event::file).thenComparingLong(Event::line));

        List<Row> out = new ArrayList<>();
        TreeSet<String> queues = new TreeSet<>();
        boolean agentLoggedIn = false;
        Long sessionStart = null;
        Long pauseStart = null;
        String pauseReason = null;
        for (Event e : events) {
            boolean wasActive = sessionStart != null;
            switch (e.event()) {
                case "AGENTLOGIN" -> agentLoggedIn = true;
                case "AGENTLOGOFF" -> {
                    agentLoggedIn = false;
                    queues.clear();
                }
                case "ADDMEMBER" -> queues.add(e.queue() == null ? "" : e.queue());
                case "REMOVEMEMBER" -> queues.remove(e.queue() == null ? "" : e.queue());
                case "PAUSE", "PAUSEALL" -> {
                    if (wasActive) {
                        String reason = blankToNull(e.reason());
                        if (pauseStart == null) {
                            pauseStart = e.epoch();
                            pauseReason = reason;
                        } else if (reason != null && !reason.equals(pauseReason)) {
                            emit(out, member, "paused", pauseReason, pauseStart, e.epoch(), false);
                            pauseStart = e.epoch();
                            pauseReason = reason;
                        }
                    }
                }
                case "UNPAUSE", "UNPAUSEALL" -> {
                    if (pauseStart != null) {
                        emit(out, member, "paused", pauseReason, pauseStart, e.epoch(), false);
                        pauseStart = null;
                        pauseReason = null;
                    }
                }
                default -> { }
            }
            boolean isActive = agentLoggedIn || !queues.isEmpty();
            if (!wasActive && isActive) {
                sessionStart = e.epoch();
            } else if (wasActive && !isActive) {
                if (pauseStart != null) {
                    emit(out, member, "paused", pauseReason, pauseStart, e.epoch(), false);
                    pauseStart = null;
                    pauseReason = null;
                }
                emit(out, member, "logged_in", null, sessionStart, e.epoch(), false);
                sessionStart = null;
            }
        }
        if (pauseStart != null) emit(out, member, "paused", pauseReason, pauseStart, Math.max(pauseStart, watermark), true);
        if (sessionStart != null) emit(out, member, "logged_in", null, sessionStart, Math.max(sessionStart, watermark), true);
        return out.iterator();
    }

    /** Adds the segment [start, end), split at each local midnight it crosses. */
    private void emit(List<Row> out, String member, String segment, String reason, long start, long end, boolean open) {
        if (end <= start) return;
        ZoneId z = ZoneId.of(zone);
        boolean acw = "paused".equals(segment) && reason != null && acwReasons.contains(reason);
        long from = start;
        while (from < end) {
            LocalDate day = Instant.ofEpochSecond(from).atZone(z).toLocalDate();
            long nextMidnight = day.plusDays(1).atStartOfDay(z).toEpochSecond();
            long to = Math.min(end, nextMidnight);
            out.add(RowFactory.create(member, Date.valueOf(day), segment, reason, acw,
                    Timestamp.from(Instant.ofEpochSecond(from)), Timestamp.from(Instant.ofEpochSecond(to)),
                    to - from, open && to == end));
            from = to;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
