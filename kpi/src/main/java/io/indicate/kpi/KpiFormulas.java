package io.indicate.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The KPI ratios of {@code sql/kpis.yml}, each written once. A KPI names the marts that carry it as a column
 * ({@code marts}); from that one entry come the column of each mart's contract ({@code TableContract}), its value in
 * each mart's model ({@code ${kpi_columns}}), and the column and metric of each mart's Superset dataset
 * ({@code KpiDatasets}). Elsewhere a formula is rendered by name: {@code ${kpi.NAME}}, {@code ${kpi.NAME:alias}},
 * {@code ${kpi_sum.NAME}} in SQL, {@link #spark} in Java.
 */
public final class KpiFormulas {
    public static final String RESOURCE = "sql/kpis.yml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(kpi|kpi_sum)\\.([a-z_]+)(?::([a-z_]+))?}");
    private static final Pattern COLUMNS = Pattern.compile("\\$\\{kpi_columns(?::([a-z_]+))?}");
    private static final Pattern MEASURE = Pattern.compile("\\b[a-z][a-z0-9_]*\\b");
    private static final Map<String, Formula> FORMULAS = load();

    /**
     * scale × numerator / denominator, null when the denominator is 0; both are sums of measure columns.
     * {@code label} and {@code format} (a d3 format) are how dashboards show it; {@code marts} the gold tables that
     * carry it as a column.
     */
    public record Formula(String name, String label, String description, String format, int scale,
                          String numerator, String denominator, List<String> marts) {
        /**
         * In Spark SQL, each measure column written as {@code measure} gives it, e.g. {@code m -> "sum(" + m + ")"}.
         * The division of two integers is a double in Spark: no cast is needed.
         */
        public String spark(UnaryOperator<String> measure) {
            String ratio = "(" + measures(numerator, measure) + ") / nullif(" + measures(denominator, measure) + ", 0)";
            return scale == 1 ? ratio : scale + ".0 * " + ratio;
        }

        /** In PostgreSQL over a dataset's rows (a Superset metric): SUM of each measure, in numeric arithmetic. */
        public String postgresSum() {
            UnaryOperator<String> sum = m -> "SUM(" + m + ")";
            return scale + ".0 * (" + measures(numerator, sum) + ") / NULLIF(" + measures(denominator, sum) + ", 0)";
        }

        /** The measure columns the formula reads, in the order it names them. */
        public Set<String> measures() {
            Set<String> out = new LinkedHashSet<>();
            for (String e : List.of(numerator, denominator)) MEASURE.matcher(e).results().forEach(r -> out.add(r.group()));
            return out;
        }

        private static String measures(String expression, UnaryOperator<String> measure) {
            return MEASURE.matcher(expression).replaceAll(m -> Matcher.quoteReplacement(measure.apply(m.group())));
        }
    }

    private KpiFormulas() {}

    /** Every formula, by KPI name, in the file's order. */
    public static Map<String, Formula> all() {
        return FORMULAS;
    }

    /** The formula of a KPI, or an error naming the ones there are. */
    public static Formula of(String name) {
        Formula f = FORMULAS.get(name);
        if (f == null) throw new IllegalArgumentException("no KPI formula '" + name + "' in " + RESOURCE + "; there are: " + FORMULAS.keySet());
        return f;
    }

    /** The KPIs a mart carries as columns, in the file's order (none for a table no KPI names). */
    public static List<Formula> columnsOf(String table) {
        return FORMULAS.values().stream().filter(f -> f.marts().contains(table)).toList();
    }

    /** The KPI in Spark SQL over measure columns as {@code measure} writes them. */
    public static String spark(String name, UnaryOperator<String> measure) {
        return of(name).spark(measure);
    }

    /** Replaces every KPI placeholder in a text by its formula; an unknown KPI is an error. */
    public static String expand(String text) {
        if (COLUMNS.matcher(text).find()) throw new IllegalArgumentException("${kpi_columns} is for a mart's model: use expand(text, mart)");
        return expandFormulas(text);
    }

    /**
     * A model's text with its placeholders replaced: {@code ${kpi_columns}} (or {@code ${kpi_columns:alias}}, the
     * measures read as {@code alias.column}) becomes the select items of the KPIs {@code mart} carries,
     * {@code <formula> as <kpi>, ...}. A model of a mart with KPIs must have the placeholder, one without must not.
     */
    public static String expand(String text, String mart) {
        List<Formula> kpis = columnsOf(mart);
        Matcher m = COLUMNS.matcher(text);
        if (!m.find()) {
            if (!kpis.isEmpty()) {
                throw new IllegalArgumentException("model " + mart + " has no ${kpi_columns} in its select list, but " + RESOURCE
                        + " gives it the columns " + kpis.stream().map(Formula::name).toList());
            }
            return expandFormulas(text);
        }
        if (kpis.isEmpty()) throw new IllegalArgumentException("model " + mart + " has ${kpi_columns}, but no KPI of " + RESOURCE + " names it in marts");
        String columns = m.replaceAll(c -> {
            String alias = c.group(1);
            UnaryOperator<String> measure = alias == null ? UnaryOperator.identity() : col -> alias + "." + col;
            return Matcher.quoteReplacement(kpis.stream().map(f -> f.spark(measure) + " as " + f.name()).collect(Collectors.joining(",\n    ")));
        });
        return expandFormulas(columns);
    }

    private static String expandFormulas(String text) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> {
            Formula f = of(m.group(2));
            String alias = m.group(3);
            String rendered = m.group(1).equals("kpi")
                    ? f.spark(alias == null ? UnaryOperator.identity() : c -> alias + "." + c)
                    : f.spark(c -> "sum(" + (alias == null ? c : alias + "." + c) + ")");
            return Matcher.quoteReplacement(rendered);
        });
    }

    private static Map<String, Formula> load() {
        try (InputStream in = KpiFormulas.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            return read(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The formulas of a parsed kpis.yml; a KPI without numerator, denominator or label is an error naming it. */
    static Map<String, Formula> read(JsonNode root) {
        Map<String, Formula> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            for (String required : List.of("label", "numerator", "denominator")) {
                if (!f.path(required).isTextual()) throw new IllegalStateException(RESOURCE + ": KPI '" + e.getKey() + "' needs a " + required);
            }
            List<String> marts = new ArrayList<>();
            f.path("marts").forEach(m -> marts.add(m.asText()));
            out.put(e.getKey(), new Formula(e.getKey(), f.path("label").asText(), f.path("description").asText(null),
                    f.path("format").asText(",.1f"), f.path("scale").asInt(1),
                    f.path("numerator").asText(), f.path("denominator").asText(), List.copyOf(marts)));
        }
        return Collections.unmodifiableMap(out);
    }
}
