package io.indicate.generate;

import io.indicate.goals.GoalsReader;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated goals file passes its own contract; team goals are set by the team's lead, personal goals by the agent. */
class GoalsGenerationTest {
    @Test
    void generatedGoalsAreValidAndSetByTheRightPeople(@TempDir Path dir) throws IOException {
        SampleDataGenerator.builder().agents(30).days(6).start(java.time.LocalDate.parse("2026-03-09")).seed(3).build().generate(dir);
        List<RosterRow> roster;
        try (Reader r = Files.newBufferedReader(dir.resolve("roster.csv"))) {
            roster = RosterReader.read(r, "roster.csv").accepted();
        }
        GoalsReader.Result goals;
        try (Reader r = Files.newBufferedReader(dir.resolve("goals.csv"))) {
            goals = GoalsReader.read(r, "goals.csv");
        }
        assertEquals(List.of(), goals.rejected());
        Map<String, List<Map<String, String>>> byScope = goals.accepted().stream().map(GoalsReader.Accepted::fields)
                .collect(Collectors.groupingBy(f -> f.get("scope")));
        assertTrue(byScope.get("organisation").size() >= 4);
        assertFalse(byScope.getOrDefault("team", List.of()).isEmpty(), "some team goals");
        assertFalse(byScope.getOrDefault("agent", List.of()).isEmpty(), "some personal goals");
        for (Map<String, String> team : byScope.get("team")) {
            assertTrue(roster.stream().anyMatch(r -> team.get("scope_id").equals(r.teamId()) && team.get("set_by").equals(r.teamLeadLogin())),
                    "a team goal is set by the team's lead: " + team);
        }
        for (Map<String, String> personal : byScope.get("agent")) {
            assertTrue(roster.stream().anyMatch(r -> personal.get("scope_id").equals(r.agentId()) && personal.get("set_by").equals(r.login())),
                    "a personal goal is set by the agent: " + personal);
        }
    }
}
