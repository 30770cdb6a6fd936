package io.indicate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.indicate.roster.Role;
import io.indicate.security.AccessRules;
import io.indicate.superset.KpiDatasets;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL that Superset sends to the serving database when an agent opens the "My performance" dashboard
 * ({@code superset/assets/dashboards/my-performance.yaml}), with the row-level-security clause Superset adds
 * for that agent ({@link AccessRules#predicate}, the rule the provisioner installs, rendered for the login).
 *
 * <p>Derived from the asset folder as Superset receives it ({@link KpiDatasets#read}), so the benchmark queries
 * what the dashboard shows: each chart of the dashboard's layout gives the dataset, the metrics, the grouping, the
 * time filter, the sort and the row limit; the dataset gives the table, each metric's and calculated column's SQL
 * and each column's type. Superset 6.1's PostgreSQL engine spec ({@code superset/db_engine_specs/postgres.py})
 * gives the rest: a DATE column's bound as {@code TO_DATE('…', 'YYYY-MM-DD')}, a TIMESTAMP column's as
 * {@code TO_TIMESTAMP('… 00:00:00.000000', 'YYYY-MM-DD HH24:MI:SS.US')}, time grain {@code P1D} as
 * {@code DATE_TRUNC('day', col)} and {@code PT15M} as {@code DATE_TRUNC('hour', col) + INTERVAL '15 minutes' *
 * FLOOR(EXTRACT(MINUTE FROM col) / 15)}. A time range {@code today : tomorrow} is {@code [today, today + 1)},
 * {@code DATEADD(DATETIME("today"), -30, day) : tomorrow} is {@code [today - 30, today + 1)}. A table chart is
 * ordered by its own sort metric, else by its first metric; a time series by its first metric, descending. A
 * mixed time-series chart sends two queries, one per axis. Superset sends SQL with literal values (no bind
 * parameters), and so does the benchmark. A chart type, filter or time range not described here is an error
 * naming the chart: the benchmark never guesses a query.
 */
public final class MyPerformanceQueries {
    /** One query of the dashboard: the chart (and, for a mixed chart, the axis's first metric) it belongs to, and its SQL. */
    public record Query(String name, String table, String sql) {}

    static final String DASHBOARD = "dashboards/my-performance.yaml";
    private static final Pattern DATEADD = Pattern.compile("DATEADD\\(DATETIME\\(\"today\"\\), *(-?\\d+), *day\\)");
    private static final Map<String, String> GRAINS = Map.of(
            "P1D", "DATE_TRUNC('day', %1$s)",
            "PT15M", "DATE_TRUNC('hour', %1$s) + INTERVAL '15 minutes' * FLOOR(EXTRACT(MINUTE FROM %1$s) / 15)");

    private MyPerformanceQueries() {}

    /** The dashboard's queries as {@code login}, an agent, sees them on local date {@code today}; {@code assets}: superset/assets. */
    public static List<Query> forAgent(Path assets, String login, LocalDate today) {
        return forAgent(KpiDatasets.read(assets, ZONE), login, today);
    }

    /**
     * The time zone of the dashboard's last-refreshed metric in these queries ({@code AT TIME ZONE}): UTC, as the
     * benchmark measures what the queries cost, which the zone does not change.
     */
    public static final ZoneId ZONE = ZoneId.of("UTC");

    /** As {@link #forAgent(Path, String, LocalDate)}, on the asset folder's files as {@link KpiDatasets#read} gives them (read once for many agents). */
    public static List<Query> forAgent(Map<String, JsonNode> files, String login, LocalDate today) {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(today, "today");
        Map<String, JsonNode> byUuid = new HashMap<>();
        Map<String, String> chartFiles = new HashMap<>();
        files.forEach((file, node) -> {
            if (file.startsWith("datasets/") || file.startsWith("charts/")) byUuid.put(node.path("uuid").asText(), node);
            // charts/my_trend.yaml is my_trend: the uuid is Superset's, the slice name people's
            if (file.startsWith("charts/")) chartFiles.put(node.path("uuid").asText(), file.substring("charts/".length()).replace(".yaml", ""));
        });
        JsonNode dashboard = files.get(DASHBOARD);
        if (dashboard == null) throw new IllegalArgumentException("the asset folder has no " + DASHBOARD);
        List<Query> queries = new ArrayList<>();
        for (JsonNode element : dashboard.path("position")) {
            if (!element.path("type").asText().equals("CHART")) continue;
            JsonNode chart = byUuid.get(element.path("meta").path("uuid").asText());
            if (chart == null) throw new IllegalArgumentException(DASHBOARD + " shows a chart the folder lacks: " + element.path("meta").path("uuid").asText());
            JsonNode dataset = byUuid.get(chart.path("dataset_uuid").asText());
            if (dataset == null) throw new IllegalArgumentException("chart " + chart.path("slice_name").asText() + " has no dataset in the folder");
            new ChartQueries(chartFiles.get(chart.path("uuid").asText()), chart, dataset, login, today).addTo(queries);
        }
        return queries;
    }

    /** The queries of one chart on its dataset. */
    private record ChartQueries(String id, JsonNode chart, JsonNode dataset, String login, LocalDate today) {
        String name() {
            return chart.path("slice_name").asText();
        }

        String table() {
            return dataset.path("table_name").asText();
        }

        void addTo(List<Query> queries) {
            JsonNode p = chart.path("params");
            switch (chart.path("viz_type").asText()) {
                case "table" -> {
                    if (!p.path("query_mode").asText("aggregate").equals("aggregate")) throw unsupported("query_mode " + p.path("query_mode").asText());
                    queries.add(new Query(id, table(), table(p)));
                }
                case "echarts_timeseries_line", "echarts_timeseries_bar" ->
                        queries.add(new Query(id, table(), timeseries(p.path("metrics"), p.path("groupby"), p.path("adhoc_filters"), p.path("row_limit"))));
                case "mixed_timeseries" -> {
                    queries.add(new Query(id + "_" + p.path("metrics").path(0).asText(), table(),
                            timeseries(p.path("metrics"), p.path("groupby"), p.path("adhoc_filters"), p.path("row_limit"))));
                    queries.add(new Query(id + "_" + p.path("metrics_b").path(0).asText(), table(),
                            timeseries(p.path("metrics_b"), p.path("groupby_b"), p.path("adhoc_filters_b"), p.path("row_limit_b"))));
                }
                default -> throw unsupported("viz_type " + chart.path("viz_type").asText());
            }
        }

        private String table(JsonNode p) {
            List<String> select = new ArrayList<>(), groups = new ArrayList<>();
            for (JsonNode g : p.path("groupby")) {
                String expression = column(g.asText());
                groups.add(expression);
                select.add(expression + " AS " + g.asText());
            }
            for (JsonNode m : p.path("metrics")) select.add(metric(m.asText()) + " AS " + m.asText());
            JsonNode sortBy = p.path("timeseries_limit_metric");
            String order;
            if (sortBy.isObject()) {
                if (!sortBy.path("expressionType").asText().equals("SQL")) throw unsupported("a sort metric that is not SQL");
                order = sortBy.path("sqlExpression").asText();
            } else {
                order = p.path("metrics").path(0).asText();
            }
            return "SELECT " + String.join(", ", select) + from(p.path("adhoc_filters"))
                    + (groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups))
                    + " ORDER BY " + order + (p.path("order_desc").asBoolean(true) ? " DESC" : " ASC") + limit(p.path("row_limit"));
        }

        private String timeseries(JsonNode metrics, JsonNode groupby, JsonNode filters, JsonNode rowLimit) {
            if (!groupby.isEmpty()) throw unsupported("a time series grouped by " + groupby);
            JsonNode p = chart.path("params");
            String x = p.path("x_axis").asText();
            String grain = GRAINS.get(p.path("time_grain_sqla").asText());
            if (grain == null) throw unsupported("time grain " + p.path("time_grain_sqla").asText());
            String bucket = String.format(grain, column(x));
            List<String> select = new ArrayList<>(List.of(bucket + " AS " + x));
            for (JsonNode m : metrics) select.add(metric(m.asText()) + " AS " + m.asText());
            return "SELECT " + String.join(", ", select) + from(filters) + " GROUP BY " + bucket
                    + " ORDER BY " + metrics.path(0).asText() + " DESC" + limit(rowLimit);
        }

        /** FROM, the chart's time filters and the agent's row-level-security clause (none for a table every role sees whole). */
        private String from(JsonNode filters) {
            List<String> where = new ArrayList<>();
            for (JsonNode f : filters) {
                if (!f.path("operator").asText().equals("TEMPORAL_RANGE") || !f.path("expressionType").asText().equals("SIMPLE")) {
                    throw unsupported("filter " + f);
                }
                String column = f.path("subject").asText();
                String[] range = f.path("comparator").asText().split(" : ");
                if (range.length != 2) throw unsupported("time range " + f.path("comparator").asText());
                where.add(column + " >= " + literal(column, day(range[0])) + " AND " + column + " < " + literal(column, day(range[1])));
            }
            String predicate = AccessRules.predicate(Role.AGENT, table(), login);
            if (!predicate.equals("TRUE")) where.add("(" + predicate + ")");
            return " FROM serving." + table() + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        }

        private static String limit(JsonNode rowLimit) {
            return rowLimit.isInt() ? " LIMIT " + rowLimit.asInt() : "";
        }

        private LocalDate day(String bound) {
            String b = bound.strip();
            if (b.equals("today")) return today;
            if (b.equals("tomorrow")) return today.plusDays(1);
            Matcher m = DATEADD.matcher(b);
            if (m.matches()) return today.plusDays(Integer.parseInt(m.group(1)));
            throw unsupported("time range bound " + b);
        }

        private String literal(String column, LocalDate d) {
            String type = columnNode(column).path("type").asText();
            if (type.equals("DATE")) return "TO_DATE('" + d + "', 'YYYY-MM-DD')";
            if (type.startsWith("TIMESTAMP")) return "TO_TIMESTAMP('" + d + " 00:00:00.000000', 'YYYY-MM-DD HH24:MI:SS.US')";
            throw unsupported("a time filter on " + column + " of type " + type);
        }

        /** A column's SQL: a calculated column's expression, else its name. */
        private String column(String name) {
            JsonNode c = columnNode(name);
            return c.path("expression").isTextual() && !c.path("expression").asText().isBlank() ? c.path("expression").asText() : name;
        }

        private JsonNode columnNode(String name) {
            for (JsonNode c : dataset.path("columns")) if (c.path("column_name").asText().equals(name)) return c;
            throw new IllegalArgumentException("chart " + name() + ": dataset " + table() + " has no column " + name);
        }

        private String metric(String name) {
            for (JsonNode m : dataset.path("metrics")) if (m.path("metric_name").asText().equals(name)) return m.path("expression").asText();
            throw new IllegalArgumentException("chart " + name() + ": dataset " + table() + " has no metric " + name);
        }

        private IllegalArgumentException unsupported(String what) {
            return new IllegalArgumentException("chart " + name() + ": " + what + " is not a query the benchmark can derive (see MyPerformanceQueries)");
        }
    }
}
