package io.indicate.build;

import io.indicate.telephony.SessionSegmenter;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The session events from before a build's window of the members who were logged in when the window begins.
 * A build reads the queue_log events of the UTC dates around the dates it rebuilds; a session runs from log-in
 * to log-off however long that is (KPI-DEFINITIONS.md, logged_in_s), so an agent who joined a queue three days
 * ago and never left is logged in all of today, yet today's window holds none of the events that say so.
 *
 * <p>The members logged in at the start of each contiguous run of window dates, and when their session began,
 * are read from the sessions already built ({@code silver.fact_agent_session}: a session is a chain of
 * segments, split at local midnight, each ending where the next begins). Their session events from that
 * beginning up to the window are then replayed with the window's own, so the segmenter starts each member in
 * the state a full build would have. Taking a member in needlessly is harmless (the replay is exact from any
 * true session start); only a member left out would be wrong.
 */
final class SessionCarryIn {
    /** The first look-back for the start of a session open at a window's start; four times longer while a chain reaches it. */
    private static final int FIRST_LOOKBACK_DAYS = 7;
    /** Beyond this look-back, every built date is read. */
    private static final int MAX_LOOKBACK_DAYS = 3_660;

    private final Warehouse warehouse;

    SessionCarryIn(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Session events ({@link SessionSegmenter#EVENTS}) outside {@code windowDates} (UTC event dates), in the
     * segmenter's input columns, of the members logged in at the start of each run of consecutive window dates.
     */
    Optional<Dataset<Row>> events(SortedSet<LocalDate> windowDates) {
        Map<String, Long> sessionStarts = new TreeMap<>();
        for (LocalDate runStart : runStarts(windowDates)) {
            long boundary = runStart.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            sessionsOpenAt(runStart, boundary).forEach((member, start) -> sessionStarts.merge(member, start, Math::min));
        }
        if (sessionStarts.isEmpty()) return Optional.empty();

        StructType startsSchema = new StructType()
                .add("start_member", DataTypes.StringType, false)
                .add("session_start", DataTypes.LongType, false);
        List<Row> startRows = sessionStarts.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList();
        Dataset<Row> starts = warehouse.spark().createDataFrame(startRows, startsSchema);
        LocalDate earliest = Instant.ofEpochSecond(sessionStarts.values().stream().min(Long::compare).orElseThrow())
                .atZone(ZoneOffset.UTC).toLocalDate();

        Dataset<Row> events = warehouse.read(Table.BRONZE_QUEUE_LOG)
                .filter(col("event_date").geq(lit(Date.valueOf(earliest)))
                        .and(col("event_date").lt(lit(Date.valueOf(windowDates.last()))))
                        .and(col("event_date").isin(windowDates.stream().map(Date::valueOf).toArray()).unary_$bang())
                        .and(col("event").isin(SessionSegmenter.EVENTS.toArray()))
                        .and(col("agent").isin(sessionStarts.keySet().toArray())))
                .withColumnRenamed("agent", "member");
        return Optional.of(events.join(starts, col("member").equalTo(col("start_member"))
                        .and(col("epoch").geq(col("session_start"))))
                .selectExpr(SessionSegmenter.INPUT));
    }

    /** The first date of each run of consecutive dates. */
    static List<LocalDate> runStarts(SortedSet<LocalDate> dates) {
        List<LocalDate> out = new ArrayList<>();
        LocalDate previous = null;
        for (LocalDate d : dates) {
            if (previous == null || !d.equals(previous.plusDays(1))) out.add(d);
            previous = d;
        }
        return out;
    }

    /**
     * The members whose built session covers the instant {@code boundary} (the start of {@code day}, UTC), or is
     * still open from before it, each with the epoch its session began.
     */
    private Map<String, Long> sessionsOpenAt(LocalDate day, long boundary) {
        Timestamp at = new Timestamp(boundary * 1000L);
        // a segment is dated by its local date: the instant lies on the UTC day before or on it in every zone
        List<String> members = loggedIn()
                .filter(col("date_local").between(lit(Date.valueOf(day.minusDays(2))), lit(Date.valueOf(day)))
                        .and(col("start_utc").lt(lit(at)))
                        .and(col("end_utc").geq(lit(at)).or(col("is_open"))))
                .select("member").distinct().collectAsList().stream().map(r -> r.getString(0)).toList();
        Map<String, Long> out = new TreeMap<>();
        if (members.isEmpty()) return out;

        for (int lookback = FIRST_LOOKBACK_DAYS; ; lookback *= 4) {
            LocalDate from = day.minusDays(lookback);
            boolean everything = lookback > MAX_LOOKBACK_DAYS;
            Dataset<Row> segments = loggedIn().filter(col("member").isin(members.toArray())
                    .and(col("start_utc").lt(lit(at))).and(col("date_local").leq(lit(Date.valueOf(day)))));
            if (!everything) segments = segments.filter(col("date_local").geq(lit(Date.valueOf(from))));
            Map<String, List<Row>> byMember = new TreeMap<>();
            for (Row r : segments.select("member", "date_local", "start_utc", "end_utc").collectAsList()) {
                byMember.computeIfAbsent(r.getString(0), m -> new ArrayList<>()).add(r);
            }
            byMember.forEach((member, rows) -> {
                rows.sort(Comparator.comparing((Row r) -> r.getTimestamp(2)).reversed());
                // walk back from the latest segment while each begins where an earlier one ends
                Row first = rows.get(0);
                for (Row r : rows.subList(1, rows.size())) {
                    if (!r.getTimestamp(3).equals(first.getTimestamp(2))) break;
                    first = r;
                }
                // a chain reaching the oldest date read may go on before it: read further back
                if (everything || first.getDate(1).toLocalDate().isAfter(from)) {
                    out.put(member, first.getTimestamp(2).getTime() / 1000L);
                }
            });
            if (everything || out.size() == members.size()) return out;
        }
    }

    private Dataset<Row> loggedIn() {
        return warehouse.read(Table.SILVER_FACT_AGENT_SESSION).filter(col("segment").equalTo("logged_in"));
    }
}
