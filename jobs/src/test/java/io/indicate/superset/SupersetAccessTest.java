package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.security.AccessRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row-level security through Superset itself, after {@code indicate superset sync} of the fixture roster: each
 * person logs in through Superset's API with their own password, requests the data of every chart of every
 * dashboard Superset lists to them, and gets exactly the rows their role allows, worked out here from the
 * roster and the serving tables (not from {@code AccessRules}).
 */
@Tag("real-superset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupersetAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealSuperset superset;
    private AccessExpectation expectation;
    private Map<Integer, String> tableByDataset;
    private Map<String, Integer> datasetByTable;

    @BeforeAll
    void superset() {
        superset = RealSuperset.shared();
        expectation = new AccessExpectation(superset);
        tableByDataset = new HashMap<>();
        datasetByTable = new HashMap<>();
        for (JsonNode d : superset.admin().client.list("/api/v1/dataset/")) {
            tableByDataset.put(d.path("id").asInt(), d.path("table_name").asText());
            datasetByTable.put(d.path("table_name").asText(), d.path("id").asInt());
        }
    }

    @Test
    void theSyncSetsUpEverythingTheRealSupersetHasWithoutAWarning() throws java.io.IOException {
        String out = superset.firstSync.all();
        assertFalse(out.contains("warning:"), out);
        assertFalse(out.contains(superset.adminPassword), "the sync never prints a password");
        for (AccessExpectation.Person p : AccessExpectation.PEOPLE) {
            Path file = superset.passwords.resolve(p.login() + ".password");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), file.toString());
            assertFalse(out.contains(superset.passwordOf(p.login())), "no initial password in the output");
        }
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(superset.passwords));
        assertEquals(AccessExpectation.PEOPLE.size(), AccessExpectation.PEOPLE.stream().map(p -> superset.passwordOf(p.login())).distinct().count(),
                "each person has their own initial password");
    }

    @Test
    void aSecondSyncSendsNoWrite() {
        RealSuperset.Sync again = superset.sync(superset.roster);
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("Superset was already in sync: nothing sent"), again.all());
    }

    @Test
    void theRowLevelSecurityRulesSupersetHoldsAreExactlyThoseOfAccessRules() {
        Map<String, String> held = new TreeMap<>();
        for (JsonNode r : superset.admin().client.list("/api/v1/rowlevelsecurity/")) {
            if (!r.path("name").asText().startsWith(AccessRules.RULE_PREFIX)) continue;
            held.put(r.path("name").asText() + " / " + names(r.path("roles"), "name"), r.path("filter_type").asText() + " "
                    + names(r.path("tables"), "table_name") + " " + r.path("clause").asText());
        }
        Map<String, String> wanted = new TreeMap<>();
        for (AccessRules.SupersetRule rule : AccessRules.supersetRules()) {
            wanted.put(rule.name() + " / " + Set.of(AccessRules.supersetRole(rule.role())), "Regular " + new TreeSet<>(rule.tables()) + " " + rule.clause());
        }
        assertEquals(wanted, held);
        // the goals marts are among them, for both filtered roles
        String all = held.toString();
        assertTrue(all.contains("kpi_agent_goal_daily") && all.contains("kpi_team_goal_daily"), all);
    }

    @Test
    void anAgentGetsOnlyTheirOwnGoalRowsWhateverTheyFilterOn() {
        RealSuperset.Session anna = superset.as("anna");
        int goals = datasetByTable.get("kpi_agent_goal_daily");
        List<String> own = expectation.expectedRows(AccessExpectation.person("anna"), "kpi_agent_goal_daily");
        assertEquals(3 * 4, own.size(), "anna's three goals on four days: " + own);
        assertTrue(own.stream().allMatch(k -> k.contains("|A1|")), own.toString());

        List<ObjectNode> attempts = new java.util.ArrayList<>();
        for (String[] filter : List.of(new String[]{"agent_id", "==", "A2"}, new String[]{"agent_login", "IN", "bo,cia,lena"},
                new String[]{"team_id", "==", "T2"}, new String[]{"agent_id", "!=", "A1"})) {
            ObjectNode q = RealSuperset.rawRows(List.of("date_local", "agent_id", "kpi"));
            ObjectNode f = q.withArray("filters").addObject().put("col", filter[0]).put("op", filter[1]);
            if (filter[1].equals("IN")) {
                for (String v : filter[2].split(",")) f.withArray("val").add(v);
            } else {
                f.put("val", filter[2]);
            }
            attempts.add(q);
        }
        for (String where : List.of("agent_id <> 'A1' OR TRUE", "1=1) OR (1=1", "agent_login = 'bo'")) {
            ObjectNode q = RealSuperset.rawRows(List.of("date_local", "agent_id", "kpi"));
            q.putObject("extras").put("where", where);
            attempts.add(q);
        }
        for (ObjectNode q : attempts) {
            SupersetClient.Answer a = anna.chartData(RealSuperset.queryContext(goals, q));
            JsonNode result = a.body().path("result").path(0);
            if (a.status() != 200 || result.hasNonNull("error")) continue;  // refused outright: nothing shown
            for (JsonNode row : result.path("data")) assertEquals("A1", row.path("agent_id").asText(), q + " -> " + result.path("data"));
        }
        ObjectNode everyAgent = RealSuperset.rawRows(List.of());
        everyAgent.putArray("metrics").addObject().put("expressionType", "SQL").put("sqlExpression", "string_agg(DISTINCT agent_id, ',')").put("label", "m");
        assertEquals("A1", RealSuperset.requireData(anna.chartData(RealSuperset.queryContext(goals, everyAgent)), "anna").get(0).path("m").asText());
        // management's same request sees every agent, so the answer above is the rule's doing
        String all = RealSuperset.requireData(superset.as("maja").chartData(RealSuperset.queryContext(goals, everyAgent)), "maja").get(0).path("m").asText();
        assertTrue(all.contains("A1") && all.contains("A2") && all.contains("A3") && all.contains("L1"), all);
    }

    @Test
    void aTeamsGoalsReachItsLeadAndItsAgentsOnlyOnDaysTheTeamIsBigEnough() {
        int teamGoals = datasetByTable.get("kpi_team_goal_daily");
        ObjectNode t2 = RealSuperset.rawRows(List.of("date_local", "team_id", "kpi"));
        t2.withArray("filters").addObject().put("col", "team_id").put("op", "==").put("val", "T2");
        // cia's team T2 never has three agents: nothing, however she asks
        assertEquals(0, RealSuperset.requireData(superset.as("cia").chartData(RealSuperset.queryContext(teamGoals, t2)), "cia").size());
        assertEquals(0, RealSuperset.requireData(superset.as("anna").chartData(RealSuperset.queryContext(teamGoals, t2)), "anna").size());
        assertEquals(4, RealSuperset.requireData(superset.as("lars").chartData(RealSuperset.queryContext(teamGoals, t2)), "lars").size());
        assertEquals(0, RealSuperset.requireData(superset.as("lena").chartData(RealSuperset.queryContext(teamGoals, t2)), "lena").size());
        assertEquals(2, expectation.expectedRows(AccessExpectation.person("anna"), "kpi_team_goal_daily").size(),
                "T1 before bo's move: three agents");
    }

    private static Set<String> names(JsonNode list, String field) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void everyPersonGetsExactlyTheirRowsFromEveryChartOfTheDashboardsTheyCanList() {
        int chartsChecked = 0;
        Set<String> chartNames = new TreeSet<>();
        for (AccessExpectation.Person p : AccessExpectation.PEOPLE) {
            RealSuperset.Session session = superset.as(p.login());
            List<JsonNode> dashboards = session.dashboards();
            assertEquals(List.of(AccessExpectation.DASHBOARD.get(p.role())), dashboards.stream().map(d -> d.path("slug").asText()).toList(),
                    p.login() + " lists exactly their role's dashboard");
            for (JsonNode dashboard : dashboards) {
                List<JsonNode> charts = session.charts(dashboard.path("id").asInt());
                assertFalse(charts.isEmpty(), dashboard.path("slug").asText());
                for (JsonNode chart : charts) {
                    String what = p.login() + " / " + dashboard.path("slug").asText() + " / " + chart.path("slice_name").asText();
                    JsonNode formData = chart.path("form_data");
                    int datasetId = Integer.parseInt(formData.path("datasource").asText().split("__")[0]);
                    String table = tableByDataset.get(datasetId);

                    // the chart's own query answers without an error
                    RealSuperset.requireData(session.chartData(RealSuperset.queryContext(datasetId, RealSuperset.chartQuery(formData))), what);

                    // and the chart's dataset gives this person exactly the rows they may see
                    assertEquals(expectation.expectedRows(p, table), expectation.rowsThroughSuperset(session, datasetId, table, what), what + " on " + table);
                    chartsChecked++;
                    chartNames.add(chart.path("slice_name").asText());
                }
            }
        }
        assertTrue(chartsChecked >= 18, "charts checked: " + chartsChecked);
        assertTrue(chartNames.containsAll(List.of("My goals today", "Coaching list, today", "Goals today, per agent", "Goal attainment per agent, last 7 days",
                "Goal attainment per team, last 7 days", "Team goals today")), chartNames.toString());
    }

    @Test
    void totalsThroughSupersetEqualTheServingTables() {
        RealSuperset.Session maja = superset.as("maja");
        for (String table : List.of("kpi_agent_daily", "kpi_team_daily", "kpi_org_daily")) {
            ObjectNode q = RealSuperset.rawRows(List.of());
            q.putArray("metrics").addObject().put("expressionType", "SQL").put("sqlExpression", "SUM(calls_answered)").put("label", "total");
            JsonNode data = RealSuperset.requireData(maja.chartData(RealSuperset.queryContext(datasetByTable.get(table), q)), table);
            long expected = ((Number) superset.query("SELECT SUM(calls_answered) AS t FROM serving." + table).get(0).get("t")).longValue();
            assertTrue(expected > 0, table);
            assertEquals(expected, data.get(0).path("total").asLong(), table);
        }
        // an agent's total is their own
        RealSuperset.Session bo = superset.as("bo");
        ObjectNode q = RealSuperset.rawRows(List.of());
        q.putArray("metrics").addObject().put("expressionType", "SQL").put("sqlExpression", "SUM(calls_answered)").put("label", "total");
        JsonNode data = RealSuperset.requireData(bo.chartData(RealSuperset.queryContext(datasetByTable.get("kpi_agent_daily"), q)), "bo");
        long own = ((Number) superset.query("SELECT SUM(calls_answered) AS t FROM serving.kpi_agent_daily WHERE agent_id = 'A2'").get(0).get("t")).longValue();
        assertEquals(own, data.get(0).path("total").asLong());
    }

    /**
     * The marts are stamped with an instant (12:00 UTC in the fixture, a March day: 13:00 in Stockholm); what an agent
     * reads under "Data refreshed at" is the centre's wall clock (the sync's time zone, {@link RealSuperset#CENTRE}), not UTC.
     */
    @Test
    void theRefreshTimeAnAgentReadsIsTheCentresWallClock() {
        ObjectNode q = RealSuperset.rawRows(List.of());
        q.putArray("metrics").add("last_refreshed");
        JsonNode data = RealSuperset.requireData(superset.as("anna").chartData(RealSuperset.queryContext(datasetByTable.get("kpi_agent_daily"), q)), "anna");
        long shown = data.get(0).path("last_refreshed").asLong();
        java.time.LocalDateTime wallClock = io.indicate.publish.ServingFixture.REFRESHED.atZone(RealSuperset.CENTRE).toLocalDateTime();
        assertEquals(java.time.LocalDateTime.of(2025, 3, 11, 13, 0), wallClock);
        assertEquals(wallClock.toInstant(java.time.ZoneOffset.UTC).toEpochMilli(), shown,
                "shown: " + java.time.Instant.ofEpochMilli(shown) + " (Superset shows a time stamp as UTC)");
    }

    @Test
    void anAgentCannotOpenTheTeamOrOrganisationDashboardNorTheirData() {
        RealSuperset.Session anna = superset.as("anna");
        for (String slug : List.of("team", "organisation")) {
            int status = anna.get("/api/v1/dashboard/" + slug).status();
            assertTrue(status == 403 || status == 404, slug + " answered " + status);
        }
        for (String table : List.of("kpi_coaching_daily", "kpi_org_daily", "data_quality_daily", "fact_queue_call", "fact_agent_session", "fact_ticket")) {
            SupersetClient.Answer a = anna.chartData(RealSuperset.queryContext(datasetByTable.get(table), RealSuperset.rawRows(List.of("date_local"))));
            assertEquals(403, a.status(), table + ": " + a.body());
        }
        // the same request succeeds for a role that has the dataset, so the refusal above is about the role
        for (String table : List.of("kpi_org_daily", "kpi_coaching_daily")) {
            SupersetClient.Answer lead = superset.as("lena").chartData(
                    RealSuperset.queryContext(datasetByTable.get(table), RealSuperset.rawRows(List.of("date_local"))));
            assertEquals(200, lead.status(), table + ": " + lead.body());
        }
    }

    @Test
    void onlyManagementRunsSqlLab() {
        int databaseId = superset.admin().client.list("/api/v1/database/").stream()
                .filter(d -> d.path("database_name").asText().equals("serving")).findFirst().orElseThrow().path("id").asInt();
        ObjectNode body = JSON.createObjectNode().put("database_id", databaseId).put("sql", "SELECT count(*) AS n FROM serving.kpi_agent_daily")
                .put("schema", "serving").put("runAsync", false).put("client_id", "t" + System.nanoTime() % 100000);
        for (String login : List.of("anna", "lena")) {
            SupersetClient.Answer a = superset.as(login).post("/api/v1/sqllab/execute/", body);
            assertTrue(a.status() == 401 || a.status() == 403, login + ": " + a.status() + " " + a.body());
        }
        body.put("client_id", "m" + System.nanoTime() % 100000);
        SupersetClient.Answer m = superset.as("maja").post("/api/v1/sqllab/execute/", body);
        assertEquals(200, m.status(), m.body().toString());
        long expected = ((Number) superset.query("SELECT count(*) AS n FROM serving.kpi_agent_daily").get(0).get("n")).longValue();
        assertEquals(expected, m.body().path("data").get(0).path("n").asLong());
    }

    @Test
    void theExpectationItselfTellsPeopleApart() {
        // guards the test above against an expectation that would accept anything
        List<String> anna = expectation.expectedRows(AccessExpectation.person("anna"), "kpi_agent_daily");
        List<String> bo = expectation.expectedRows(AccessExpectation.person("bo"), "kpi_agent_daily");
        List<String> lena = expectation.expectedRows(AccessExpectation.person("lena"), "kpi_agent_daily");
        List<String> lars = expectation.expectedRows(AccessExpectation.person("lars"), "kpi_agent_daily");
        List<String> maja = expectation.expectedRows(AccessExpectation.person("maja"), "kpi_agent_daily");
        assertEquals(4, anna.size(), anna.toString());
        assertNotEquals(anna, bo);
        assertNotEquals(lena, lars);
        assertTrue(lena.containsAll(anna) && !lars.containsAll(anna));
        assertTrue(maja.size() > lena.size() + lars.size() - 1, maja.size() + " rows for management");
    }
}
