package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a dataset of the asset folder gets on its way to Superset, beyond its own YAML. */
class KpiDatasetsTest {
    @Test
    void bothGoalDatasetsGetTheOneGoalAttainmentMetricAndADatasetWritingItOutIsRefused() {
        Map<String, JsonNode> datasets = KpiDatasets.read(RepositoryFiles.supersetAssets(), java.time.ZoneId.of("Europe/Stockholm"));
        JsonNode agentGoals = datasets.get("datasets/serving/kpi_agent_goal_daily.yaml");
        JsonNode agents = goalAttainment(agentGoals), teams = goalAttainment(datasets.get("datasets/serving/kpi_team_goal_daily.yaml"));
        assertEquals("100.0 * COUNT(CASE WHEN met THEN 1 END) / NULLIF(COUNT(met), 0)", agents.path("expression").asText());
        assertEquals("Days met (%)", agents.path("verbose_name").asText());
        assertEquals(",.0f", agents.path("d3format").asText());
        assertEquals(agents, teams);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KpiDatasets.complete(agentGoals, "goals.yaml", java.time.ZoneId.of("Europe/Stockholm")));
        assertTrue(e.getMessage().contains("goals.yaml: the metric days_met_pct is written once, in KpiDatasets"), e.getMessage());
    }

    @Test
    void everyDatasetWithARefreshTimeShowsItOnTheCentresWallClock() {
        Map<String, JsonNode> datasets = KpiDatasets.read(RepositoryFiles.supersetAssets(), java.time.ZoneId.of("America/New_York"));
        int seen = 0;
        for (Map.Entry<String, JsonNode> d : datasets.entrySet()) {
            if (!d.getKey().startsWith("datasets/")) continue;
            boolean stamped = false;
            for (JsonNode c : d.getValue().path("columns")) stamped |= c.path("column_name").asText().equals("_refreshed_at");
            JsonNode metric = null;
            for (JsonNode m : d.getValue().path("metrics")) if (m.path("metric_name").asText().equals(KpiDatasets.LAST_REFRESHED)) metric = m;
            if (!stamped) {
                assertEquals(null, metric, d.getKey() + " has no _refreshed_at to show");
                continue;
            }
            // marts are stamped with an instant; Superset shows a time stamp with a zone in UTC, one without as it is
            assertTrue(metric != null, d.getKey() + " shows when its numbers were refreshed");
            assertEquals("MAX(_refreshed_at AT TIME ZONE 'America/New_York')", metric.path("expression").asText(), d.getKey());
            assertEquals("Data refreshed at", metric.path("verbose_name").asText(), d.getKey());
            seen++;
        }
        assertTrue(seen >= 11, "datasets with a refresh time: " + seen);
    }

    private static JsonNode goalAttainment(JsonNode dataset) {
        for (JsonNode m : dataset.path("metrics")) {
            if (m.path("metric_name").asText().equals(KpiDatasets.GOAL_ATTAINMENT)) return m;
        }
        throw new AssertionError(dataset.path("table_name").asText() + " has no metric " + KpiDatasets.GOAL_ATTAINMENT);
    }
}
