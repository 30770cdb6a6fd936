package io.indicate.generate;

import io.indicate.generate.GeneratedQueueLog.Event;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Members work like people do: one call at a time, only while logged in and not paused. */
class MemberSessionTest {
    private static final Set<String> CALL_ENDS = Set.of("COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER");

    @TempDir static Path dir;
    static List<Event> events;

    @BeforeAll
    static void generate() throws IOException {
        StandardSample.generate(dir);
        events = StandardSample.events(dir);
    }

    /** What the log says about one member at a moment. */
    private static final class Member {
        final Set<String> queues = new HashSet<>();
        final Set<String> pausedQueues = new HashSet<>();
        boolean agentChannelLoggedIn;
        boolean pausedAll;
        /** When the member's current session began. */
        long since;

        boolean inSession() {
            return agentChannelLoggedIn || !queues.isEmpty();
        }

        boolean pausedIn(String queue) {
            return pausedAll || pausedQueues.contains(queue);
        }
    }

    @Test
    void anAgentNeverTalksOnTwoCallsAtOnce() {
        Map<String, Long> busyUntil = new HashMap<>();
        Map<String, Event> connects = new HashMap<>();
        for (Event e : events) {
            if (e.name().equals("CONNECT")) {
                long free = busyUntil.getOrDefault(e.agent(), Long.MIN_VALUE);
                assertTrue(e.epoch() >= free, e.agent() + " connected at " + e.epoch() + " while talking until " + free);
                busyUntil.put(e.agent(), Long.MAX_VALUE);
                connects.put(e.callid(), e);
            } else if (CALL_ENDS.contains(e.name())) {
                assertEquals(connects.get(e.callid()).agent(), e.agent(), e.line());
                busyUntil.put(e.agent(), e.epoch());
            }
        }
        assertFalse(connects.isEmpty());
    }

    @Test
    void anAgentIsConnectedOnlyWhileLoggedInAndNotPaused() {
        Map<String, Member> members = new HashMap<>();
        int connects = 0;
        for (Event e : events) {
            Member m = members.computeIfAbsent(e.agent(), k -> new Member());
            if (!m.inSession()) m.since = e.epoch();
            switch (e.name()) {
                case "ADDMEMBER" -> assertTrue(m.queues.add(e.queue()), "added twice: " + e.line());
                case "REMOVEMEMBER" -> assertTrue(m.queues.remove(e.queue()), "removed while not a member: " + e.line());
                case "AGENTLOGIN" -> {
                    assertFalse(m.agentChannelLoggedIn, e.line());
                    m.agentChannelLoggedIn = true;
                }
                case "AGENTLOGOFF" -> {
                    assertTrue(m.agentChannelLoggedIn, e.line());
                    m.agentChannelLoggedIn = false;
                }
                case "PAUSE" -> assertTrue(m.inSession() && m.pausedQueues.add(e.queue()), e.line());
                case "UNPAUSE" -> assertTrue(m.pausedQueues.remove(e.queue()), e.line());
                case "PAUSEALL" -> {
                    assertTrue(m.inSession() && !m.pausedAll, e.line());
                    m.pausedAll = true;
                }
                case "UNPAUSEALL" -> {
                    assertTrue(m.pausedAll, e.line());
                    m.pausedAll = false;
                }
                case "CONNECT", "RINGNOANSWER" -> {
                    assertTrue(m.inSession(), e.agent() + " is not logged in: " + e.line());
                    assertFalse(m.pausedIn(e.queue()), e.agent() + " is paused: " + e.line());
                    connects++;
                }
                default -> { }
            }
            if (!m.inSession()) assertTrue(m.pausedQueues.isEmpty() && !m.pausedAll, "paused after log-off: " + e.line());
        }
        assertTrue(connects > 0);
        // a shift still running when the range ends stays open, as on a live day; any other never logged off
        long end = StandardSample.midnight(StandardSample.DAYS);
        members.forEach((agent, m) -> assertFalse(m.inSession() && m.since < end - 12 * 3600,
                agent + " never logged off after logging in at " + m.since));
    }

