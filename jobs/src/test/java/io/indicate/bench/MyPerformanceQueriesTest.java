package io.indicate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.indicate.kpi.KpiFormulas;
import io.indicate.roster.Role;
import io.indicate.security.AccessRules;
import io.indicate.superset.KpiDatasets;
import io.indicate.superset.RepositoryFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's queries stay those of the dashboard as committed: read from {@code superset/assets/}, every
 * chart of "My performance" is in the load, on its dataset's table, with the SQL of each of its metrics, and
 * filtered by the agent's row-level-security rule.
 */
class MyPerformanceQueriesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LocalDate TODAY = LocalDate.of(2025, 3, 11);

    private record Chart(String name, String vizType, String table, List<String> metricExpressions, List<String> groupExpressions) {}

    @Test
    void everyChartOfMyPerformanceIsQueriedOnItsDatasetWithItsMetricsGroupsAndTheAgentsRule() throws IOException {
        List<MyPerformanceQueries.Query> queries = MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "o'hara", TODAY);
        List<Chart> charts = myPerformanceCharts();
        assertEquals(7, charts.size(), "charts of the dashboard: " + charts);

        int expectedQueries = 0;
        for (Chart chart : charts) {
            List<MyPerformanceQueries.Query> ofChart = queries.stream().filter(q -> q.name().startsWith(chart.name())).toList();
            // a mixed time-series chart sends one query per axis
            int perChart = chart.vizType().equals("mixed_timeseries") ? 2 : 1;
            expectedQueries += perChart;
            assertEquals(perChart, ofChart.size(), chart.name() + ": " + ofChart);
            String sql = String.join("\n", ofChart.stream().map(MyPerformanceQueries.Query::sql).toList());
            for (MyPerformanceQueries.Query q : ofChart) {
                assertEquals(chart.table(), q.table(), chart.name());
                assertTrue(q.sql().contains(" FROM serving." + chart.table() + " WHERE "), q.sql());
                String rule = AccessRules.predicate(Role.AGENT, chart.table(), "o'hara");
                if (!rule.equals("TRUE")) assertTrue(q.sql().contains("(" + rule + ")"), chart.name() + " lacks the agent's rule: " + q.sql());
            }
            for (String expression : chart.metricExpressions()) {
                assertTrue(sql.contains(expression), chart.name() + " lacks metric " + expression + ": " + sql);
            }
            for (String expression : chart.groupExpressions()) {
                assertTrue(sql.contains(" GROUP BY ") && sql.substring(sql.indexOf(" GROUP BY ")).contains(expression),
                        chart.name() + " does not group by " + expression + ": " + sql);
            }
        }
        assertEquals(expectedQueries, queries.size(), "no query beyond the dashboard's charts");
    }

    @Test
    void theLoginIsQuotedAsASqlLiteral() {
        for (MyPerformanceQueries.Query q : MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "o'hara", TODAY)) {
            if (!q.table().equals("kpi_queue_daily")) assertTrue(q.sql().contains("IN ('o''hara')"), q.sql());
            assertTrue(!q.sql().contains("o'hara"), "unquoted login in " + q.sql());
        }
    }

    /** The dashboard's charts with their dataset's table and the SQL expressions of the metrics they show. */
    private static List<Chart> myPerformanceCharts() throws IOException {
        Path assets = RepositoryFiles.supersetAssets();
        Map<String, JsonNode> datasets = new HashMap<>();
        KpiDatasets.read(assets, MyPerformanceQueries.ZONE).forEach((file, d) -> { if (file.startsWith("datasets/")) datasets.put(d.path("uuid").asText(), d); });
        Map<String, JsonNode> charts = byUuid(assets.resolve("charts"));
        Map<String, String> chartFiles = new HashMap<>();
        try (Stream<Path> files = Files.list(assets.resolve("charts"))) {
            for (Path f : files.toList()) chartFiles.put(YAML.readTree(f.toFile()).path("uuid").asText(), f.getFileName().toString().replace(".yaml", ""));
        }
        JsonNode position = YAML.readTree(assets.resolve("dashboards/my-performance.yaml").toFile()).path("position");
        List<Chart> result = new ArrayList<>();
        for (JsonNode element : position) {
            if (!element.path("type").asText().equals("CHART")) continue;
            String uuid = element.path("meta").path("uuid").asText();
            JsonNode chart = charts.get(uuid);
            JsonNode dataset = datasets.get(chart.path("dataset_uuid").asText());
            Map<String, String> expressionByMetric = new HashMap<>();
            for (JsonNode m : dataset.path("metrics")) expressionByMetric.put(m.path("metric_name").asText(), m.path("expression").asText());
            List<String> expressions = new ArrayList<>();
            for (String key : List.of("metrics", "metrics_b")) {
                for (JsonNode m : chart.path("params").path(key)) expressions.add(expressionByMetric.get(m.asText()));
            }
            // a calculated column is grouped by its SQL expression, a table column by its name
            Map<String, String> expressionByColumn = new HashMap<>();
            for (JsonNode c : dataset.path("columns")) {
                expressionByColumn.put(c.path("column_name").asText(), c.path("expression").asText(c.path("column_name").asText()));
            }
            List<String> groups = new ArrayList<>();
            for (JsonNode g : chart.path("params").path("groupby")) groups.add(expressionByColumn.get(g.asText()));
            result.add(new Chart(chartFiles.get(uuid), chart.path("viz_type").asText(), dataset.path("table_name").asText(), expressions, groups));
        }
        return result;
    }

    private static Map<String, JsonNode> byUuid(Path dir) throws IOException {
        Map<String, JsonNode> m = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                JsonNode n = YAML.readTree(f.toFile());
                m.put(n.path("uuid").asText(), n);
            }
        }
        return m;
    }

    /**
     * The derived SQL is, to the character, what the engine spec's rules give (the SQL this benchmark sent when its
     * queries were written by hand): a table chart with calculated columns and its own ascending sort, an
     * interval axis on a TIMESTAMP column, a table every role sees whole, a chart without grouping.
     */
    @Test
    void theDerivedSqlIsWhatSupersetsPostgresEngineSpecGives() {
        Map<String, String> sql = new HashMap<>();
        for (MyPerformanceQueries.Query q : MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "anna", TODAY)) sql.put(q.name(), q.sql());
        String rule = AccessRules.predicate(Role.AGENT, "kpi_agent_interval", "anna");
        String kpiName = "CASE kpi WHEN 'calls_answered' THEN 'Calls answered' WHEN 'aht_s' THEN 'AHT (s)'"
                + " WHEN 'occupancy_pct' THEN 'Occupancy (%)' WHEN 'csat_pct' THEN 'CSAT (%)'"
                + " WHEN 'tickets_solved' THEN 'Tickets solved' WHEN 'repeat_contact_rate_pct' THEN 'Repeat contacts (%)'"
                + " ELSE kpi END";
        String goalLabel = "CASE direction WHEN 'higher' THEN 'at least ' ELSE 'at most ' END"
                + " || regexp_replace(round(goal_value::numeric, 1)::text, '[.]0$', '')";
        String metLabel = "CASE WHEN met THEN 'met' WHEN NOT met THEN 'not met' ELSE 'no value' END";
        String quarterHour = "DATE_TRUNC('hour', interval_start_local) + INTERVAL '15 minutes' * FLOOR(EXTRACT(MINUTE FROM interval_start_local) / 15)";
        assertEquals("SELECT " + kpiName + " AS kpi_name, " + goalLabel + " AS goal_label, " + metLabel + " AS met_label,"
                + " MAX(value) AS value, MAX(streak_days) AS streak_days, MAX(change_vs_previous_7) AS change_vs_previous_7"
                + " FROM serving.kpi_agent_goal_daily WHERE date_local >= TO_DATE('2025-03-11', 'YYYY-MM-DD') AND date_local < TO_DATE('2025-03-12', 'YYYY-MM-DD')"
                + " AND (" + AccessRules.predicate(Role.AGENT, "kpi_agent_goal_daily", "anna") + ")"
                + " GROUP BY " + kpiName + ", " + goalLabel + ", " + metLabel + " ORDER BY MIN(kpi) ASC LIMIT 1000", sql.get("my_goals"));
        assertEquals("SELECT " + quarterHour + " AS interval_start_local, SUM(calls_answered) AS calls_answered"
                + " FROM serving.kpi_agent_interval WHERE interval_start_local >= TO_TIMESTAMP('2025-03-11 00:00:00.000000', 'YYYY-MM-DD HH24:MI:SS.US')"
                + " AND interval_start_local < TO_TIMESTAMP('2025-03-12 00:00:00.000000', 'YYYY-MM-DD HH24:MI:SS.US') AND (" + rule + ")"
                + " GROUP BY " + quarterHour + " ORDER BY calls_answered DESC LIMIT 10000", sql.get("my_today_calls_answered"));
        assertEquals("SELECT queue AS queue, SUM(offered) AS offered, " + KpiFormulas.of("service_level_pct").postgresSum() + " AS service_level_pct, "
                + KpiFormulas.of("abandon_rate_pct").postgresSum() + " AS abandon_rate_pct FROM serving.kpi_queue_daily"
                + " WHERE date_local >= TO_DATE('2025-03-11', 'YYYY-MM-DD') AND date_local < TO_DATE('2025-03-12', 'YYYY-MM-DD')"
                + " GROUP BY queue ORDER BY offered DESC LIMIT 1000", sql.get("my_queues_today"));
        assertEquals("SELECT MAX(_refreshed_at AT TIME ZONE 'UTC') AS last_refreshed FROM serving.kpi_agent_daily"
                + " WHERE date_local >= TO_DATE('2025-02-09', 'YYYY-MM-DD') AND date_local < TO_DATE('2025-03-12', 'YYYY-MM-DD')"
                + " AND (" + AccessRules.predicate(Role.AGENT, "kpi_agent_daily", "anna") + ") ORDER BY last_refreshed DESC LIMIT 1000", sql.get("my_refreshed"));
    }
}
