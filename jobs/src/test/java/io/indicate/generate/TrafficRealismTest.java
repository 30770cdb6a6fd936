package io.indicate.generate;

import io.indicate.generate.GeneratedQueueLog.Event;
import io.indicate.roster.Role;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numbers make sense to a contact-centre manager. */
class TrafficRealismTest {
    @TempDir static Path dir;
    static List<Event> events;
    static Map<String, List<Event>> calls;

    @BeforeAll
    static void generate() throws IOException {
        StandardSample.generate(dir);
        events = StandardSample.events(dir);
        calls = GeneratedQueueLog.byCall(events);
    }

    @Test
    void anAgentAnswersThirtyToSeventyCallsInAFullShiftOnAverage() {
        Set<String> agents = new HashSet<>();
        for (RosterRow r : RosterReader.read(dir.resolve("roster.csv")).accepted()) if (r.role() == Role.AGENT) agents.add(r.telephonyId());
        Map<String, Long> loginAt = new HashMap<>();
        Map<String, Integer> answeredSinceLogin = new HashMap<>();
        List<Integer> perFullShift = new ArrayList<>();
        for (Event e : events) {
            if (!agents.contains(e.agent())) continue;
            switch (e.name()) {
                case "AGENTLOGIN", "ADDMEMBER" -> {
                    loginAt.putIfAbsent(e.agent(), e.epoch());
                    answeredSinceLogin.putIfAbsent(e.agent(), 0);
                }
                case "CONNECT" -> answeredSinceLogin.merge(e.agent(), 1, Integer::sum);
                case "AGENTLOGOFF", "REMOVEMEMBER" -> {
                    Long since = loginAt.remove(e.agent());
                    Integer answered = answeredSinceLogin.remove(e.agent());
                    if (since != null && e.epoch() - since >= 7 * 3600) perFullShift.add(answered);
                }
                default -> { }
            }
        }
        double mean = perFullShift.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertTrue(perFullShift.size() > 20, perFullShift.toString());
        assertTrue(mean >= 30 && mean <= 70, "mean " + mean + " calls a shift: " + perFullShift);
    }

    @Test
    void mostCallsAreAnsweredWithinTwentySecondsAndFewAreAbandoned() {
        int offered = 0;
        int shortAbandoned = 0;
        int withinSl = 0;
        int abandoned = 0;
        for (List<Event> call : calls.values()) {
            offered++;
            Event last = call.get(call.size() - 1);
            Event connect = call.stream().filter(e -> e.name().equals("CONNECT")).findFirst().orElse(null);
            if (connect != null && connect.number(1) <= 20) withinSl++;
            if (last.name().equals("ABANDON") && last.number(3) < 5) shortAbandoned++;
            else if (last.name().equals("ABANDON")) abandoned++;
        }
        double serviceLevel = 100.0 * withinSl / (offered - shortAbandoned);
        double abandonRate = 100.0 * abandoned / (offered - shortAbandoned);
        assertTrue(serviceLevel >= 70 && serviceLevel <= 98, "service level " + serviceLevel);
        assertTrue(abandonRate > 0 && abandonRate <= 10, "abandon rate " + abandonRate);
    }

    @Test
    void talkTimesHaveAMedianOfAboutFourMinutes() {
        List<Long> talk = new ArrayList<>();
        for (List<Event> call : calls.values()) {
            Event last = call.get(call.size() - 1);
            if (call.stream().anyMatch(e -> e.name().equals("CONNECT"))) talk.add(last.number(last.data().size() - 1));
        }
        talk.sort(null);
        long median = talk.get(talk.size() / 2);
        assertTrue(median >= 180 && median <= 300, "median talk " + median + " s");
    }

    @Test
    void weekendsAreQuieterThanWeekdaysAndNightsAlmostSilent() {
        Map<LocalDate, Integer> perDay = new HashMap<>();
        int night = 0;
        int day = 0;
        for (List<Event> call : calls.values()) {
            var local = Instant.ofEpochSecond(call.get(0).epoch()).atZone(StandardSample.ZONE);
            perDay.merge(local.toLocalDate(), 1, Integer::sum);
            if (local.getHour() < 6) night++;
            else day++;
        }
        int friday = perDay.get(LocalDate.of(2026, 10, 23));
        int monday = perDay.get(LocalDate.of(2026, 10, 26));
        int saturday = perDay.get(LocalDate.of(2026, 10, 24));
        int sunday = perDay.get(LocalDate.of(2026, 10, 25));
        assertTrue(Math.max(saturday, sunday) < Math.min(friday, monday), perDay.toString());
        assertTrue(night > 0 && night * 50 < day, night + " calls between midnight and 06:00 against " + day);
    }
}
