package io.indicate.generate;

import io.indicate.roster.Role;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roster is an HR export the pipeline accepts as it is, with the people the queue_log talks about. */
class RosterGenerationTest {
    private static final LocalDate START = LocalDate.of(2026, 5, 4);
    private static final int DAYS = 5;

    @TempDir static Path dir;
    static List<RosterRow> rows;

    @BeforeAll
    static void generate() throws IOException {
        SampleDataGenerator.builder().agents(100).days(DAYS).start(START).seed(5).build().generate(dir);
        RosterReader.Result result = RosterReader.read(dir.resolve("roster.csv"));
        assertEquals(List.of(), result.rejected(), "the roster reader must accept every row");
        rows = result.accepted();
    }

    @Test
    void theHeaderIsTheRosterContract() throws IOException {
        assertEquals("agent_id,login,full_name,email,telephony_id,crm_user_id,team_id,team_name,team_lead_login,role,valid_from",
                Files.readAllLines(dir.resolve("roster.csv")).get(0));
    }

    @Test
    void teamsOfAboutNineAgentsEachHaveALeadAndTwoManagersHaveNoTeam() {
        TreeMap<String, Long> agentsPerTeam = initialRows().stream().filter(r -> r.role() == Role.AGENT)
                .collect(Collectors.groupingBy(RosterRow::teamId, TreeMap::new, Collectors.counting()));
        assertEquals(12, agentsPerTeam.size(), "ceil(100 / 9) teams");
        assertEquals("T01", agentsPerTeam.firstKey());
        assertEquals("T12", agentsPerTeam.lastKey());
        agentsPerTeam.values().forEach(n -> assertTrue(n >= 8 && n <= 9, n + " agents in a team"));

        List<RosterRow> leads = rows.stream().filter(r -> r.role() == Role.TEAM_LEAD).toList();
        assertEquals(agentsPerTeam.keySet(), leads.stream().map(RosterRow::teamId).collect(Collectors.toSet()));
        Map<String, String> leadOfTeam = new HashMap<>();
        leads.forEach(l -> leadOfTeam.put(l.teamId(), l.login()));
        rows.stream().filter(r -> r.role() == Role.AGENT)
                .forEach(r -> assertEquals(leadOfTeam.get(r.teamId()), r.teamLeadLogin(), r.agentId() + "'s lead"));
        rows.stream().filter(r -> r.teamId() != null)
                .forEach(r -> assertEquals("Team ", r.teamName().substring(0, 5), r.teamName()));

        List<RosterRow> management = rows.stream().filter(r -> r.role() == Role.MANAGEMENT).toList();
        assertEquals(2, management.size());
        for (RosterRow m : management) {
            assertNull(m.teamId());
            assertNull(m.teamName());
            assertNull(m.teamLeadLogin());
            assertNull(m.telephonyId());
        }
    }

    @Test
    void peopleHaveUniqueAsciiLoginsMatchingEmailsAndNumericCrmIds() {
        Map<String, String> loginOf = new HashMap<>();
        Set<String> logins = new HashSet<>();
        for (RosterRow r : initialRows()) {
            assertTrue(r.agentId().matches("A\\d{4}"), r.agentId());
            assertTrue(r.login().matches("[a-z0-9._-]+") && r.login().contains("."), r.login());
            assertTrue(logins.add(r.login()), "login used twice: " + r.login());
            assertEquals(r.login() + "@example.com", r.email());
            assertTrue(r.crmUserId().matches("\\d{6,}"), r.crmUserId());
            assertTrue(r.fullName().contains(" "), r.fullName());
            loginOf.put(r.agentId(), r.login());
        }
        rows.forEach(r -> assertEquals(loginOf.get(r.agentId()), r.login(), "a move keeps the login"));
        assertEquals(100, rows.stream().filter(r -> r.role() == Role.AGENT).map(RosterRow::agentId).distinct().count());
    }

    @Test
    void telephonyIdsAreMostlyExtensionsWithSomeAgentLoginsAndDisplayNames() {
        List<String> ids = initialRows().stream().filter(r -> r.role() == Role.AGENT).map(RosterRow::telephonyId).toList();
        long extensions = ids.stream().filter(id -> id.matches("PJSIP/2\\d\\d")).count();
        long agentLogins = ids.stream().filter(id -> id.matches("Agent/1\\d{3}")).count();
        long displayNames = ids.stream().filter(id -> id.matches("[A-Z][a-z]+ [A-Z][a-z]+")).count();
        assertEquals(ids.size(), extensions + agentLogins + displayNames, ids.toString());
        assertTrue(extensions > 60 && agentLogins >= 1 && displayNames >= 1, ids.toString());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "telephony ids are unique");
        assertTrue(!ids.contains("PJSIP/299"), "the temp's extension is not in the roster");
    }

    @Test
    void aboutOneInTenAgentsMovesTeamOnADayInsideTheRange() {
        LocalDate initial = START.minusDays(60);
        Map<String, List<RosterRow>> byAgent = rows.stream().collect(Collectors.groupingBy(RosterRow::agentId));
        List<List<RosterRow>> movers = byAgent.values().stream().filter(r -> r.size() > 1).toList();
        assertTrue(movers.size() >= 7 && movers.size() <= 13, movers.size() + " movers");
        for (List<RosterRow> history : movers) {
            assertEquals(2, history.size());
            RosterRow before = history.get(0);
            RosterRow after = history.get(1);
            assertEquals(Role.AGENT, before.role());
            assertEquals(initial, before.validFrom());
            assertTrue(after.validFrom().isAfter(START) && after.validFrom().isBefore(START.plusDays(DAYS)), after.validFrom().toString());
            assertNotEquals(before.teamId(), after.teamId());
            assertNotEquals(before.teamLeadLogin(), after.teamLeadLogin());
            assertEquals(before.telephonyId(), after.telephonyId());
        }
    }

    @Test
    void twoAgentsMakeTwoTeamsSoThatOneCanMove(@TempDir Path small) throws IOException {
        SampleDataGenerator.builder().agents(2).days(1).start(START).build().generate(small);
        List<RosterRow> smallRows = RosterReader.read(small.resolve("roster.csv")).accepted();
        long movers = smallRows.stream().filter(r -> r.role() == Role.AGENT).count() - 2;
        assertEquals(1, movers);
        assertTrue(smallRows.stream().anyMatch(r -> r.role() == Role.AGENT && r.validFrom().equals(START)),
                "with one day the move happens on it");
    }

    private static List<RosterRow> initialRows() {
        return rows.stream().filter(r -> r.validFrom().equals(START.minusDays(60))).toList();
    }
}
