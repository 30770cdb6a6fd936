package io.indicate.build;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import io.indicate.warehouse.Warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
        String resource = "sql/" + layer + "/" + name + ".sql";
        String sql;
        try (InputStream in = Models.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing SQL model " + resource);
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return warehouse.sql(sql);
        } catch (RuntimeException e) {
            throw new IllegalStateException("SQL model " + resource + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs a staging model and registers it as a temporary view of the same name. */
    public Dataset<Row> stage(String name) {
        Dataset<Row> df = run("staging", name);
        df.createOrReplaceTempView(name);
        return df;
    }
}
