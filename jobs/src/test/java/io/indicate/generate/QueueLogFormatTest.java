package io.indicate.generate;

import io.indicate.generate.GeneratedQueueLog.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every line is a queue_log line as SOURCES.md §1 describes it. */
class QueueLogFormatTest {
    private static final Set<String> KNOWN_EVENTS = Set.of("ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "COMPLETECALLER",
            "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY",
            "RINGNOANSWER", "AGENTLOGIN", "AGENTLOGOFF", "ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE", "PAUSEALL",
            "UNPAUSEALL", "QUEUESTART", "CONFIGRELOAD");
    private static final Set<String> QUEUES = Set.of("support", "sales", "billing");
    private static final Pattern UNIQUEID = Pattern.compile("\\d{10}\\.\\d+");
    private static final Pattern COUNT = Pattern.compile("\\d+");

    @TempDir static Path dir;
    static List<Event> events;

    @BeforeAll
    static void generate() throws IOException {
        StandardSample.generate(dir);
        events = StandardSample.events(dir);
    }

    @Test
    void everyLineHasAtLeastFivePipeFieldsAnEpochAndAKnownEvent() {
        assertTrue(events.size() > 1000, "expected a busy sample, got " + events.size() + " lines");
        for (Event e : events) {
            assertTrue(e.epoch() > 1_700_000_000L, e.line());
            assertTrue(KNOWN_EVENTS.contains(e.name()), "unknown event in " + e.line());
            assertFalse(e.line().contains("\r"), e.line());
        }
        assertTrue(KNOWN_EVENTS.stream().filter(n -> !n.equals("EXITWITHKEY")).allMatch(
                n -> events.stream().anyMatch(e -> e.name().equals(n))), "every event type except the rare key exit occurs");
    }

    @Test
    void linesAreInTimeOrderWithinEachFile() {
        for (int i = 1; i < events.size(); i++) {
            Event prev = events.get(i - 1);
            Event e = events.get(i);
            if (prev.file().equals(e.file()) && e.epoch() < prev.epoch()) fail("out of order in " + e.file() + ": " + prev.line() + " then " + e.line());
        }
    }

    @Test
    void eachEventCarriesTheDataFieldsAsteriskWrites() {
        for (Event e : events) {
            String why = e.line();
            switch (e.name()) {
                case "ENTERQUEUE" -> {
                    assertEquals(3, e.data().size(), why);
                    assertEquals("", e.data(1), why);
                    assertTrue(e.data(2).matches("\\+46\\d{8,9}"), why);
                    assertTrue(e.number(3) >= 1, why);
                    assertEquals("NONE", e.agent(), why);
                }
                case "CONNECT" -> {
                    assertEquals(3, e.data().size(), why);
                    assertTrue(COUNT.matcher(e.data(1)).matches() && COUNT.matcher(e.data(3)).matches(), why);
                    assertTrue(UNIQUEID.matcher(e.data(2)).matches(), why);
                }
                case "COMPLETEAGENT", "COMPLETECALLER", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY" -> {
                    assertEquals(3, e.data().size(), why);
                    e.data().forEach(d -> assertTrue(COUNT.matcher(d).matches(), why));
                }
                case "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER", "EXITWITHKEY" -> {
                    assertEquals(e.name().equals("EXITWITHKEY") ? 4 : 5, e.data().size(), why);
                    e.data().subList(e.data().size() - 3, e.data().size()).forEach(d -> assertTrue(COUNT.matcher(d).matches(), why));
                }
                case "RINGNOANSWER" -> assertEquals(List.of("15000"), e.data(), why);
                case "AGENTLOGIN" -> assertTrue(e.agent().startsWith("Agent/") && e.data(1).startsWith("PJSIP/"), why);
                case "AGENTLOGOFF" -> assertTrue(e.data().size() == 2 && COUNT.matcher(e.data(2)).matches(), why);
                case "PAUSEALL", "UNPAUSEALL" -> assertEquals("NONE", e.queue(), why);
                case "PAUSE", "UNPAUSE", "ADDMEMBER", "REMOVEMEMBER" -> assertTrue(QUEUES.contains(e.queue()), why);
                case "QUEUESTART", "CONFIGRELOAD" -> assertEquals(e.epoch() + "|NONE|NONE|NONE|" + e.name() + "|", e.line());
                default -> fail("unexpected " + why);
            }
            if (!e.callid().equals("NONE")) {
                assertTrue(QUEUES.contains(e.queue()), why);
                assertTrue(UNIQUEID.matcher(e.callid()).matches(), why);
            }
        }
    }

    @Test
    void callidsAreUniqueAsteriskUniqueids() {
        Set<String> seen = new HashSet<>();
        for (Event e : events) {
            if (e.name().equals("ENTERQUEUE")) assertTrue(seen.add(e.callid()), "callid used twice: " + e.callid());
        }
        Map<String, List<Event>> calls = GeneratedQueueLog.byCall(events);
        assertEquals(seen, calls.keySet(), "every callid belongs to a call that entered a queue");
    }
}
