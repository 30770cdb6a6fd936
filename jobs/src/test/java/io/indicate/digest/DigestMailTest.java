package io.indicate.digest;

import io.indicate.digest.DigestFacts.AgentDay;
import io.indicate.digest.DigestFacts.CoachingRow;
import io.indicate.digest.DigestFacts.GoalDay;
import io.indicate.digest.DigestFacts.Person;
import io.indicate.roster.Role;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each role's digest mail says, on facts made here (no warehouse), and how its numbers are written. */
class DigestMailTest {
    private static final LocalDate DAY = LocalDate.parse("2026-02-12");
    private static final Dashboards DASHBOARDS = new Dashboards(URI.create("https://insights.example.test/"));
    private static final Person ANNA = new Person("A1", "anna.one", "Anna One", "a@x.test", Role.AGENT, "T1", "Team North", "lead.one");
    private static final Person BO = new Person("A2", "bo.two", null, "b@x.test", Role.AGENT, "T1", "Team North", "lead.one");
    private static final Person CY = new Person("A3", "cy.three", "Cy Three", "c@x.test", Role.AGENT, "T2", "Team South", "lead.two");
    private static final Person LEAD = new Person("L1", "lead.one", "Lea One", "l@x.test", Role.TEAM_LEAD, "T1", "Team North", "lead.one");
    private static final Person BOSS = new Person("M1", "mia.boss", "Mia Boss", "m@x.test", Role.MANAGEMENT, null, null, null);

    private static final DigestFacts FACTS = new DigestFacts(DAY, List.of(ANNA, BO, CY, LEAD, BOSS), Map.of(),
            List.of(new GoalDay("A1", "anna.one", "calls_answered", 5.0, 4, "higher", true, 3, 1.857),
                    new GoalDay("A1", "anna.one", "aht_s", 95.4, 200, "lower", true, 12, -5.0),
                    new GoalDay("A1", "anna.one", "csat_pct", null, 85, "higher", null, 2, null),
                    new GoalDay("A2", "bo.two", "calls_answered", 1.0, 4, "higher", false, 0, -2.0),
                    new GoalDay("A3", "cy.three", "calls_answered", 2.0, 6, "higher", false, 0, -1.0)),
            List.of(new AgentDay("A1", 5, 95.4, 45.26, 3L, null)),
            List.of(new GoalDay("T1", "Team North", "calls_answered", 6.0, 4, "higher", true, 2, 0.5),
                    new GoalDay("T2", "Team South", "calls_answered", 2.0, 6, "higher", false, 0, null)),
            List.of(new CoachingRow("T1", "A2", "bo.two", "calls_answered", 1.0, 4, "higher", 5, 4, true, false, 3.0, 75.0, 2.5, 1),
                    new CoachingRow("T1", "A1", "anna.one", "aht_s", 260.0, 200, "lower", 5, 2, false, true, 60.0, 30.0, 180.0, 2),
                    new CoachingRow("T2", "A3", "cy.three", "calls_answered", 2.0, 6, "higher", 5, 5, true, false, 4.0, 66.7, 2.0, 1)));

    @Test
    void numbersAreWrittenAsTheDashboardsShowThem() {
        assertEquals("1:35", KpiFormat.value("aht_s", 95.4));
        assertEquals("1:02:05", KpiFormat.value("aht_s", 3725.0), "from an hour on, h:mm:ss");
        assertEquals("45.3%", KpiFormat.value("occupancy_pct", 45.26));
        assertEquals("1,234", KpiFormat.value("calls_answered", 1234.0));
        assertEquals("3.5", KpiFormat.value("tickets_solved", 3.5), "a goal may be no whole number");
        assertEquals(KpiFormat.NO_VALUE, KpiFormat.value("csat_pct", null));
        assertEquals("-0:05", KpiFormat.change("aht_s", -5.0));
        assertEquals("+1.2 pts", KpiFormat.change("csat_pct", 1.24));
        assertEquals("+1.9", KpiFormat.change("calls_answered", 1.857));
        assertEquals("", KpiFormat.change("calls_answered", null));
        assertEquals("at most 3:20", KpiFormat.goal("aht_s", "lower", 200));
        assertEquals("7 of 10 (70.0%)", KpiFormat.share(7, 10));
    }

