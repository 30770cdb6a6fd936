package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    void everyPersonGetsExactlyTheirRowsFromEveryChartOfTheDashboardsTheyCanList() {
        int chartsChecked = 0;
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
        for (String table : List.of("kpi_org_daily", "data_quality_daily", "fact_queue_call", "fact_agent_session", "fact_ticket")) {
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
