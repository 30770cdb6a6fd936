package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync fails closed: from a Superset that has none of the project's roles or rules and only deactivated
 * users (as after every person left), a sync that
 * breaks at its first, second, ... write (a fault injected by {@link FaultyProxy}) leaves every person who can
 * log in at that moment seeing no more than their rules allow, and exits 1 with one line; the next full sync
 * completes the work.
 */
@Tag("real-superset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupersetFailClosedTest {
    private static final List<String> FILTERED_TABLES = List.of("kpi_agent_daily", "kpi_agent_interval", "kpi_agent_vs_team_daily", "kpi_team_daily");

    private RealSuperset superset;
    private AccessExpectation expectation;
    private FaultyProxy proxy;
    private Map<String, Integer> datasetByTable;

    @BeforeAll
    void start() throws IOException {
        superset = RealSuperset.shared();
        expectation = new AccessExpectation(superset);
        proxy = new FaultyProxy(superset.url);
        datasetByTable = new TreeMap<>();
        for (JsonNode d : superset.admin().client.list("/api/v1/dataset/")) datasetByTable.put(d.path("table_name").asText(), d.path("id").asInt());
    }

    @AfterAll
    void restore() {
        if (proxy != null) proxy.close();
        RealSuperset.Sync full = superset.sync(superset.roster);
        assertEquals(0, full.exitCode(), full.all());
    }

    @Test
    void aSyncBrokenAtAnyStepLeavesNoOneWithMoreRowsThanTheirRules() {
        // the writes of a sync from scratch, to break it once at the first write of each step (a run of writes
        // to one endpoint) and at the very last one
        superset.removeEverythingTheSyncManages();
        proxy.failAtWrite(-1);
        RealSuperset.Sync complete = superset.sync(proxy.url(), superset.roster);
        assertEquals(0, complete.exitCode(), complete.all());
        List<String> writes = proxy.writes().stream().map(w -> w.replaceAll("/\\d+", "/{id}")).toList();
        List<Integer> breakAt = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            if (i == 0 || !writes.get(i).equals(writes.get(i - 1)) || i == writes.size() - 1) breakAt.add(i + 1);
        }
        List<String> steps = new ArrayList<>();
        int loginsChecked = 0;
        for (int n : breakAt) {
            superset.removeEverythingTheSyncManages();
            proxy.failAtWrite(n);
            RealSuperset.Sync run = superset.sync(proxy.url(), superset.roster);
            steps.add(proxy.failed());
            assertEquals(1, run.exitCode(), "broken at " + proxy.failed() + ": " + run.all());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("injected failure"), run.err());
            loginsChecked += checkNobodySeesMoreThanAllowed("broken at write " + n + " (" + proxy.failed() + ")");
        }
        // roles, rules, grants, dashboard audiences, users: each step was broken once
        for (String step : List.of("POST /api/v1/security/roles/", "POST /api/v1/rowlevelsecurity/",
                "POST /api/v1/security/roles/{id}/permissions", "PUT /api/v1/dashboard/{id}", "PUT /api/v1/security/users/{id}")) {
            assertTrue(steps.stream().map(w -> w.replaceAll("/\\d+", "/{id}")).anyMatch(step::equals), step + " not among " + steps);
        }
        assertTrue(loginsChecked > 0, "some person could log in after a broken sync, and was checked");
    }

    /** Every person who can log in now sees at most their rows of each filtered dataset; returns how many logged in. */
    private int checkNobodySeesMoreThanAllowed(String when) {
        int loggedIn = 0;
        for (AccessExpectation.Person p : AccessExpectation.PEOPLE) {
            RealSuperset.Session session;
            try {
                session = superset.as(p.login());
            } catch (RuntimeException notCreatedYet) {
                continue;
            }
            loggedIn++;
            for (String table : FILTERED_TABLES) {
                SupersetClient.Answer a = session.chartData(RealSuperset.queryContext(datasetByTable.get(table),
                        RealSuperset.rawRows(expectation.keyColumns(table))));
                if (a.status() != 200) continue;
                List<String> seen = AccessExpectation.keys(a.body().path("result").path(0).path("data"));
                List<String> allowed = new ArrayList<>(expectation.expectedRows(p, table));
                for (String row : seen) {
                    assertTrue(allowed.remove(row), when + ": " + p.login() + " sees " + row + " of " + table + ", outside their rules");
                }
            }
        }
        return loggedIn;
    }
}
