package io.indicate.build;

import io.indicate.config.Settings;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.progress.Progress;
import io.indicate.spark.SparkSizing;
import io.indicate.telephony.SessionSegmenter;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.apache.spark.sql.functions.col;

/**
 * Builds silver and gold for a {@link BuildPlan}: the dimensions from the roster and the goals, then for the plan's
 * dates the facts from the staging views of bronze ({@code sql/staging}) and the marts from the facts, each
 * date-partitioned table replaced for exactly those dates in one commit. Every step depends only on bronze and the
 * plan, so re-running a build (also after a crash half-way) gives the same tables; the plan's batches are recorded as
 * built only at the end.
 */
public final class Build {
    /**
     * The silver tables in waves: a table reads only the staging views, the tables of earlier waves and itself (found in
     * sql/silver/*.sql and the views they read).
     */
    private static final List<List<Table>> SILVER_WAVES = ModelGraph.waves(Table.Layer.SILVER);
    /** The marts in waves: a mart reads only silver and the marts of earlier waves (found in sql/gold/*.sql). */
    private static final List<List<Table>> GOLD_WAVES = ModelGraph.waves(Table.Layer.GOLD);
    /** A model that looks back this many days (its streaks): a build of a date also rebuilds the later dates within it. */
    private static final String GOAL_LOOKBACK = "${indicate.goal_lookback_days}";
    /**
     * Tables of one wave written at once: each is its own Delta log, and while one waits for its commit or
     * its planning on the driver, another's tasks use the cores.
     */
    private static final int CONCURRENT_WRITES = 3;

    private final Warehouse warehouse;
    private final Settings settings;
    private final Pseudonymiser pseudonymiser;
    private final Progress progress;
    private final SparkSession spark;
    private final Models models;
    private final ModelGraph graph;
    /**
     * The date-partitioned tables the running build wrote, each with the dates its write replaced (a model looking
     * back, the goals marts, also later dates than the plan's): recorded in the build log, so publish copies them.
     */
    private final Map<String, SortedSet<LocalDate>> replaced = new ConcurrentHashMap<>();

    public Build(Warehouse warehouse, Settings settings, Pseudonymiser pseudonymiser, Progress progress) {
        this.warehouse = warehouse;
        this.settings = settings;
        this.pseudonymiser = pseudonymiser;
        this.progress = progress;
        this.spark = warehouse.spark();
        this.models = new Models(warehouse);
        this.graph = new ModelGraph();
    }

    public BuildPlanner planner() {
        return new BuildPlanner(warehouse, settings, progress);
    }

    /** Runs the plan; returns the dates replaced. */
    public void run(BuildPlan plan) {
        if (plan.isEmpty()) {
            progress.line("build: nothing new to build");
            return;
        }
        Instant startedAt = Instant.now();
        replaced.clear();
        // only a full build fills the columns a table gained (an incremental plan is full while any awaits it)
        SortedSet<Table> gainedColumns = plan.kind().equals("full") ? warehouse.rebuildRequired() : java.util.Collections.emptySortedSet();
        if (!gainedColumns.isEmpty()) {
            progress.line("build: " + gainedColumns.stream().map(Table::qualifiedName).collect(java.util.stream.Collectors.joining(", "))
                    + " gained a column since the last full build: rebuilding in full, so older rows get it too");
        }
        progress.line("build (" + plan.kind() + "): " + plan.dates().size() + " date(s)"
                + (plan.dates().isEmpty() ? "" : " " + plan.dates().first() + " .. " + plan.dates().last())
                + ", " + plan.batchIds().size() + " new batch(es)");
        long lines = plan.queueLogLines() >= 0 ? plan.queueLogLines() : planner().queueLogLinesOn(plan.dates());
        SparkSizing.Size size = SparkSizing.forRows(lines, settings.smallBuildLines());
        SparkSizing.apply(spark, size);
        progress.line(String.format("build: about %,d queue_log line(s) on these dates: %s", lines, size.description()));
        BuildVariables.set(spark, settings, plan.dates(), startedAt);
        registerFunctions(spark, pseudonymiser);
        queueSettingsView();

        List<Dataset<Row>> cached = new ArrayList<>();
        try {
            for (List<Table> wave : SILVER_WAVES) build(wave, plan, cached);
            for (List<Table> wave : GOLD_WAVES) build(wave, plan, cached);
        } finally {
            cached.forEach(Dataset::unpersist);
        }
        recordBuild(plan, startedAt);
        if (!gainedColumns.isEmpty()) warehouse.rebuiltInFull();
        progress.line(String.format("build: done in %.1f s", (Instant.now().toEpochMilli() - startedAt.toEpochMilli()) / 1000.0));
    }

