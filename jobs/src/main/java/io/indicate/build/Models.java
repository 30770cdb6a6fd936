package io.indicate.build;

import io.indicate.kpi.KpiFormulas;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SortedSet;

/**
 * Runs the SQL models of {@code sql/<layer>/<name>.sql}. A model is one SELECT; its parameters are
 * {@code ${indicate.*}} placeholders that Spark's own variable substitution fills from the session
 * configuration, which {@link BuildVariables} sets before a build.
 */
public final class Models {
    private final Warehouse warehouse;

    public Models(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public Dataset<Row> run(String layer, String name) {
        return run(layer, name, null);
    }

    /**
     * Runs a model for {@code dates} instead of the build's dates ({@code ${indicate.dates}},
     * {@code ${indicate.first_date}}, {@code ${indicate.last_date}} and {@code ${indicate.event_dates}} are filled in here, so tables written at
     * the same time can each have their own); null means the build's dates from the session configuration.
     */
    public Dataset<Row> run(String layer, String name, SortedSet<LocalDate> dates) {
        String sql = text(layer, name);
        if (dates != null) {
            if (dates.isEmpty()) throw new IllegalArgumentException("no dates to run sql/" + layer + "/" + name + ".sql for");
            sql = sql.replace("${indicate.dates}", BuildVariables.dateList(dates))
                    .replace("${indicate.first_date}", "DATE'" + dates.first() + "'")
                    .replace("${indicate.last_date}", "DATE'" + dates.last() + "'")
                    .replace("${indicate.event_dates}", BuildVariables.dateList(BuildVariables.eventDates(dates)));
        }
        try {
            return warehouse.sql(sql);
        } catch (RuntimeException e) {
            throw new IllegalStateException("SQL model sql/" + layer + "/" + name + ".sql failed: " + e.getMessage(), e);
        }
    }

    /**
     * The text of {@code sql/<layer>/<name>.sql}, its KPI formulas filled in, and a mart's KPI columns
     * ({@code ${kpi_columns}}) from the KPIs that name it ({@link KpiFormulas#expand(String, String)}).
     */
    static String text(String layer, String name) {
        String resource = "sql/" + layer + "/" + name + ".sql";
        try (InputStream in = Models.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing SQL model " + resource);
            return KpiFormulas.expand(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
