package io.indicate.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KPI ratios of {@code sql/kpis.yml}, each written once and rendered wherever a KPI is computed: in the SQL
 * models ({@code ${kpi.NAME}}, {@code ${kpi.NAME:alias}}, {@code ${kpi_sum.NAME}}), in the Superset datasets'
 * metrics ({@code ${kpi_metric.NAME}}, PostgreSQL) and in Java ({@link #spark}).
 */
public final class KpiFormulas {
    static final String RESOURCE = "sql/kpis.yml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(kpi|kpi_sum|kpi_metric)\\.([a-z_]+)(?::([a-z_]+))?}");
    private static final Pattern MEASURE = Pattern.compile("\\b[a-z][a-z0-9_]*\\b");
    private static final Map<String, Formula> FORMULAS = load();

    /** scale × numerator / denominator, null when the denominator is 0; both are sums of measure columns. */
    public record Formula(String name, int scale, String numerator, String denominator) {
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

    /** The KPI in Spark SQL over measure columns as {@code measure} writes them. */
    public static String spark(String name, UnaryOperator<String> measure) {
        return of(name).spark(measure);
    }

    /** Replaces every KPI placeholder in a model's or a dataset's text by its formula; an unknown KPI is an error. */
    public static String expand(String text) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> {
            Formula f = of(m.group(2));
            String alias = m.group(3);
            String rendered = switch (m.group(1)) {
                case "kpi" -> f.spark(alias == null ? UnaryOperator.identity() : c -> alias + "." + c);
                case "kpi_sum" -> f.spark(c -> "sum(" + (alias == null ? c : alias + "." + c) + ")");
                default -> f.postgresSum();
            };
            return Matcher.quoteReplacement(rendered);
        });
    }

    private static Map<String, Formula> load() {
        try (InputStream in = KpiFormulas.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Formula> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode f = e.getValue();
                String numerator = f.path("numerator").asText(null), denominator = f.path("denominator").asText(null);
                if (numerator == null || denominator == null) {
                    throw new IllegalStateException(RESOURCE + ": KPI '" + e.getKey() + "' needs a numerator and a denominator");
                }
                out.put(e.getKey(), new Formula(e.getKey(), f.path("scale").asInt(1), numerator, denominator));
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