    /**
     * Builds one wave of tables: the views they read, then the dimensions one by one ({@link #rewriteIfChanged}) and
     * the date-partitioned tables several at once ({@link #replaceAll}); a table none of whose inputs changed is not
     * touched.
     */
    private void build(List<Table> wave, BuildPlan plan, List<Dataset<Row>> cached) {
        Map<Table, SortedSet<LocalDate>> rebuilt = rebuilt(wave, plan);
        stage(rebuilt, cached);
        List<Table> partitioned = new ArrayList<>();
        for (Table t : wave) {
            if (!rebuilt.containsKey(t)) notRewritten(t);
            else if (t.partitionColumn().isPresent()) partitioned.add(t);
            else rewriteIfChanged(t, rebuilt.get(t));
        }
        replaceAll(partitioned, rebuilt);
    }

    /**
     * The tables of a wave to rebuild, each with its dates. A date-partitioned table replaces the dates of the inputs it
     * reads ({@link BuildPlan#datesFor}), with those a model looking back adds ({@link #withDatesLookingBack}); none: it is
     * not touched. A dimension is rebuilt only when an input it reads changed (for an incremental plan): whole (no
     * dates) unless its model is per date ({@code ${indicate.dates}}), then for those dates, and not without any; a
     * dimension of the dates themselves (dim_date) reads no input and takes every date of the plan.
     */
    private Map<Table, SortedSet<LocalDate>> rebuilt(List<Table> wave, BuildPlan plan) {
        Map<Table, SortedSet<LocalDate>> out = new LinkedHashMap<>();
        for (Table t : wave) {
            Set<String> inputs = graph.inputs(t);
            if (t.partitionColumn().isPresent()) {
                SortedSet<LocalDate> dates = withDatesLookingBack(t, plan.datesFor(inputs));
                if (!dates.isEmpty()) out.put(t, dates);
                continue;
            }
            SortedSet<LocalDate> dates = inputs.isEmpty() ? plan.dates() : plan.datesFor(inputs);
            boolean perDate = Models.text(t.layer().database(), t.tableName()).contains("${indicate.dates}");
            if ((inputs.isEmpty() || plan.changes(inputs)) && !(perDate && dates.isEmpty())) {
                out.put(t, perDate ? dates : new TreeSet<>());
            }
        }
        return out;
    }

    /**
     * Makes the views the tables to rebuild read ({@link ModelGraph#viewsRead}: the staging models, and session_segments
     * in Java), each after the views it reads, for the dates of the tables that read it directly or through other views:
     * a staging view reads only the bronze partitions those dates need, and each table selects its own dates from it. A
     * view read only by dimensions built whole gets the build's dates. A view more than one model reads is computed once
     * (kept until the build ends).
     */
    private void stage(Map<Table, SortedSet<LocalDate>> rebuilt, List<Dataset<Row>> cached) {
        List<String> readers = new ArrayList<>(rebuilt.keySet().stream().map(Table::qualifiedName).toList());
        List<String> views = ModelGraph.viewsRead(readers);
        readers.addAll(views);
        Map<String, SortedSet<LocalDate>> datesOf = new HashMap<>();
        for (String view : views) datesOf.put(view, new TreeSet<>());
        rebuilt.forEach((t, dates) -> ModelGraph.viewsRead(List.of(t.qualifiedName())).forEach(v -> datesOf.get(v).addAll(dates)));
        for (String view : views) {
            SortedSet<LocalDate> dates = datesOf.get(view).isEmpty() ? null : datesOf.get(view);
            Dataset<Row> df = view.equals(ModelGraph.SESSION_SEGMENTS) ? sessionSegments(dates) : models.run("staging", view, dates);
            if (readers.stream().filter(r -> ModelGraph.reads(r).contains(view)).count() > 1) {
                df = df.persist(StorageLevel.MEMORY_AND_DISK());
                cached.add(df);
            }
            df.createOrReplaceTempView(view);
        }
    }

