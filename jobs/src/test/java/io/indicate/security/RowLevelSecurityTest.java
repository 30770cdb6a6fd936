package io.indicate.security;

import io.indicate.testing.WarehouseTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.indicate.publish.Publisher;
import io.indicate.publish.ServingDatabase;
import io.indicate.publish.ServingFixture;
import io.indicate.roster.Role;
import io.indicate.roster.RosterRow;
import io.indicate.superset.KpiDatasets;
import io.indicate.superset.RepositoryFiles;
import io.indicate.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of {@link AccessRules}, rendered per person and run on the real serving database the publisher
 * filled, checked against what each role may see, worked out here independently from the roster.
 * Queries run as the read-only user a Superset connection would use.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityTest {
    private ServingDatabase db;
    private final List<RosterRow> roster = ServingFixture.roster();

    @BeforeAll
    void publishFixture() {
        Warehouse w = ServingFixture.shared();
        db = ServingDatabase.builder().start();
        Clock afterFixture = Clock.fixed(ServingFixture.D4.atStartOfDay(ZoneId.of("UTC")).toInstant(), ZoneId.of("UTC"));
        Publisher.builder(w, db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(afterFixture, ZoneId.of("Europe/Stockholm")).build().publish();
        db.createReader("superset_reader", "reader-pw");
    }

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    /** The serving tables behind the dashboards: every dataset of the Superset bundle. */
    private static List<String> datasetTables() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(RepositoryFiles.supersetAssets().resolve("datasets/serving"))) {
            List<String> tables = new ArrayList<>();
            for (Path f : files.sorted().toList()) tables.add(yaml.readTree(f.toFile()).path("table_name").asText());
            return tables;
        }
    }

    @Test
    void everyPersonSeesExactlyTheRowsTheirRoleAllowsInEveryDashboardDataset() throws Exception {
        List<String> tables = datasetTables();
        assertTrue(tables.containsAll(List.of("kpi_agent_daily", "kpi_agent_interval", "kpi_team_daily", "kpi_agent_vs_team_daily",
                "kpi_agent_goal_daily", "kpi_team_goal_daily", "kpi_coaching_daily")), tables.toString());
        int checked = 0;
        try (Connection reader = DriverManager.getConnection(db.jdbcUrl(), "superset_reader", "reader-pw")) {
            for (RosterRow person : currentPeople()) {
                for (String table : tables) {
                    List<Map<String, Object>> all = query(reader, "SELECT * FROM serving." + table);
                    Set<String> expected = all.stream().filter(mayShow(person, table)).map(Object::toString)
                            .collect(Collectors.toCollection(TreeSet::new));
                    String predicate = AccessRules.predicate(person.role(), table, person.login());
                    Set<String> actual = query(reader, "SELECT * FROM serving." + table + " WHERE (" + predicate + ")").stream()
                            .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(expected, actual, person.login() + " (" + person.role() + ") on " + table);
                    checked++;
                }
            }
        }
        assertEquals(currentPeople().size() * tables.size(), checked);
    }

    @Test
    void everyColumnADatasetDeclaresExistsInThePublishedServingTableAndEveryExpressionRunsOnIt() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "superset_reader", "reader-pw")) {
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> dataset : KpiDatasets.read(RepositoryFiles.supersetAssets(), java.time.ZoneId.of("Europe/Stockholm")).entrySet()) {
                if (!dataset.getKey().startsWith("datasets/serving/")) continue;
                String f = dataset.getKey();
                com.fasterxml.jackson.databind.JsonNode d = dataset.getValue();
                String table = "serving." + d.path("table_name").asText();
                Set<String> columns = new TreeSet<>();
                try (ResultSet rs = c.getMetaData().getColumns(null, "serving", d.path("table_name").asText(), null)) {
                    while (rs.next()) columns.add(rs.getString("COLUMN_NAME"));
                }
                assertFalse(columns.isEmpty(), table + " exists");
                for (com.fasterxml.jackson.databind.JsonNode col : d.path("columns")) {
                    String name = col.path("column_name").asText();
                    if (col.path("expression").isTextual()) {
                        // a calculated column: Superset puts its SQL in the query, grouped by it
                        query(c, "SELECT " + col.path("expression").asText() + " AS " + name + " FROM " + table + " GROUP BY 1");
                    } else {
                        assertTrue(columns.contains(name), f + ": column " + name + " is not in the serving table " + columns);
                    }
                }
                for (com.fasterxml.jackson.databind.JsonNode metric : d.path("metrics")) {
                    query(c, "SELECT " + metric.path("expression").asText() + " FROM " + table);
                }
            }
        }
    }

    /** The goals datasets name every KPI a goal may be on (GoalsReader.KPIS) for people, not by its column name. */
    @Test
    void everyGoalKpiHasAReadableNameInTheGoalsDatasets() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String codes = io.indicate.goals.GoalsReader.KPIS.stream().map(k -> "('" + k + "')").collect(Collectors.joining(", "));
        try (Connection c = db.connect()) {
            for (String table : List.of("kpi_agent_goal_daily", "kpi_team_goal_daily")) {
                com.fasterxml.jackson.databind.JsonNode d = yaml.readTree(RepositoryFiles.supersetAssets()
                        .resolve("datasets/serving/" + table + ".yaml").toFile());
                String kpiName = "";
                for (com.fasterxml.jackson.databind.JsonNode col : d.path("columns")) {
                    if (col.path("column_name").asText().equals("kpi_name")) kpiName = col.path("expression").asText();
                }
                Map<String, String> names = new java.util.TreeMap<>();
                for (Map<String, Object> r : query(c, "SELECT kpi, " + kpiName + " AS name FROM (VALUES " + codes + ") AS v(kpi)")) {
                    names.put((String) r.get("kpi"), (String) r.get("name"));
                }
                assertEquals(Map.of("aht_s", "AHT (s)", "calls_answered", "Calls answered", "csat_pct", "CSAT (%)",
                        "occupancy_pct", "Occupancy (%)", "repeat_contact_rate_pct", "Repeat contacts (%)",
                        "tickets_solved", "Tickets solved"), names, table);
            }
        }
    }

    @Test
    void anAgentSeesOwnRowsOnlyAndTheTeamTheyWereInOnEachDay() throws SQLException {
        assertEquals(Set.of("A2"), distinct("kpi_agent_daily", "agent_id", Role.AGENT, "bo"));
        assertEquals(4, rows("kpi_agent_daily", Role.AGENT, "bo").size());
        // T2 after bo's move has only bo and cia: below the minimum group size of 3, so hidden from its agents
        assertEquals(List.of("2025-03-08 T1", "2025-03-09 T1"),
                rows("kpi_team_daily", Role.AGENT, "bo").stream().map(r -> r.get("date_local") + " " + r.get("team_id")).sorted().toList());
        assertEquals(Set.of("T1"), distinct("kpi_team_daily", "team_id", Role.AGENT, "anna"));
        assertTrue(rows("kpi_org_daily", Role.AGENT, "anna").isEmpty(), "agents do not get organisation totals");
        assertTrue(rows("fact_queue_call", Role.AGENT, "anna").isEmpty(), "agents do not get call-level facts");
    }

    @Test
    void anAgentSeesOwnGoalRowsOnlyAndTheirTeamsGoalsOnTheTeamDaysTheySee() throws SQLException {
        assertEquals(Set.of("A2"), distinct("kpi_agent_goal_daily", "agent_id", Role.AGENT, "bo"));
        assertEquals(3 * 4, rows("kpi_agent_goal_daily", Role.AGENT, "bo").size(), "three KPIs with a goal, four days");
        assertEquals(Set.of("A1"), distinct("kpi_agent_goal_daily", "agent_id", Role.AGENT, "anna"));
        // anna's personal goal on calls answered applies to her, and only she sees it
        assertEquals(Set.of("agent"), rows("kpi_agent_goal_daily", Role.AGENT, "anna").stream()
                .filter(r -> r.get("kpi").equals("calls_answered")).map(r -> r.get("goal_scope")).collect(Collectors.toSet()));
        // a team's goal day follows the team's day: T1 only before bo's move (3 agents), T2 never (2 at most)
        assertEquals(List.of("2025-03-08 T1", "2025-03-09 T1"), teamGoalDays(Role.AGENT, "bo"));
        assertEquals(List.of("2025-03-08 T1", "2025-03-09 T1"), teamGoalDays(Role.AGENT, "anna"));
        assertEquals(List.of(), teamGoalDays(Role.AGENT, "cia"));
        assertTrue(rows("kpi_team_goal_daily", Role.AGENT, "stranger").isEmpty());
    }

    @Test
    void aLeadSeesTheGoalsOfTheirTeamsAgentsAndTeamsAndManagementAll() throws SQLException {
        assertEquals(Set.of("A1", "A2", "L1"), distinct("kpi_agent_goal_daily", "agent_id", Role.TEAM_LEAD, "lena"));
        assertEquals(List.of("2025-03-08", "2025-03-09"), datesOf("A2", rows("kpi_agent_goal_daily", Role.TEAM_LEAD, "lena")).stream().distinct().toList());
        assertEquals(List.of("2025-03-10", "2025-03-11"), datesOf("A2", rows("kpi_agent_goal_daily", Role.TEAM_LEAD, "lars")).stream().distinct().toList());
        assertEquals(Set.of("A2", "A3"), distinct("kpi_agent_goal_daily", "agent_id", Role.TEAM_LEAD, "lars"));
        assertEquals(List.of("2025-03-08 T2", "2025-03-09 T2", "2025-03-10 T2", "2025-03-11 T2"), teamGoalDays(Role.TEAM_LEAD, "lars"));
        assertEquals(5 * 3 * 4, rows("kpi_agent_goal_daily", Role.MANAGEMENT, "maja").size(), "every call taker, the unknown one too");
        assertEquals(2 * 4, rows("kpi_team_goal_daily", Role.MANAGEMENT, "maja").size());
    }

    @Test
    void theCoachingListIsTheLeadsOfTheirTeamsAndNoAgentsNotEvenTheirOwnRow() throws SQLException {
        assertEquals(List.of("2025-03-10 A1 csat_pct 2", "2025-03-10 L1 aht_s 1", "2025-03-11 A1 csat_pct 2", "2025-03-11 L1 aht_s 1"),
                coaching(Role.TEAM_LEAD, "lena"));
        assertEquals(List.of("2025-03-11 A3 aht_s 1"), coaching(Role.TEAM_LEAD, "lars"));
        for (String agent : List.of("anna", "cia", "bo")) assertEquals(List.of(), coaching(Role.AGENT, agent), agent);
        // management also gets the row of the agent no roster row explains, who is in no team
        assertEquals(6, coaching(Role.MANAGEMENT, "maja").size());
    }

    private List<String> coaching(Role role, String login) throws SQLException {
        return rows("kpi_coaching_daily", role, login).stream()
                .map(r -> r.get("date_local") + " " + r.get("agent_id") + " " + r.get("kpi") + " " + r.get("priority")).sorted().toList();
    }

    private List<String> teamGoalDays(Role role, String login) throws SQLException {
        return rows("kpi_team_goal_daily", role, login).stream().map(r -> r.get("date_local") + " " + r.get("team_id")).sorted().toList();
    }

    @Test
    void aLeadSeesTheMovedAgentOnlyForTheDaysTheAgentWasInTheirTeam() throws SQLException {
        assertEquals(List.of("2025-03-08", "2025-03-09"), datesOf("A2", rows("kpi_agent_daily", Role.TEAM_LEAD, "lena")));
        assertEquals(List.of("2025-03-10", "2025-03-11"), datesOf("A2", rows("kpi_agent_daily", Role.TEAM_LEAD, "lars")));
        assertEquals(Set.of("A1", "A2", "L1"), distinct("kpi_agent_daily", "agent_id", Role.TEAM_LEAD, "lena"));
        assertEquals(Set.of("A2", "A3"), distinct("kpi_agent_interval", "agent_id", Role.TEAM_LEAD, "lars"));
        assertEquals(Set.of("T1"), distinct("kpi_team_daily", "team_id", Role.TEAM_LEAD, "lena"));
    }

    @Test
    void managementSeesEverythingIncludingAgentsNoRosterRowExplains() throws SQLException {
        assertTrue(distinct("kpi_agent_daily", "agent_id", Role.MANAGEMENT, "maja").contains(ServingFixture.UNKNOWN_AGENT));
        assertEquals(4 * 5, rows("fact_queue_call", Role.MANAGEMENT, "maja").size());
    }

    @Test
    void theTeamMedianBesideAnAgentIsTakenOverTheWholeTeamNotJustTheRowsTheAgentMaySee() throws SQLException {
        LocalDate d2 = ServingFixture.D2;
        List<Map<String, Object>> mine = rows("kpi_agent_vs_team_daily", Role.AGENT, "anna");
        Map<String, Object> onD2 = mine.stream().filter(r -> r.get("date_local").toString().equals(d2.toString())).findFirst().orElseThrow();
        // T1 on that day: A1, A2 and L1 took calls; the median of their three AHTs is the middle one
        List<Double> aht = new ArrayList<>();
        for (Map<String, Object> r : rows("kpi_agent_daily", Role.MANAGEMENT, "maja")) {
            if (r.get("date_local").toString().equals(d2.toString()) && "T1".equals(r.get("team_id"))) aht.add((Double) r.get("aht_s"));
        }
        aht.sort(Comparator.naturalOrder());
        assertEquals(3, aht.size());
        assertEquals(aht.get(1), (Double) onD2.get("team_median_aht_s"), 1e-9);
        assertEquals(3L, ((Number) onD2.get("team_agents")).longValue());
        // the CSAT median is the middle rating of T1; on the first day T2's only call taker, cia, has no rating
        // (bo joins T2 later, lars takes no calls), so T2's median is missing rather than zero
        List<Double> csat = new ArrayList<>();
        for (Map<String, Object> r : rows("kpi_agent_daily", Role.MANAGEMENT, "maja")) {
            if (r.get("date_local").toString().equals(d2.toString()) && "T1".equals(r.get("team_id"))) csat.add((Double) r.get("csat_pct"));
        }
        csat.sort(Comparator.naturalOrder());
        assertEquals(csat.get(1), (Double) onD2.get("team_median_csat_pct"), 1e-9);
        Map<String, Object> ciaFirstDay = rows("kpi_agent_vs_team_daily", Role.AGENT, "cia").stream()
                .filter(r -> r.get("date_local").toString().equals(ServingFixture.D1.toString())).findFirst().orElseThrow();
        assertEquals(null, ciaFirstDay.get("team_median_csat_pct"), "T2's only agent that day has no rating");
        assertEquals(Set.of("A1"), mine.stream().map(r -> r.get("agent_id")).collect(Collectors.toSet()));
    }

    /**
     * Minimum group size (default 3 agents): T1 has A1, A2 and L1 on the first two days and A1 and L1 after bo's
     * move; T2 has only cia before it and bo and cia after it. Below 3, an agent gets no team row and null
     * team medians (team leads and management keep theirs); with the minimum set to 2 the two-person days show.
     */
    @Test
    void teamValuesAreHiddenFromAgentsOnDaysTheTeamIsBelowTheMinimumGroupSize() throws SQLException {
        assertEquals(List.of("2025-03-08 T1", "2025-03-09 T1"), teamDays("anna"), "T1 has 2 agents from the move on");
        assertEquals(List.of(), teamDays("cia"), "T2 never has 3 agents");
        assertEquals(4, rows("kpi_team_daily", Role.TEAM_LEAD, "lars").size(), "the lead keeps the team's every day");

        Map<String, Map<String, Object>> annas = byDate(rows("kpi_agent_vs_team_daily", Role.AGENT, "anna"));
        assertEquals(3L, ((Number) annas.get(ServingFixture.D2.toString()).get("team_agents")).longValue());
        assertTrue(annas.get(ServingFixture.D2.toString()).get("team_median_calls_answered") != null);
        Map<String, Object> onMove = annas.get(ServingFixture.MOVE.toString());
        assertEquals(2L, ((Number) onMove.get("team_agents")).longValue(), "the size stays visible");
        for (String median : List.of("team_median_calls_answered", "team_median_aht_s", "team_median_occupancy_pct", "team_median_csat_pct")) {
            assertEquals(null, onMove.get(median), median + " of a two-person team");
        }

        try (ServingDatabase two = ServingDatabase.builder().start()) {
            Clock afterFixture = Clock.fixed(ServingFixture.D4.atStartOfDay(ZoneId.of("UTC")).toInstant(), ZoneId.of("UTC"));
            Publisher.builder(ServingFixture.shared(), two.jdbcUrl()).user(ServingDatabase.SUPERUSER)
                    .today(afterFixture, ZoneId.of("Europe/Stockholm")).minTeamAgents(2).build().publish();
            try (Connection c = two.connect()) {
                String team = "SELECT date_local || ' ' || team_id AS d FROM serving.kpi_team_daily WHERE ("
                        + AccessRules.predicate(Role.AGENT, "kpi_team_daily", "bo") + ") ORDER BY 1";
                assertEquals(List.of("2025-03-08 T1", "2025-03-09 T1", "2025-03-10 T2", "2025-03-11 T2"),
                        query(c, team).stream().map(r -> r.get("d").toString()).toList(), "with a minimum of 2, bo sees T2 after his move");
                String teamGoals = "SELECT DISTINCT date_local || ' ' || team_id AS d FROM serving.kpi_team_goal_daily WHERE ("
                        + AccessRules.predicate(Role.AGENT, "kpi_team_goal_daily", "bo") + ") ORDER BY 1";
                assertEquals(List.of("2025-03-08 T1", "2025-03-09 T1", "2025-03-10 T2", "2025-03-11 T2"),
                        query(c, teamGoals).stream().map(r -> r.get("d").toString()).toList(), "and T2's goals with it");
                // the median of two agents is their mean: A1 and L1 on the move day
                Map<String, Object> anna = byDate(query(c, "SELECT * FROM serving.kpi_agent_vs_team_daily WHERE agent_id = 'A1'"))
                        .get(ServingFixture.MOVE.toString());
                // (read from the published rows: PublisherTest may have raised the fixture's counts in this JVM)
                double mean = query(c, "SELECT calls_answered FROM serving.kpi_agent_daily WHERE date_local = DATE '"
                        + ServingFixture.MOVE + "' AND agent_id IN ('A1', 'L1')").stream()
                        .mapToLong(r -> ((Number) r.get("calls_answered")).longValue()).average().orElseThrow();
                assertEquals(2, query(c, "SELECT 1 FROM serving.kpi_agent_daily WHERE date_local = DATE '" + ServingFixture.MOVE
                        + "' AND team_id = 'T1'").size(), "T1 on the move day: A1 and L1");
                assertEquals(mean, ((Number) anna.get("team_median_calls_answered")).doubleValue(), 1e-9);
            }
        }
    }

    private List<String> teamDays(String agentLogin) throws SQLException {
        return rows("kpi_team_daily", Role.AGENT, agentLogin).stream().map(r -> r.get("date_local") + " " + r.get("team_id")).sorted().toList();
    }

    private static Map<String, Map<String, Object>> byDate(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        rows.forEach(r -> out.put(r.get("date_local").toString(), r));
        return out;
    }

    @Test
    void aLoginThatTriesToLeaveTheStringLiteralStaysInsideItAndSeesNothing() throws SQLException {
        for (String evil : List.of("x' OR '1'='1", "anna'--", "o'brien@example.com", "anna\\", "x') OR TRUE OR ('")) {
            for (Role role : List.of(Role.AGENT, Role.TEAM_LEAD)) {
                for (String table : List.of("kpi_agent_daily", "kpi_team_daily", "kpi_agent_goal_daily", "kpi_team_goal_daily", "kpi_coaching_daily")) {
                    assertEquals(List.of(), rows(table, role, evil), evil + " as " + role + " on " + table);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> AccessRules.predicate(Role.AGENT, "no_such_table", "anna"));
    }

    @Test
    void aLoginNobodyHasSeesNothingAsAnAgentOrLead() throws SQLException {
        assertTrue(rows("kpi_agent_daily", Role.AGENT, "stranger").isEmpty());
        assertTrue(rows("kpi_team_daily", Role.AGENT, "stranger").isEmpty());
        assertTrue(rows("kpi_agent_daily", Role.TEAM_LEAD, "stranger").isEmpty());
    }

    // ---- the independent expectation ------------------------------------------------------------------------

    /** The rows {@code person} may see of {@code table}, decided from the roster, not from AccessRules. */
    private Predicate<Map<String, Object>> mayShow(RosterRow person, String table) {
        Role role = person.role();
        if (role == Role.MANAGEMENT) return r -> true;
        return switch (table) {
            case "kpi_agent_interval", "kpi_agent_daily", "kpi_agent_vs_team_daily", "kpi_agent_goal_daily" -> r ->
                    person.agentId().equals(r.get("agent_id"))
                            || (role == Role.TEAM_LEAD && leads(person.login(), (String) r.get("team_id")));
            // a team's goals are shown to whoever is shown the team's day
            case "kpi_team_daily", "kpi_team_goal_daily" -> r -> role == Role.TEAM_LEAD
                    ? leads(person.login(), (String) r.get("team_id"))
                    : r.get("team_id").equals(ServingFixture.teamOn(person.agentId(), LocalDate.parse(r.get("date_local").toString())))
                            && callTakersOf((String) r.get("team_id"), LocalDate.parse(r.get("date_local").toString())) >= 3;
            case "kpi_coaching_daily" -> r -> role == Role.TEAM_LEAD && leads(person.login(), (String) r.get("team_id"));
            case "kpi_queue_interval", "kpi_queue_daily" -> r -> true;
            case "kpi_org_daily" -> r -> role == Role.TEAM_LEAD;
            case "data_quality_daily", "fact_queue_call", "fact_agent_session", "fact_ticket" -> r -> false;
            default -> throw new AssertionError("dataset " + table + " has no expectation in this test: add one");
        };
    }

    /** How many of the fixture's call takers were in {@code teamId} on {@code day}, by the roster. */
    private static long callTakersOf(String teamId, LocalDate day) {
        return Stream.of("A1", "A2", "A3", "L1").filter(a -> teamId.equals(ServingFixture.teamOn(a, day))).count();
    }

    /** A lead leads a team when a current roster row of that team names them. */
    private boolean leads(String login, String teamId) {
        if (teamId == null) return false;
        Map<String, RosterRow> current = new HashMap<>();
        roster.forEach(r -> current.merge(r.agentId(), r, (a, b) -> b.validFrom().isAfter(a.validFrom()) ? b : a));
        return current.values().stream().anyMatch(r -> login.equals(r.teamLeadLogin()) && teamId.equals(r.teamId()));
    }

    private List<RosterRow> currentPeople() {
        Map<String, RosterRow> current = new HashMap<>();
        roster.forEach(r -> current.merge(r.agentId(), r, (a, b) -> b.validFrom().isAfter(a.validFrom()) ? b : a));
        return current.values().stream().sorted(Comparator.comparing(RosterRow::login)).toList();
    }

    // ---- queries --------------------------------------------------------------------------------------------

    private List<Map<String, Object>> rows(String table, Role role, String login) throws SQLException {
        try (Connection reader = DriverManager.getConnection(db.jdbcUrl(), "superset_reader", "reader-pw")) {
            return query(reader, "SELECT * FROM serving." + table + " WHERE (" + AccessRules.predicate(role, table, login) + ")");
        }
    }

    private Set<Object> distinct(String table, String column, Role role, String login) throws SQLException {
        return rows(table, role, login).stream().map(r -> r.get(column)).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private static List<String> datesOf(String agentId, List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> agentId.equals(r.get("agent_id"))).map(r -> r.get("date_local").toString()).sorted().toList();
    }

    private static List<Map<String, Object>> query(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new java.util.TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i), rs.getObject(i));
                out.add(row);
            }
        }
        return out;
    }
}
