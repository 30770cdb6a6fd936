package io.indicate.testing;

import io.indicate.build.Build;
import io.indicate.build.BuildPlan;
import io.indicate.config.Settings;
import io.indicate.ingest.Batch;
import io.indicate.ingest.Ingest;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.progress.Progress;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A warehouse in a temporary folder on the JVM's one shared SparkSession, with landing folders to drop
 * source files in and the pipeline's own ingest and build steps to run on them.
 */
public final class TestWarehouse {
    public static final String ROSTER_HEADER =
            "agent_id,login,full_name,email,telephony_id,crm_user_id,team_id,team_name,team_lead_login,role,valid_from";
    private static final byte[] KEY = "test-pseudonymisation-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private final Path root;
    private final Settings settings;
    private final Warehouse warehouse;

    public TestWarehouse(Path root) {
        this(root, Settings.defaults().with().warehouse(root.resolve("warehouse").toString()).build());
    }

    public TestWarehouse(Path root, Settings settings) {
        this.root = root;
        this.settings = settings;
        // one JVM runs every test class of the module: the Delta logs (with their cached state) and cached data of the
        // earlier tests' warehouses are dropped here, instead of filling the heap over an hour of tests
        DeltaLog.clearCache();
        spark().catalog().clearCache();
        this.warehouse = Warehouse.open(spark(), settings.warehouse());
    }

    /** The JVM's one SparkSession (local[2], 4 shuffle partitions). */
    public static SparkSession spark() {
        return SparkSessions.getOrCreate(Settings.defaults());
    }

    public Warehouse warehouse() { return warehouse; }

    public Settings settings() { return settings; }

    public Path folder(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path write(String folder, String file, String content) {
        try {
            return Files.writeString(folder(folder).resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path writeGzip(String folder, String file, String content) {
        Path p = folder(folder).resolve(file);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public Path roster(String... rows) {
        return write("roster", "roster.csv", ROSTER_HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    public Batch ingest(Path roster, Path queueLogDir) {
        return ingest(roster, queueLogDir, Progress.silent());
    }

    /** Ingests as {@link #ingest} does and returns what the run printed. */
    public String ingestReport(Path roster, Path queueLogDir) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ingest(roster, queueLogDir, new Progress(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Batch ingest(Path roster, Path queueLogDir, Progress progress) {
        try {
            return new Ingest(warehouse, settings, progress, this::pseudonymiser)
                    .run(roster == null ? null : roster.toString(), queueLogDir == null ? null : queueLogDir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ingests a goals file (README, Goals). */
    public Batch ingestGoals(Path goals) {
        try {
            return new Ingest(warehouse, settings, Progress.silent(), this::pseudonymiser).run(null, null, null, null, goals.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key every step of a test warehouse hashes with (the settings' would be generated per warehouse). */
    public Pseudonymiser pseudonymiser() {
        return new Pseudonymiser(KEY);
    }

    public Build builder() {
        return new Build(warehouse, settings, pseudonymiser(), Progress.silent());
    }

    public BuildPlan build() {
        Build b = builder();
        BuildPlan plan = b.planner().incremental();
        b.run(plan);
        return plan;
    }

    public void buildFull() {
        Build b = builder();
        b.run(b.planner().full());
    }

    public Dataset<Row> table(Table t) {
        return warehouse.read(t);
    }

    /** Runs SQL against the registered warehouse tables. */
    public List<Row> sql(String query) {
        return warehouse.sql(query).collectAsList();
    }

    public Row one(String query) {
        List<Row> rows = sql(query);
        if (rows.size() != 1) throw new AssertionError("expected one row from " + query + ", got " + rows);
        return rows.get(0);
    }

    /** A mart's rows as sorted text, without the refresh time, for comparing two warehouses. */
    public List<String> snapshot(Table t) {
        Dataset<Row> df = table(t).drop("_refreshed_at");
        return df.collectAsList().stream().map(r -> Arrays.toString(
                java.util.stream.IntStream.range(0, r.size()).mapToObj(r::get).toArray())).sorted().toList();
    }
}