    /**
     * Each member's session and pause segments ({@link SessionSegmenter}) from the events of stg_queue_events and, for
     * sessions begun before the window, their earlier events, so each member starts as a full build has them.
     */
    private Dataset<Row> sessionSegments(SortedSet<LocalDate> dates) {
        Long watermark = planner().watermark();
        Dataset<Row> carried = new SessionCarryIn(warehouse).events(BuildVariables.eventDates(dates)).orElse(null);
        return sessionSegments(spark, carried, settings, watermark == null ? 0L : watermark);
    }

    /**
     * The session_segments view's rows: {@link SessionSegmenter} over each member's session events of stg_queue_events
     * (and {@code carried}, earlier events of sessions begun before them, when not null), closing what is open at
     * {@code watermark}. Model tests make the view the same way.
     */
    static Dataset<Row> sessionSegments(SparkSession spark, Dataset<Row> carried, Settings settings, long watermark) {
        Dataset<Row> sessionEvents = spark.table("stg_queue_events")
                .filter(col("event").isin(SessionSegmenter.EVENTS.toArray()))
                .selectExpr(SessionSegmenter.INPUT);
        if (carried != null) sessionEvents = sessionEvents.unionByName(carried);
        return sessionEvents
                .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups(new SessionSegmenter(settings.zone(), watermark, settings.acwPauseReasons()),
                        Encoders.row(SessionSegmenter.OUTPUT));
    }