    @Test
    void nothingIsWrittenAtOrAfterTheMidnightThatEndsTheLastDay() {
        long end = StandardSample.midnight(StandardSample.DAYS);
        assertTrue(events.stream().anyMatch(e -> e.epoch() > end - 3600), "the last day is generated to its end");
        events.stream().filter(e -> e.epoch() >= end).findFirst()
                .ifPresent(e -> fail("an event on the day after the range: " + e.line()));
    }

    @Test
    void afterCallWorkFollowsACallAndLastsTenToNinetySeconds() {
        Set<String> callEnds = new HashSet<>();
        Map<String, Long> acwSince = new HashMap<>();
        int acw = 0;
        for (Event e : events) {
            if (CALL_ENDS.contains(e.name())) callEnds.add(e.agent() + "@" + e.epoch());
            String key = e.agent() + "|" + e.queue();
            if (e.name().equals("PAUSE") && e.data(1).equals("ACW")) {
                assertTrue(callEnds.contains(e.agent() + "@" + e.epoch()), "ACW right after a call: " + e.line());
                acwSince.put(key, e.epoch());
                acw++;
            } else if (e.name().equals("UNPAUSE") && acwSince.containsKey(key)) {
                long seconds = e.epoch() - acwSince.remove(key);
                assertTrue(seconds >= 10 && seconds <= 90, "ACW of " + seconds + " s: " + e.line());
            } else if (e.name().equals("UNPAUSE")) {
                acwSince.remove(key);
            }
        }
        assertTrue(acw > 100, "most calls are followed by after-call work");
    }

    @Test
    void lunchIsAPauseInAllQueuesAndMeetingsHappen() {
        Map<String, Long> lunchSince = new HashMap<>();
        int lunches = 0;
        for (Event e : events) {
            if (e.name().equals("PAUSEALL")) {
                assertEquals("Lunch", e.data(1), e.line());
                lunchSince.put(e.agent(), e.epoch());
            } else if (e.name().equals("UNPAUSEALL")) {
                long minutes = (e.epoch() - lunchSince.remove(e.agent())) / 60;
                assertTrue(minutes >= 30 && minutes <= 47, "lunch of " + minutes + " min: " + e.line());
                lunches++;
            }
        }
        assertTrue(lunches > 10);
        assertTrue(events.stream().anyMatch(e -> e.name().equals("PAUSE") && e.data(1).equals("Meeting")));
    }

    @Test
    void sessionsStartAtLocalMorningHoursAlsoOnTheDaylightSavingDay() {
        Set<String> inSession = new HashSet<>();
        List<LocalTime> starts = new ArrayList<>();
        for (Event e : events) {
            boolean start = e.name().equals("AGENTLOGIN") || (e.name().equals("ADDMEMBER") && !inSession.contains(e.agent()));
            if (start) starts.add(Instant.ofEpochSecond(e.epoch()).atZone(StandardSample.ZONE).toLocalTime());
            if (e.name().equals("AGENTLOGIN") || e.name().equals("ADDMEMBER")) inSession.add(e.agent());
            if (e.name().equals("AGENTLOGOFF") || e.name().equals("REMOVEMEMBER")) inSession.remove(e.agent());
        }
        assertTrue(starts.size() > 20);
        for (LocalTime t : starts) {
            assertTrue(!t.isBefore(LocalTime.of(6, 40)) && t.isBefore(LocalTime.of(16, 25)), "session starts at " + t + " local");
        }
    }

    @Test
    void aTemporaryMemberMissingFromTheRosterAnswersCalls() {
        Set<String> rostered = new HashSet<>();
        for (RosterRow row : RosterReader.read(dir.resolve("roster.csv")).accepted()) {
            if (row.telephonyId() != null) rostered.add(row.telephonyId());
        }
        Set<String> unknown = new HashSet<>();
        for (Event e : events) if (!e.agent().equals("NONE") && !rostered.contains(e.agent())) unknown.add(e.agent());
        assertEquals(Set.of("PJSIP/299"), unknown, "only the temp is unknown to the roster");
        assertTrue(events.stream().anyMatch(e -> e.name().equals("CONNECT") && e.agent().equals("PJSIP/299")));
    }
}
