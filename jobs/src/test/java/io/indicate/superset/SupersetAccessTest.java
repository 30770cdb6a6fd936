package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.publish.ServingFixture;
import io.indicate.roster.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

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

    /** Who is tested: login, role, agent id, the teams they lead, the agent whose team history they share. */
    private record Person(String login, Role role, String agentId, Set<String> leads, String teamHistoryOf) {}

    private static final List<Person> PEOPLE = List.of(
            new Person("anna", Role.AGENT, "A1", Set.of(), "A1"),
            new Person("bo", Role.AGENT, "A2", Set.of(), "A2"),
            new Person(RealSuperset.OBRIEN, Role.AGENT, "A4", Set.of(), "A1"),
            new Person(RealSuperset.ASA, Role.AGENT, "A5", Set.of(), "A3"),
            new Person("lena", Role.TEAM_LEAD, "L1", Set.of("T1"), "L1"),
            new Person("lars", Role.TEAM_LEAD, "L2", Set.of("T2"), "L2"),
            new Person("maja", Role.MANAGEMENT, "M1", Set.of(), "M1"));

    private static final Map<Role, String> DASHBOARD = Map.of(
            Role.AGENT, "my-performance", Role.TEAM_LEAD, "team", Role.MANAGEMENT, "organisation");

    private RealSuperset superset;
    private Map<Integer, String> tableByDataset;
    private Map<String, Integer> datasetByTable;

    @BeforeAll
    void superset() {
        superset = RealSuperset.shared();
        tableByDataset = new HashMap<>();
        datasetByTable = new HashMap<>();
        for (JsonNode d : superset.admin().client.list("/api/v1/dataset/")) {
            tableByDataset.put(d.path("id").asInt(), d.path("table_name").asText());
            datasetByTable.put(d.path("table_name").asText(), d.path("id").asInt());
        }
    }

    @Test
    void theSyncSetsUpEverythingTheRealSupersetHasWithoutAWarning() {
        String out = superset.firstSync.all();
        assertFalse(out.contains("warning:"), out);
        assertFalse(out.contains(superset.adminPassword), "the sync never prints a password");
    }

    @Test
    void aSecondSyncSendsNoWrite() {
        RealSuperset.Sync again = superset.sync(superset.roster);
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("Superset was already in sync: nothing sent"), again.all());
    }

    @Test
    void everyPersonGetsExactlyTheirRowsFromEveryChartOfTheDashboardsTheyCanList() {
        int chartsChecked = 0;
        for (Person p : PEOPLE) {
            RealSuperset.Session session = superset.as(p.login());
            List<JsonNode> dashboards = session.dashboards();
            assertEquals(List.of(DASHBOARD.get(p.role())), dashboards.stream().map(d -> d.path("slug").asText()).toList(),
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
                    assertEquals(expectedRows(p, table), rowsThroughSuperset(session, datasetId, table, what), what + " on " + table);
                    chartsChecked++;
                }
            }
        }
        assertTrue(chartsChecked >= 18, "charts checked: " + chartsChecked);
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

    @Test
    void anAgentCannotOpenTheTeamOrOrganisationDashboardNorTheirData() {
        RealSuperset.Session anna = superset.as("anna");
        for (String slug : List.of("team", "organisation")) {
            int status = anna.get("/api/v1/dashboard/" + slug).status();
            assertTrue(status == 403 || status == 404, slug + " answered " + status);
        }
        for (String table : List.of("kpi_org_daily", "data_quality_daily", "fact_queue_call", "fact_ticket", "access_person")) {
            SupersetClient.Answer a = anna.chartData(RealSuperset.queryContext(datasetByTable.get(table), RealSuperset.rawRows(List.of("date_local"))));
            assertEquals(403, a.status(), table + ": " + a.body());
        }
        // the same request succeeds for a role that has the dataset, so the refusal above is about the role
        SupersetClient.Answer lead = superset.as("lena").chartData(
                RealSuperset.queryContext(datasetByTable.get("kpi_org_daily"), RealSuperset.rawRows(List.of("date_local"))));
        assertEquals(200, lead.status(), lead.body().toString());
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

    // ---- the independent expectation ------------------------------------------------------------------------

    /** "who|date" keys of the rows {@code p} may see of {@code table}, from the serving table as the superuser. */
    private List<String> expectedRows(Person p, String table) {
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> r : superset.query("SELECT * FROM serving." + table)) {
            Map<String, Object> row = new HashMap<>();
            r.forEach((k, v) -> row.put(k, v == null ? null : v.toString()));
            if (mayShow(p, table).test(row)) keys.add(key(row));
        }
        return keys.stream().sorted().toList();
    }

    private static Predicate<Map<String, Object>> mayShow(Person p, String table) {
        if (p.role() == Role.MANAGEMENT) return r -> true;
        return switch (table) {
            case "kpi_agent_interval", "kpi_agent_daily", "kpi_agent_vs_team_daily" -> r ->
                    p.agentId().equals(r.get("agent_id")) || p.leads().contains(r.get("team_id"));
            case "kpi_team_daily" -> r -> p.role() == Role.TEAM_LEAD
                    ? p.leads().contains(r.get("team_id"))
                    : r.get("team_id").equals(ServingFixture.teamOn(p.teamHistoryOf(), LocalDate.parse(r.get("date_local").toString())));
            case "kpi_queue_interval", "kpi_queue_daily" -> r -> true;
            case "kpi_org_daily" -> r -> p.role() == Role.TEAM_LEAD;
            default -> r -> false;
        };
    }

    private List<String> rowsThroughSuperset(RealSuperset.Session session, int datasetId, String table, String what) {
        List<String> columns = new ArrayList<>(List.of("date_local"));
        Set<String> tableColumns = new TreeSet<>();
        superset.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'serving' AND table_name = '" + table + "'")
                .forEach(r -> tableColumns.add(r.get("column_name").toString()));
        for (String c : List.of("agent_id", "team_id", "queue", "source", "check")) if (tableColumns.contains(c)) columns.add(c);
        JsonNode data = RealSuperset.requireData(session.chartData(RealSuperset.queryContext(datasetId, RealSuperset.rawRows(columns))), what);
        List<String> keys = new ArrayList<>();
        for (JsonNode n : data) {
            Map<String, Object> row = new TreeMap<>(RealSuperset.row(n));
            Object date = row.get("date_local");
            if (date != null && date.toString().matches("-?\\d+")) {
                row.put("date_local", Instant.ofEpochMilli(Long.parseLong(date.toString())).atOffset(ZoneOffset.UTC).toLocalDate().toString());
            }
            keys.add(key(row));
        }
        return keys.stream().sorted().toList();
    }

    private static String key(Map<String, Object> row) {
        StringBuilder k = new StringBuilder(String.valueOf(row.get("date_local")));
        for (String c : List.of("agent_id", "team_id", "queue", "source", "check")) {
            if (row.containsKey(c)) k.append('|').append(row.get(c));
        }
        return k.toString();
    }

    @Test
    void theExpectationItselfTellsPeopleApart() {
        // guards the test above against an expectation that would accept anything
        assertNotEquals(expectedRows(PEOPLE.get(0), "kpi_agent_daily"), expectedRows(PEOPLE.get(1), "kpi_agent_daily"));
        assertNotEquals(expectedRows(PEOPLE.get(4), "kpi_agent_daily"), expectedRows(PEOPLE.get(5), "kpi_agent_daily"));
        assertTrue(expectedRows(PEOPLE.get(6), "kpi_agent_daily").size() > expectedRows(PEOPLE.get(4), "kpi_agent_daily").size());
    }
}