    /**
     * Replaces each table's dates ({@link #rebuilt}), several tables at once. Fails with the first table's error.
     */
    private void replaceAll(List<Table> tables, Map<Table, SortedSet<LocalDate>> rebuilt) {
        if (tables.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONCURRENT_WRITES, tables.size()));
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (Table t : tables) {
                SortedSet<LocalDate> dates = rebuilt.get(t);
                done.add(pool.submit(() -> progress.step(t.qualifiedName(), () -> {
                    long rows = warehouse.replaceDates(t, models.run(t.layer().database(), t.tableName(), dates), dates);
                    replaced.put(t.qualifiedName(), dates);
                    return rows;
                })));
            }
            for (Future<Long> f : done) f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + tables, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Rewrites a dimension ({@link #rebuilt}: for its dates, or whole when it has none) only when its model's rows
     * differ from the table's: an unchanged date set costs a read of a small table instead of a commit. The rows are
     * collected first, so the write never reads the table it replaces.
     */
    private void rewriteIfChanged(Table t, SortedSet<LocalDate> dates) {
        progress.step(t.qualifiedName(), () -> {
            Dataset<Row> model = models.run(t.layer().database(), t.tableName(), dates.isEmpty() ? null : dates);
            List<Row> rows = model.collectAsList();
            Dataset<Row> next = warehouse.conform(t, spark.createDataFrame(rows, model.schema()));
            if (sortedText(next.collectAsList()).equals(sortedText(warehouse.read(t).collectAsList()))) return 0L;
            return warehouse.overwrite(t, next);
        });
    }

    /**
     * The dates of a model that looks back over earlier days ({@code ${indicate.goal_lookback_days}}: streaks and
     * the previous 7 working days), with every built date (silver.dim_date) up to that many days after one of
     * them, whose rows depend on them: an incremental build then equals a full one. Other models: the dates as given.
     */
    private SortedSet<LocalDate> withDatesLookingBack(Table t, SortedSet<LocalDate> dates) {
        if (dates.isEmpty() || !looksBack(t)) return dates;
        SortedSet<LocalDate> out = new TreeSet<>(dates);
        for (Row r : warehouse.read(Table.SILVER_DIM_DATE).select("date_local")
                .filter(col("date_local").gt(java.sql.Date.valueOf(dates.first()))).collectAsList()) {
            LocalDate later = r.getDate(0).toLocalDate();
            LocalDate before = dates.headSet(later).isEmpty() ? null : dates.headSet(later).last();
            if (before != null && !later.isAfter(before.plusDays(BuildVariables.GOAL_LOOKBACK_DAYS))) out.add(later);
        }
        return out;
    }

    /** The model uses the look-back, or reads a gold table whose model does (its rows carry that table's look-back). */
    private static boolean looksBack(Table t) {
        String text = Models.text(t.layer().database(), t.tableName());
        if (text.contains(GOAL_LOOKBACK)) return true;
        for (Table read : Table.gold()) {
            if (read != t && text.contains(read.qualifiedName()) && looksBack(read)) return true;
        }
        return false;
    }

    private void notRewritten(Table t) {
        progress.line(String.format("  %-32s unchanged inputs, not rewritten", t.qualifiedName()));
    }

    private static List<String> sortedText(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    /** The functions the models call to pseudonymise (pseudonymise_phone, pseudonymise_id), with {@code p}'s key. */
    static void registerFunctions(SparkSession spark, Pseudonymiser p) {
        spark.udf().register("pseudonymise_phone", (UDF1<String, String>) p::ofPhoneNumber, DataTypes.StringType);
        spark.udf().register("pseudonymise_id", (UDF2<String, String, String>) p::ofIdentifier, DataTypes.StringType);
    }

    private void queueSettingsView() {
        StructType schema = new StructType().add("queue", DataTypes.StringType).add("sl_threshold_s", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> e : settings.slThresholdByQueue().entrySet()) rows.add(RowFactory.create(e.getKey(), e.getValue()));
        spark.createDataFrame(rows, schema).createOrReplaceTempView("queue_settings");
    }

    private static Date[] sqlDates(SortedSet<LocalDate> dates) {
        return dates.stream().map(Date::valueOf).toArray(Date[]::new);
    }

    private void recordBuild(BuildPlan plan, Instant startedAt) {
        StructType schema = new StructType()
                .add("build_id", DataTypes.StringType).add("kind", DataTypes.StringType)
                .add("batch_ids", DataTypes.createArrayType(DataTypes.StringType))
                .add("dates_rebuilt", DataTypes.createArrayType(DataTypes.DateType))
                .add("dates_by_table", DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(DataTypes.DateType)))
                .add("owed_repeat_dates", DataTypes.createArrayType(DataTypes.DateType))
                .add("started_at", DataTypes.TimestampType).add("finished_at", DataTypes.TimestampType);
        // a plan that neither defers nor settles repeat contacts (an erasure's) carries forward what was owed
        SortedSet<LocalDate> owed = plan.owedRepeatDates() != null ? plan.owedRepeatDates() : planner().owedRepeatDates();
        SortedSet<LocalDate> rebuilt = new TreeSet<>(plan.dates());
        Map<String, Date[]> byTable = new TreeMap<>();
        replaced.forEach((table, dates) -> {
            byTable.put(table, sqlDates(dates));
            rebuilt.addAll(dates);
        });
        Row row = RowFactory.create(startedAt.toString() + "-" + UUID.randomUUID().toString().substring(0, 8), plan.kind(),
                plan.batchIds().toArray(new String[0]), sqlDates(rebuilt), byTable, sqlDates(owed),
                Timestamp.from(startedAt), Timestamp.from(Instant.now()));
        warehouse.append(Table.META_BUILD_LOG, spark.createDataFrame(List.of(row), schema));
    }

}
