package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.bench.MyPerformanceQueries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving benchmark sends what the real Superset sends: for an agent, each chart of "My performance" is asked
 * of Superset as its viz plugin asks (the chart's saved params as a query context, {@code result_type: query}),
 * and the SQL Superset compiles, with that agent's row-level-security clause, is the benchmark's
 * ({@link MyPerformanceQueries}), whitespace aside.
 */
@Tag("real-superset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupersetBenchQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealSuperset superset;
    private Map<String, Integer> datasetByTable;

    @BeforeAll
    void superset() {
        superset = RealSuperset.shared();
        datasetByTable = new HashMap<>();
        for (JsonNode d : superset.admin().client.list("/api/v1/dataset/")) datasetByTable.put(d.path("table_name").asText(), d.path("id").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna", RealSuperset.OBRIEN})
    void theBenchmarksQueriesAreTheSqlSupersetSendsForTheAgent(String login) {
        // Superset's "today" is its server's date, and bin/stack runs it in the centre's time zone (the sync's)
        LocalDate today = LocalDate.now(RealSuperset.CENTRE);
        // the datasets as the sync sent them (their last-refreshed metric in the centre's zone; the benchmark's own
        // default, MyPerformanceQueries.ZONE, changes that one literal only)
        Map<String, JsonNode> files = KpiDatasets.read(RepositoryFiles.supersetAssets(), RealSuperset.CENTRE);
        Map<String, String> benchmark = new HashMap<>();
        for (MyPerformanceQueries.Query q : MyPerformanceQueries.forAgent(files, login, today)) {
            benchmark.put(q.name(), normalise(q.sql()));
        }
        RealSuperset.Session session = superset.as(login);
        Map<String, JsonNode> datasets = new HashMap<>();
        files.forEach((f, n) -> { if (f.startsWith("datasets/")) datasets.put(n.path("uuid").asText(), n); });
        List<String> asked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            if (!f.getKey().startsWith("charts/my_")) continue;
            JsonNode chart = f.getValue();
            String id = f.getKey().substring("charts/".length()).replace(".yaml", "");
            String table = datasets.get(chart.path("dataset_uuid").asText()).path("table_name").asText();
            JsonNode p = chart.path("params");
            Map<String, ObjectNode> queries = new HashMap<>();
            switch (chart.path("viz_type").asText()) {
                case "table" -> queries.put(id, tableQuery(p));
                case "mixed_timeseries" -> {
                    queries.put(id + "_" + p.path("metrics").path(0).asText(), timeseriesQuery(p, p.path("metrics"), p.path("adhoc_filters"), p.path("row_limit")));
                    queries.put(id + "_" + p.path("metrics_b").path(0).asText(), timeseriesQuery(p, p.path("metrics_b"), p.path("adhoc_filters_b"), p.path("row_limit_b")));
                }
                default -> queries.put(id, timeseriesQuery(p, p.path("metrics"), p.path("adhoc_filters"), p.path("row_limit")));
            }
            for (Map.Entry<String, ObjectNode> q : queries.entrySet()) {
                ObjectNode context = RealSuperset.queryContext(datasetByTable.get(table), q.getValue());
                context.put("result_type", "query");
                JsonNode answer = session.chartData(context).body();
                String sql = answer.path("result").path(0).path("query").asText();
                assertTrue(!sql.isEmpty(), q.getKey() + ": " + answer);
                assertEquals(normalise(sql), benchmark.get(q.getKey()), login + " / " + q.getKey());
                asked.add(q.getKey());
            }
        }
        assertEquals(new java.util.TreeSet<>(benchmark.keySet()), new java.util.TreeSet<>(asked), "every query of the benchmark was asked of Superset");
    }

    /** A table chart's query as the table plugin builds it: groups, metrics, its sort, its time filter. */
    private static ObjectNode tableQuery(JsonNode p) {
        ObjectNode q = JSON.createObjectNode();
        q.set("columns", p.path("groupby").deepCopy());
        q.set("metrics", p.path("metrics").deepCopy());
        ArrayNode order = q.putArray("orderby").addArray();
        order.add(p.path("timeseries_limit_metric").isObject() ? p.path("timeseries_limit_metric") : p.path("metrics").path(0));
        order.add(!p.path("order_desc").asBoolean(true));
        q.put("row_limit", p.path("row_limit").asInt());
        q.set("filters", timeFilters(p.path("adhoc_filters")));
        q.putObject("extras").put("having", "").put("where", "");
        return q;
    }

    /** A time series' query: the time axis at its grain, the metrics, sorted by the first, its time filter. */
    private static ObjectNode timeseriesQuery(JsonNode p, JsonNode metrics, JsonNode filters, JsonNode rowLimit) {
        ObjectNode q = JSON.createObjectNode();
        q.putArray("columns").addObject().put("columnType", "BASE_AXIS").put("sqlExpression", p.path("x_axis").asText())
                .put("label", p.path("x_axis").asText()).put("expressionType", "SQL").put("timeGrain", p.path("time_grain_sqla").asText());
        q.set("metrics", metrics.deepCopy());
        q.putArray("orderby").addArray().add(metrics.path(0)).add(false);
        q.put("row_limit", rowLimit.asInt());
        q.putArray("series_columns");
        q.set("filters", timeFilters(filters));
        q.putObject("extras").put("having", "").put("where", "");
        return q;
    }

    private static ArrayNode timeFilters(JsonNode adhoc) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode f : adhoc) {
            out.addObject().put("col", f.path("subject").asText()).put("op", f.path("operator").asText()).set("val", f.path("comparator"));
        }
        return out;
    }

    private static String normalise(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }
}
