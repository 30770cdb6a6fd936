package io.indicate.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import io.indicate.telephony.CdrParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated CRM pages and CDR belong to the roster's agents, read as the real formats, and differ by agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmAndCdrGenerationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    Path out;
    List<RosterRow> roster;

    @BeforeAll
    void generate(@TempDir Path dir) throws IOException {
        out = dir;
        SampleDataGenerator.builder().agents(12).days(5).start(LocalDate.parse("2026-03-09")).build().generate(dir);
        try (Reader r = Files.newBufferedReader(dir.resolve("roster.csv"))) {
            roster = RosterReader.read(r, "roster.csv").accepted();
        }
    }

    private List<JsonNode> records(String prefix, String key) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("crm"))) {
            List<JsonNode> all = new java.util.ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                JSON.readTree(p.toFile()).get(key).forEach(all::add);
            }
            return all;
        }
    }

    @Test
    void ticketsAndRatingsAreAssignedToRosterAgentsByCrmUserId() throws IOException {
        Set<String> crmUsers = roster.stream().map(RosterRow::crmUserId).collect(Collectors.toSet());
        List<JsonNode> tickets = records("tickets-", "tickets");
        assertTrue(tickets.size() > 50, "a plausible volume for 12 agents and 5 days: " + tickets.size());
        for (JsonNode t : tickets) assertTrue(crmUsers.contains(t.get("assignee_id").asText()), t.toString());
        for (JsonNode r : records("satisfaction_ratings-", "satisfaction_ratings")) {
            assertTrue(crmUsers.contains(r.get("assignee_id").asText()), r.toString());
        }
        assertEquals(tickets.stream().filter(t -> t.get("status").asText().equals("solved")).count(),
                records("ticket_metrics-", "ticket_metrics").size(), "one metrics record per solved ticket");
    }

    @Test
    void csatDiffersBetweenAgents() throws IOException {
        Map<String, int[]> goodAndAll = new HashMap<>();
        Map<Long, JsonNode> latest = new HashMap<>();
        for (JsonNode r : records("satisfaction_ratings-", "satisfaction_ratings")) latest.put(r.get("ticket_id").asLong(), r);
        for (JsonNode r : latest.values()) {
            int[] c = goodAndAll.computeIfAbsent(r.get("assignee_id").asText(), k -> new int[2]);
            if (r.get("score").asText().equals("good")) c[0]++;
            c[1]++;
        }
        double min = goodAndAll.values().stream().filter(c -> c[1] >= 5).mapToDouble(c -> (double) c[0] / c[1]).min().orElseThrow();
        double max = goodAndAll.values().stream().filter(c -> c[1] >= 5).mapToDouble(c -> (double) c[0] / c[1]).max().orElseThrow();
        assertTrue(max - min > 0.1, "good share from " + min + " to " + max);
    }

    @Test
    void everyCdrLineIsReadableAndPlacedFromARosterAgentsExtension() throws IOException {
        Set<String> extensions = roster.stream().map(RosterRow::telephonyId).filter(java.util.Objects::nonNull)
                .map(id -> id.substring(id.lastIndexOf('/') + 1)).collect(Collectors.toSet());
        List<String> lines = Files.readAllLines(out.resolve("cdr/Master.csv"));
        assertTrue(lines.size() > 10, "outbound calls expected, found " + lines.size());
        for (String line : lines) {
            CdrParser.Result r = CdrParser.parse(line);
            assertTrue(r.ok(), line + ": " + r.reason());
            assertTrue(extensions.contains(r.fields().get(1)), line);
        }
    }
}