    @Test
    void anAgentReadsTheirGoalsStreaksAndDay() {
        DigestMail mail = DigestMail.of(ANNA, FACTS, DASHBOARDS).orElseThrow();
        assertEquals("Your day 2026-02-12: 2 of 2 goals met", mail.subject(), "a goal without a value is not judged");
        assertEquals("""
                Hello Anna One,

                your day on Thursday 2026-02-12 against your goals:

                  KPI                  value   goal               result    streak    vs previous 7 days
                  AHT                   1:35   at most 3:20       met       12 days   -0:05
                  Calls answered           5   at least 4         met       3 days    +1.9
                  CSAT                     -   at least 85.0%     no value  2 days

                Your day: 5 calls answered, AHT 1:35, occupancy 45.3%, 3 tickets solved.

                Your dashboard: https://insights.example.test/superset/dashboard/my-performance/
                """, mail.text().substring(0, mail.text().indexOf("\n-- \n")));
    }

    @Test
    void anAgentWithNothingThatDayIsSentNothing() {
        Person off = new Person("A9", "off.day", "Off Day", "o@x.test", Role.AGENT, "T1", "Team North", "lead.one");
        assertTrue(DigestMail.of(off, FACTS, DASHBOARDS).isEmpty());
    }

    @Test
    void aLeadReadsTheCoachingListOfTheirOwnTeamsFirstConversationFirst() {
        DigestMail mail = DigestMail.of(LEAD, FACTS, DASHBOARDS).orElseThrow();
        assertEquals("Your team 2026-02-12: 2 agents on the coaching list", mail.subject());
        String text = mail.text();
        assertTrue(text.contains("""
                Coaching list, the first conversation first:
                  1. bo.two: Calls answered 1, goal at least 4, 3 short (75.0%); missed 4 of the last 5 working days
                  2. anna.one (Anna One): AHT 4:20, goal at most 3:20, 1:00 over (30.0%); turned: missed the last two working days after a good run (previous 7 days 3:00)
                """), text);
        assertFalse(text.contains("cy.three") || text.contains("Team South"), "another lead's team:\n" + text);
        assertTrue(text.contains("https://insights.example.test/superset/dashboard/team/"), text);
    }

    @Test
    void aManagerReadsTheOrganisationAndNoAgentsName() {
        DigestMail mail = DigestMail.of(BOSS, FACTS, DASHBOARDS).orElseThrow();
        assertEquals("The organisation 2026-02-12: 2 of 4 agents' goals met", mail.subject());
        String text = mail.text();
        assertTrue(text.contains("Agents' goals met: 2 of 4 (50.0%)\n  AHT              1 of 1 (100.0%)\n  Calls answered   1 of 3 (33.3%)\n"), text);
        assertTrue(text.contains("Teams' goals met: 1 of 2 (50.0%)"), text);
        for (Person agent : List.of(ANNA, BO, CY)) {
            assertFalse(text.contains(agent.login()) || text.contains(agent.name()), agent.login() + " in:\n" + text);
        }
    }

    @Test
    void eachRolesLinkIsADashboardOfTheAssets() throws IOException {
        Path dashboards = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dashboards.resolve("superset/assets/dashboards"))) dashboards = dashboards.getParent();
        List<String> slugs;
        try (Stream<Path> files = Files.list(dashboards.resolve("superset/assets/dashboards"))) {
            slugs = files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> l.startsWith("slug: ")).map(l -> l.substring("slug: ".length()).strip()).toList();
        }
        for (Role role : Role.values()) assertTrue(slugs.contains(Dashboards.slug(role)), role + ": " + slugs);
    }
}
