package io.indicate.telephony;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session and pause rules of KPI-DEFINITIONS.md (the agent's day), on one member's events. */
class SessionSegmenterTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private final List<Row> events = new ArrayList<>();

    private static long at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(STOCKHOLM).toEpochSecond();
    }

    private SessionSegmenterTest event(String local, String event, String queue, String data1) {
        events.add(RowFactory.create("PJSIP/201", event, queue, data1, at(local), "queue_log", (long) events.size() + 1));
        return this;
    }

    private List<Row> segments(String watermarkLocal) {
        SessionSegmenter s = new SessionSegmenter(STOCKHOLM, at(watermarkLocal), Set.of("ACW"));
        List<Row> shuffled = new ArrayList<>(events);
        java.util.Collections.reverse(shuffled);
        Iterator<Row> it = s.call("PJSIP/201", shuffled.iterator());
        List<Row> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** seconds per (date, segment[:reason]) */
    private static Map<String, Long> totals(List<Row> segments) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : segments) {
            String key = r.getDate(1).toLocalDate() + " " + r.getString(2) + (r.isNullAt(3) ? "" : ":" + r.getString(3));
            out.merge(key, r.getLong(7), Long::sum);
        }
        return out;
    }

    @Test
    void aSessionRunsFromTheFirstAddMemberToTheLastRemoveMember() {
        event("2026-03-10T08:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-10T08:00:00", "ADDMEMBER", "sales", null)
                .event("2026-03-10T16:00:00", "REMOVEMEMBER", "support", null)
                .event("2026-03-10T17:00:00", "REMOVEMEMBER", "sales", null);
        assertEquals(Map.of("2026-03-10 logged_in", 9 * 3600L), totals(segments("2026-03-10T18:00:00")));
    }

    @Test
    void agentLoginToLogoffIsASessionAndLogoffEndsItWhateverTheQueues() {
        event("2026-03-10T08:30:00", "AGENTLOGIN", "NONE", "Local/201")
                .event("2026-03-10T09:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-10T16:30:00", "AGENTLOGOFF", "NONE", "Local/201");
        assertEquals(Map.of("2026-03-10 logged_in", 8 * 3600L), totals(segments("2026-03-10T18:00:00")));
    }

    @Test
    void repeatedPausesWithTheSameReasonAreOnePauseAndAnotherReasonStartsANewOne() {
        event("2026-03-10T08:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-10T09:00:00", "PAUSE", "support", "ACW")
                .event("2026-03-10T09:00:00", "PAUSE", "sales", "ACW")
                .event("2026-03-10T09:01:00", "PAUSE", "support", "Meeting")
                .event("2026-03-10T09:31:00", "UNPAUSE", "support", null)
                .event("2026-03-10T09:31:00", "UNPAUSE", "sales", null)
                .event("2026-03-10T12:00:00", "PAUSEALL", "NONE", "Lunch")
                .event("2026-03-10T12:30:00", "UNPAUSEALL", "NONE", null)
                .event("2026-03-10T17:00:00", "REMOVEMEMBER", "support", null);
        List<Row> segs = segments("2026-03-10T18:00:00");
        assertEquals(Map.of("2026-03-10 logged_in", 9 * 3600L, "2026-03-10 paused:ACW", 60L,
                "2026-03-10 paused:Meeting", 1800L, "2026-03-10 paused:Lunch", 1800L), totals(segs));
        assertTrue(segs.stream().filter(r -> "ACW".equals(r.getString(3))).allMatch(r -> r.getBoolean(4)), "ACW is after-call work");
        assertTrue(segs.stream().filter(r -> "Lunch".equals(r.getString(3))).noneMatch(r -> r.getBoolean(4)), "lunch is not");
    }

    @Test
    void aPauseOutsideASessionCountsNothingAndAPauseEndsWithTheSession() {
        event("2026-03-10T07:00:00", "PAUSE", "support", "ACW")
                .event("2026-03-10T07:30:00", "UNPAUSE", "support", null)
                .event("2026-03-10T08:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-10T16:00:00", "PAUSE", "support", "Break")
                .event("2026-03-10T17:00:00", "REMOVEMEMBER", "support", null)
                .event("2026-03-10T17:10:00", "UNPAUSE", "support", null);
        assertEquals(Map.of("2026-03-10 logged_in", 9 * 3600L, "2026-03-10 paused:Break", 3600L),
                totals(segments("2026-03-10T18:00:00")));
    }

    @Test
    void aSessionIsSplitAtLocalMidnight() {
        event("2026-03-10T22:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-11T02:00:00", "REMOVEMEMBER", "support", null);
        assertEquals(Map.of("2026-03-10 logged_in", 2 * 3600L, "2026-03-11 logged_in", 2 * 3600L),
                totals(segments("2026-03-11T05:00:00")));
    }

    @Test
    void anOpenSessionIsClosedAtTheNewestEventTimeAndMarkedOpen() {
        event("2026-03-10T08:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-10T10:00:00", "PAUSE", "support", "ACW");
        List<Row> segs = segments("2026-03-10T10:30:00");
        assertEquals(Map.of("2026-03-10 logged_in", 9000L, "2026-03-10 paused:ACW", 1800L), totals(segs));
        assertTrue(segs.stream().allMatch(r -> r.getBoolean(8)), "both segments are still open");
    }

    @Test
    void theAutumnDstDayHas25HoursAndTheSpringOne23() {
        event("2026-10-25T00:00:00", "ADDMEMBER", "support", null)
                .event("2026-10-26T00:00:00", "REMOVEMEMBER", "support", null)
                .event("2026-03-29T00:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-30T00:00:00", "REMOVEMEMBER", "support", null);
        events.sort(java.util.Comparator.comparingLong(r -> r.getLong(4)));
        Map<String, Long> t = totals(segments("2026-10-27T00:00:00"));
        assertEquals(25 * 3600L, t.get("2026-10-25 logged_in"));
        assertEquals(23 * 3600L, t.get("2026-03-29 logged_in"));
        assertFalse(t.containsKey(LocalDate.parse("2026-10-26") + " logged_in"));
    }

    @Test
    void sessionsAndPausesAcrossTheDstNightsAreSplitAtLocalMidnightWithTheHoursThoseNightsHave() {
        // autumn: 22:00-06:00 across the night of the 25-hour day (02:00-03:00 happens twice), paused 23:30-03:30;
        // spring: 22:00-06:00 across the night of the 23-hour day (02:00-03:00 does not exist), paused 23:30-03:30
        event("2026-10-24T22:00:00", "ADDMEMBER", "support", null)
                .event("2026-10-24T23:30:00", "PAUSE", "support", "ACW")
                .event("2026-10-25T03:30:00", "UNPAUSE", "support", null)
                .event("2026-10-25T06:00:00", "REMOVEMEMBER", "support", null)
                .event("2026-03-28T22:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-28T23:30:00", "PAUSE", "support", "Break")
                .event("2026-03-29T03:30:00", "UNPAUSE", "support", null)
                .event("2026-03-29T06:00:00", "REMOVEMEMBER", "support", null);
        assertEquals(Map.of(
                "2026-10-24 logged_in", 2 * 3600L, "2026-10-24 paused:ACW", 1800L,
                "2026-10-25 logged_in", 7 * 3600L, "2026-10-25 paused:ACW", 16200L,
                "2026-03-28 logged_in", 2 * 3600L, "2026-03-28 paused:Break", 1800L,
                "2026-03-29 logged_in", 5 * 3600L, "2026-03-29 paused:Break", 9000L), totals(segments("2026-10-26T00:00:00")));
    }

    /**
     * A session begun by AGENTLOGIN ends at AGENTLOGOFF only: the agent may also be a static member of queues the
     * queue_log never names, so leaving the last queue it names does not log them off (README, KPI definitions added
     * here). Open at the newest event, 19:00: 11 hours.
     */
    @Test
    void aRemoveMemberDoesNotEndASessionBegunByAgentLoginOnlyAgentLogoffDoes() {
        event("2026-03-10T08:00:00", "AGENTLOGIN", "NONE", "Local/201")
                .event("2026-03-10T08:00:00", "ADDMEMBER", "support", null)
                .event("2026-03-10T17:00:00", "REMOVEMEMBER", "support", null);
        assertEquals(Map.of("2026-03-10 logged_in", 11 * 3600L), totals(segments("2026-03-10T19:00:00")));
    }
}
