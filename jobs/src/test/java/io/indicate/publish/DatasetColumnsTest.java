package io.indicate.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.indicate.superset.KpiDatasets;
import io.indicate.superset.RepositoryFiles;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Superset dataset's columns are its serving table's: the columns (names, order, PostgreSQL types) of the table's
 * contract ({@code sql/<layer>/<table>.yml}), which publish copies unchanged (ServingTable), or the select list of
 * the serving view {@code kpi_agent_vs_team_daily}. Calculated columns (with an expression) are Superset's own.
 * No Spark session, no database.
 */
class DatasetColumnsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String VIEW = "kpi_agent_vs_team_daily";

    /** Every table publish copies to serving: the gold marts and the silver facts. */
    static Map<String, Table> published() {
        Map<String, Table> tables = new TreeMap<>();
        for (Table t : Table.gold()) tables.put(t.tableName(), t);
        for (Table t : Publisher.FACTS) tables.put(t.tableName(), t);
        return tables;
    }

    /** The serving table's columns and PostgreSQL types, in its order, as publish creates it. */
    static Map<String, String> servingColumns(Table t) {
        StructType schema = t.contract().schema();
        ServingTable serving = new ServingTable(t.tableName(), schema);
        Map<String, String> columns = new LinkedHashMap<>();
        for (StructField f : schema.fields()) columns.put(f.name(), supersetType(serving.pgType(f)));
        return columns;
    }

    /** The type Superset records for a PostgreSQL column type. */
    private static String supersetType(String pg) {
        return switch (pg) {
            case "timestamptz" -> "TIMESTAMP WITH TIME ZONE";
            case "timestamp" -> "TIMESTAMP WITHOUT TIME ZONE";
            default -> pg.toUpperCase(Locale.ROOT);
        };
    }

    /** The output columns of the serving view, from its select list: an alias, else the column a.x names. */
    static List<String> viewColumns() throws IOException {
        String sql;
        try (InputStream in = DatasetColumnsTest.class.getClassLoader().getResourceAsStream("sql/serving/" + VIEW + ".sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sql = sql.replaceAll("--[^\n]*", "");
        Matcher select = Pattern.compile("(?is)CREATE VIEW serving\\." + VIEW + " AS\\s+SELECT\\s+(.*?)\\s+FROM\\s").matcher(sql);
        assertTrue(select.find(), "the view is CREATE VIEW ... AS SELECT ... FROM");
        List<String> items = new ArrayList<>();
        int depth = 0, start = 0;
        String list = select.group(1);
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                items.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        items.add(list.substring(start).strip());
        List<String> columns = new ArrayList<>();
        for (String item : items) {
            Matcher alias = Pattern.compile("(?is).*\\sAS\\s+(\\w+)$").matcher(item);
            Matcher column = Pattern.compile("(?:\\w+\\.)?(\\w+)").matcher(item);
            if (alias.matches()) columns.add(alias.group(1));
            else if (column.matches()) columns.add(column.group(1));
            else throw new AssertionError(VIEW + ": a select item without a name: " + item);
        }
        return columns;
    }

    /** The datasets as Superset receives them (a mart's KPI columns added from sql/kpis.yml), by table. */
    private static Map<String, JsonNode> datasets() {
        Map<String, JsonNode> out = new TreeMap<>();
        KpiDatasets.read(RepositoryFiles.supersetAssets(), java.time.ZoneId.of("Europe/Stockholm")).forEach((file, d) -> {
            if (file.startsWith("datasets/")) out.put(d.path("table_name").asText(), d);
        });
        return out;
    }

    /** A dataset's own columns (no expression), name to type, in its order. */
    private static Map<String, String> datasetColumns(JsonNode dataset) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (JsonNode c : dataset.path("columns")) {
            if (c.path("expression").isNull() || c.path("expression").asText().isBlank()) {
                columns.put(c.path("column_name").asText(), c.path("type").asText());
            }
        }
        return columns;
    }

    @Test
    void everyDatasetHasTheColumnsOfItsServingTable() throws IOException {
        Map<String, JsonNode> datasets = datasets();
        Map<String, Table> published = published();
        List<String> expectedDatasets = new ArrayList<>(published.keySet());
        expectedDatasets.add(VIEW);
        assertEquals(new java.util.TreeSet<>(expectedDatasets), datasets.keySet(), "a dataset per published table and the view");
        for (Map.Entry<String, Table> e : published.entrySet()) {
            JsonNode d = datasets.get(e.getKey());
            assertEquals("serving", d.path("schema").asText(), e.getKey());
            assertEquals(servingColumns(e.getValue()), datasetColumns(d),
                    "superset/assets/datasets/serving/" + e.getKey() + ".yaml: columns (name: type, in order) differ from "
                            + "serving." + e.getKey() + " as published from " + io.indicate.warehouse.TableContract.resource(e.getValue()));
        }
    }

    @Test
    void theViewDatasetHasTheColumnsOfTheViewWithTheTypesOfTheAgentMart() throws IOException {
        List<String> view = viewColumns();
        assertEquals(view, new ArrayList<>(datasetColumns(datasets().get(VIEW)).keySet()),
                "superset/assets/datasets/serving/" + VIEW + ".yaml: columns differ from the view's select list");
        Map<String, String> agentDaily = servingColumns(Table.GOLD_KPI_AGENT_DAILY);
        Map<String, String> types = datasetColumns(datasets().get(VIEW));
        for (String c : view) {
            if (!agentDaily.containsKey(c)) continue; // team_agents and the medians: serving.team_median_daily's
            assertEquals(agentDaily.get(c), types.get(c), VIEW + "." + c + " is kpi_agent_daily's column of that name");
        }
    }
}
