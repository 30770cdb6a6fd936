package io.indicate.generate;

import io.indicate.generate.GeneratedQueueLog.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each call tells one consistent story, so that the KPIs computed from it add up. */
class CallConsistencyTest {
    private static final Set<String> ANSWERED_ENDS = Set.of("COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER");
    private static final Set<String> UNANSWERED_ENDS = Set.of("ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY");

    @TempDir static Path dir;
    static Map<String, List<Event>> calls;

    @BeforeAll
    static void generate() throws IOException {
        StandardSample.generate(dir);
        calls = GeneratedQueueLog.byCall(StandardSample.events(dir));
    }

    @Test
    void everyCallHasOneEnterQueueAtMostOneConnectAndExactlyOneOutcome() {
        calls.forEach((callid, events) -> {
            assertEquals("ENTERQUEUE", events.get(0).name(), callid + " starts with ENTERQUEUE");
            assertEquals(1, count(events, Set.of("ENTERQUEUE")), callid);
            long connects = count(events, Set.of("CONNECT"));
            assertTrue(connects <= 1, callid);
            Event last = events.get(events.size() - 1);
            assertEquals(1, count(events, ANSWERED_ENDS) + count(events, UNANSWERED_ENDS), callid + " has one outcome");
            assertTrue((connects == 1 ? ANSWERED_ENDS : UNANSWERED_ENDS).contains(last.name()), callid + " ends with " + last.name());
            assertTrue(events.stream().allMatch(e -> e.queue().equals(events.get(0).queue())), callid + " stays in its queue");
        });
    }

    @Test
    void holdtimeIsTheWaitFromEnterQueueToConnect() {
        answered().forEach(events -> {
            Event enter = events.get(0);
            Event connect = find(events, "CONNECT");
            Event end = events.get(events.size() - 1);
            assertEquals(connect.epoch() - enter.epoch(), connect.number(1), connect.line());
            assertEquals(connect.number(1), end.number(end.data().size() - 2), end.line());
            assertTrue(connect.number(3) >= 1 && connect.number(3) <= connect.number(1), "ring time is part of the wait: " + connect.line());
        });
    }

    @Test
    void calltimeIsTheTalkFromConnectToTheEnd() {
        answered().forEach(events -> {
            Event connect = find(events, "CONNECT");
            Event end = events.get(events.size() - 1);
            assertEquals(end.epoch() - connect.epoch(), end.number(end.data().size() - 1), end.line());
            assertEquals(events.get(0).number(3), end.number(end.data().size()), "origposition is the entry position: " + end.line());
            assertEquals(connect.agent(), end.agent(), end.line());
        });
    }

    @Test
    void unansweredCallsReportTheirWaitAndPosition() {
        calls.values().stream().filter(e -> count(e, Set.of("CONNECT")) == 0).forEach(events -> {
            Event enter = events.get(0);
            Event exit = events.get(events.size() - 1);
            int n = exit.data().size();
            assertEquals(exit.epoch() - enter.epoch(), exit.number(n), "waittime: " + exit.line());
            assertEquals(enter.number(3), exit.number(n - 1), "origposition: " + exit.line());
            assertTrue(exit.number(n - 2) >= 1 && exit.number(n - 2) <= exit.number(n - 1), "position can only move up: " + exit.line());
            if (exit.name().equals("EXITWITHTIMEOUT")) assertEquals(300, exit.number(n), exit.line());
        });
    }

    @Test
    void someCallersGiveUpWithinFiveSecondsAndSomeCallAgain() {
        long shortAbandons = calls.values().stream().map(e -> e.get(e.size() - 1))
                .filter(e -> e.name().equals("ABANDON") && e.number(3) < 5).count();
        assertTrue(shortAbandons > 0, "short abandons are part of the service-level rule");
        Map<String, Integer> callsPerCaller = new HashMap<>();
        calls.values().forEach(e -> callsPerCaller.merge(e.get(0).data(2), 1, Integer::sum));
        assertTrue(callsPerCaller.values().stream().anyMatch(n -> n > 1), "repeat contacts need callers who call again");
    }

    @Test
    void aMemberWhoDoesNotAnswerIsNamedAndTheCallGoesOn() {
        List<List<Event>> rung = calls.values().stream().filter(e -> count(e, Set.of("RINGNOANSWER")) > 0).toList();
        assertTrue(!rung.isEmpty(), "some members let the phone ring");
        for (List<Event> events : rung) {
            Event rna = find(events, "RINGNOANSWER");
            assertTrue(!rna.agent().equals("NONE"), rna.line());
            Event connect = events.stream().filter(e -> e.name().equals("CONNECT")).findFirst().orElse(null);
            if (connect != null) assertTrue(connect.epoch() >= rna.epoch(), "the ring that failed came first: " + connect.line());
        }
    }

    private static List<List<Event>> answered() {
        List<List<Event>> answered = calls.values().stream().filter(e -> count(e, Set.of("CONNECT")) == 1).toList();
        assertTrue(answered.size() > 500, "a busy sample answers many calls, got " + answered.size());
        return answered;
    }

    private static long count(List<Event> events, Set<String> names) {
        return events.stream().filter(e -> names.contains(e.name())).count();
    }

    private static Event find(List<Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
