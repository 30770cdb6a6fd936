package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.indicate.kpi.KpiFormulas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Superset datasets of the asset folder as Superset receives them: a mart's dataset gets, for each KPI
 * {@code sql/kpis.yml} gives the mart, the column (as publish creates it: {@code DOUBLE PRECISION}, after the
 * table's own columns, like the contract's) and a metric over any set of rows (the formula with SUM of each measure,
 * {@link KpiFormulas.Formula#postgresSum()}), both named and formatted as the KPI's entry says. The YAML files list
 * neither: a KPI is added to the dashboards by adding it to kpis.yml (and to a chart).
 *
 * <p>Two metrics are written here once: the goal attainment ({@value #GOAL_ATTAINMENT}) of the goal marts, and the
 * time the numbers were last refreshed ({@value #LAST_REFRESHED}), in the contact centre's time zone (the marts'
 * {@code _refreshed_at} is an instant, and Superset shows a time stamp with a time zone in UTC, an hour or two
 * off for a Stockholm agent asking how fresh their numbers are). A dataset lists either by its {@code metric_name}
 * alone, and gets the rest where it lists it.
 */
public final class KpiDatasets {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The share of the days with a value on which the goal was met: {@code met} is null on a day without a value. */
    static final String GOAL_ATTAINMENT = "days_met_pct";
    private static final String GOAL_ATTAINMENT_SQL = "100.0 * COUNT(CASE WHEN met THEN 1 END) / NULLIF(COUNT(met), 0)";
    /** When the numbers were last refreshed: the latest build's time stamp, as the centre's wall clock showed it. */
    static final String LAST_REFRESHED = "last_refreshed";

    private KpiDatasets() {}

    /**
     * The dataset with its KPI columns and metrics, its goal attainment metric and its last-refreshed metric in
     * {@code zone} (the centre's, the indicate config's {@code timezone}); {@code file} names it in errors.
     */
    public static JsonNode complete(JsonNode dataset, String file, ZoneId zone) {
        JsonNode d = writtenOnce(dataset, file, GOAL_ATTAINMENT, m -> metric(m, GOAL_ATTAINMENT, "Days met (%)", GOAL_ATTAINMENT_SQL,
                "Share of the days with a value on which the goal was met", ",.0f"));
        // a zone id holds no quote (ZoneId accepts letters, digits and ~ / . _ + - only), so it is a safe SQL literal
        d = writtenOnce(d, file, LAST_REFRESHED, m -> metric(m, LAST_REFRESHED, "Data refreshed at",
                "MAX(_refreshed_at AT TIME ZONE '" + zone.getId() + "')", "When the numbers were last refreshed, " + zone.getId() + " time", null));
        return withKpis(d, file);
    }

    /** The dataset with each metric listed as {@code name} alone replaced by the one {@code fill} writes. */
    private static JsonNode writtenOnce(JsonNode dataset, String file, String name, Consumer<ObjectNode> fill) {
        JsonNode metrics = dataset.path("metrics");
        ObjectNode d = null;
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode listed = metrics.get(i);
            if (!name.equals(listed.path("metric_name").asText())) continue;
            if (listed.size() != 1) {
                throw new IllegalArgumentException(file + ": the metric " + name + " is written once, in KpiDatasets: list it by its metric_name alone");
            }
            if (d == null) d = dataset.deepCopy();
            ObjectNode m = d.objectNode();
            fill.accept(m);
            ((ArrayNode) d.get("metrics")).set(i, m);
        }
        return d == null ? dataset : d;
    }

    private static JsonNode withKpis(JsonNode dataset, String file) {
        if (!"serving".equals(dataset.path("schema").asText()) || !dataset.path("sql").isNull()) return dataset;
        List<KpiFormulas.Formula> kpis = KpiFormulas.columnsOf(dataset.path("table_name").asText());
        if (kpis.isEmpty()) return dataset;
        ObjectNode d = dataset.deepCopy();
        ArrayNode columns = d.withArray("columns"), metrics = d.withArray("metrics");
        for (KpiFormulas.Formula k : kpis) {
            for (JsonNode existing : List.of(columns, metrics)) {
                for (JsonNode e : existing) {
                    if (k.name().equals(e.path("column_name").asText(e.path("metric_name").asText()))) {
                        throw new IllegalArgumentException(file + ": " + k.name() + " is a KPI of " + KpiFormulas.RESOURCE
                                + ", whose column and metric are added from there: remove it from the dataset");
                    }
                }
            }
            ObjectNode c = columns.addObject();
            c.put("column_name", k.name());
            c.put("verbose_name", k.label());
            c.put("is_dttm", false);
            c.put("is_active", true);
            c.put("type", "DOUBLE PRECISION");
            c.putNull("advanced_data_type");
            c.put("groupby", true);
            c.put("filterable", true);
            c.putNull("expression");
            c.put("description", k.description());
            c.putNull("python_date_format");
            c.putObject("extra");
            metric(metrics.addObject(), k.name(), k.label(), k.postgresSum(), k.description(), k.format());
        }
        return d;
    }

    /** Fills {@code m} with a metric's fields, in the order of Superset's export. */
    private static void metric(ObjectNode m, String name, String label, String expression, String description, String format) {
        m.put("metric_name", name);
        m.put("verbose_name", label);
        m.putNull("metric_type");
        m.put("expression", expression);
        m.put("description", description);
        m.put("d3format", format);
        m.putObject("extra");
        m.putNull("warning_text");
    }

    /** Every YAML file under the asset folder by its path relative to it, datasets completed for {@code zone}. */
    public static Map<String, JsonNode> read(Path assets, ZoneId zone) {
        Map<String, JsonNode> out = new TreeMap<>();
        try {
            for (Map.Entry<String, Path> f : yamlFiles(assets).entrySet()) {
                JsonNode node = YAML.readTree(f.getValue().toFile());
                out.put(f.getKey(), f.getKey().startsWith("datasets/") ? complete(node, f.getKey(), zone) : node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset folder " + assets + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The YAML files under the asset folder, by their path relative to it with {@code /} separators ({@code datasets/serving/x.yaml}). */
    static SortedMap<String, Path> yamlFiles(Path assets) throws IOException {
        SortedMap<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(assets)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml")).toList()) {
                out.put(assets.relativize(p).toString().replace('\\', '/'), p);
            }
        }
        return out;
    }
}
