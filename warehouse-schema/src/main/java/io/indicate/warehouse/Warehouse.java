package io.indicate.warehouse;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * The warehouse under one root path (local folder, {@code s3a://}, {@code abfss://} or {@code hdfs://}).
 * Opening it makes the session's SQL names {@code silver.fact_queue_call} resolve to that root's Delta tables
 * ({@link LayerCatalog}, by path, when a query uses them) and, the first time a root is opened under a new
 * contract, creates the missing tables from their contracts ({@link TableContract}) and migrates the others; an unchanged contract costs
 * one small file read and no per-table work.
 *
 * <p>All writes go through this class: what is written is aligned to the table's contract by column name
 * and type, and a missing column is an error naming the table and column.
 */
public final class Warehouse {
    /** Session setting naming the root the layer catalogs resolve table names under: the last warehouse opened. */
    public static final String ROOT_CONF = "indicate.warehouse.root";
    /** File under the root holding the digest of the table contracts the warehouse was last migrated to. */
    static final String CONTRACT_FILE = "_contract.sha256";
    /** File under the root naming the model-built tables that gained a column and await a full build ({@link #rebuildRequired}). */
    static final String REBUILD_FILE = "_rebuild_required";

    private final SparkSession spark;
    private final String root;
    /** Table schemas do not change while a warehouse is open; reading them once saves a Delta log read per write. */
    private final java.util.Map<Table, StructType> schemas = new java.util.concurrent.ConcurrentHashMap<>();

    private Warehouse(SparkSession spark, String root) {
        this.spark = spark;
        this.root = normalised(root);
    }

    /** The root as the warehouse addresses it: absolute ({@link #absolute}), without a trailing slash. */
    private static String normalised(String root) {
        String absolute = absolute(root);
        return absolute.endsWith("/") ? absolute.substring(0, absolute.length() - 1) : absolute;
    }

    /**
     * A folder given without a URL scheme, resolved against the working directory: Delta reads {@code delta.`path`}
     * as a path only when the path is absolute, so a relative {@code --warehouse wh} used to fail with "the schema
     * delta cannot be found". URLs ({@code s3a://}, {@code file:/}) are kept as given.
     */
    static String absolute(String root) {
        if (root.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) return root;
        return java.nio.file.Path.of(root).toAbsolutePath().normalize().toString();
    }

    /** Opens the warehouse under {@code root}; the caller holds its writer lock ({@link WarehouseLock}). */
    public static Warehouse open(SparkSession spark, String root) {
        return open(spark, root, () -> null);
    }

    /**
     * Opens the warehouse under {@code root} for a step that does not hold its writer lock (the digest): when tables
     * must be created or migrated (the first open under a new contract), which writes to every table, that is done
     * while holding the lock {@code writerLock} takes, and released before this returns. An unchanged contract
     * takes no lock.
     */
    public static Warehouse open(SparkSession spark, String root, java.util.function.Supplier<WarehouseLock> writerLock) {
        Warehouse w = new Warehouse(spark, root);
        for (Table.Layer layer : Table.Layer.values()) {
            spark.conf().set("spark.sql.catalog." + layer.database(), LayerCatalog.class.getName());
        }
        w.makeCurrent();
        String contract = contractDigest();
        if (!contract.equals(w.readContractFile())) {
            try (WarehouseLock held = writerLock.get()) {
                // read again under the lock: a writer may have migrated the tables while this one waited
                if (!contract.equals(w.readContractFile())) {
                    w.createOrMigrateTables();
                    w.writeContractFile(contract);
                }
            }
        }
        return w;
    }

    /** Makes SQL names in this session ({@code gold.kpi_agent_daily}) name this warehouse's tables. */
    public void makeCurrent() {
        spark.conf().set(ROOT_CONF, root);
    }

    /** Runs SQL that names tables as {@code layer.table}, against this warehouse's tables. */
    public Dataset<Row> sql(String query) {
        makeCurrent();
        return spark.sql(query);
    }

    private void createOrMigrateTables() {
        // a model's table with rows that is about to gain a column is noted before it does: its older rows would
        // read null there until rebuilt, so the next build rebuilds in full (rebuildRequired); noted first, so a
        // crash after the ALTER still leaves the note
        Set<Table> gaining = new TreeSet<>();
        eachTable(t -> {
            if (t.layer().builtByModels() && exists(t) && !missingColumns(t).isEmpty() && hasRows(t)) {
                synchronized (gaining) { gaining.add(t); }
            }
        });
        if (!gaining.isEmpty()) requireRebuild(gaining);
        eachTable(t -> {
            if (exists(t)) {
                addMissingColumns(t);
                setContractProperties(t);
            } else {
                removeUncommittedLog(t);
                spark.sql(createByPath(t));
            }
        });
    }

    private interface TableWork {
        void run(Table t) throws Exception;
    }

    /**
     * Runs {@code work} on every table. Each table is its own Delta log, so they are done side by side: on a new
     * warehouse every one of them is a first commit, and waiting for those one after the other is most of a short run.
     */
    private static void eachTable(TableWork work) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Table t : Table.values()) {
                done.add(pool.submit(() -> {
                    work.run(t);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the warehouse", e);
        } finally {
            pool.shutdown();
        }
    }

    private boolean hasRows(Table t) {
        return DeltaLog.forTable(spark, location(t)).update(false, scala.Option.empty(), scala.Option.empty()).numOfFiles() > 0;
    }

    /**
     * The model-built tables that gained a column while holding rows (a new KPI, a new flag): until a full build has
     * run since, their older rows read null there, so the next build must be a full one. Empty when none.
     */
    public SortedSet<Table> rebuildRequired() {
        SortedSet<Table> out = new TreeSet<>();
        String text = readRootFile(REBUILD_FILE);
        if (text == null) return out;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            Arrays.stream(Table.values()).filter(t -> t.qualifiedName().equals(line.strip())).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private void requireRebuild(Set<Table> tables) {
        SortedSet<Table> all = rebuildRequired();
        all.addAll(tables);
        writeRootFile(REBUILD_FILE, all.stream().map(t -> t.qualifiedName() + "\n").collect(Collectors.joining()));
    }

    /** A full build has rebuilt every table: the columns added before are filled in on every row. */
    public void rebuiltInFull() {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root + "/" + REBUILD_FILE);
        try {
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    /**
     * A creation killed before its first commit leaves a {@code _delta_log} folder without a commit, which
     * {@code CREATE TABLE IF NOT EXISTS} takes for a table and skips, so every later read fails. Such a log
     * holds nothing (no commit, so no data file belongs to the table) and is removed before the table is
     * created; a log with commit files is never touched.
     */
    private void removeUncommittedLog(Table t) throws java.io.IOException {
        org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(location(t), "_delta_log");
        org.apache.hadoop.fs.FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(log)) return;
        for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(log)) {
            if (f.getPath().getName().matches("\\d{20}\\..*")) return;
        }
        fs.delete(log, true);
    }

    private boolean exists(Table t) {
        return DeltaLog.forTable(spark, location(t)).tableExists();
    }

    /** The CREATE of a table's Delta table at its path (no catalog entry), generated from its contract. */
    String createByPath(Table t) {
        return t.contract().createTable("delta.`" + location(t).replace("`", "``") + "`");
    }

    /**
     * A digest of the DDL every table's contract generates (descriptions aside): when it changes, the next open
     * creates and migrates tables.
     */
    static String contractDigest() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Table t : Table.values()) {
                sha.update(TableContract.resource(t).getBytes(StandardCharsets.UTF_8));
                sha.update(t.contract().createTable(t.qualifiedName()).getBytes(StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String readContractFile() {
        String text = readRootFile(CONTRACT_FILE);
        return text == null ? null : text.strip();
    }

    /**
     * Whether the warehouse under {@code root} was last created or migrated to this code's table contracts, read
     * through {@code conf} without a SparkSession: a reader that starts no Spark (export) opens the warehouse with
     * {@link #open} only when it is not, so that tables are created and migrated in one place.
     */
    public static boolean contractIsCurrent(String root, org.apache.hadoop.conf.Configuration conf) {
        String text = rootFile(root, CONTRACT_FILE, conf);
        return text != null && text.strip().equals(contractDigest());
    }

    /** The Delta table of {@code t} under {@code root} (a folder or a URL, as {@code --warehouse} takes it). */
    public static String location(String root, Table t) {
        return locationUnder(normalised(root), t);
    }

    private void writeContractFile(String digest) {
        writeRootFile(CONTRACT_FILE, digest + "\n");
    }

    /** The text of a small file under the root (the contract digest, the rebuild note); null when there is none. */
    private String readRootFile(String name) {
        return readRootFile(root, name, spark.sparkContext().hadoopConfiguration());
    }

    /** A commit of a Delta log: the version's JSON file. */
    private static final java.util.regex.Pattern COMMIT_FILE = java.util.regex.Pattern.compile("(\\d{20})\\.json");

    /**
     * The latest committed version of each table under {@code root} (a folder or URL, as {@code --warehouse} takes
     * it), from a listing of its log's commit files (no Spark, no read of a commit); -1 for a table not created.
     */
    public static Map<Table, Long> committedVersions(String root, org.apache.hadoop.conf.Configuration conf) throws IOException {
        Map<Table, Long> out = new java.util.EnumMap<>(Table.class);
        for (Table t : Table.values()) {
            org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(location(root, t) + "/_delta_log");
            org.apache.hadoop.fs.FileSystem fs = log.getFileSystem(conf);
            long version = -1;
            if (fs.exists(log)) {
                for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(log)) {
                    java.util.regex.Matcher commit = COMMIT_FILE.matcher(f.getPath().getName());
                    if (commit.matches()) version = Math.max(version, Long.parseLong(commit.group(1)));
                }
            }
            out.put(t, version);
        }
        return out;
    }

    /** The text of the file {@code name} at the warehouse root ({@code --warehouse}), or null when there is none. */
    public static String rootFile(String root, String name, org.apache.hadoop.conf.Configuration conf) {
        return readRootFile(normalised(root), name, conf);
    }

    /** Writes (or replaces) the file {@code name} at the warehouse root ({@code --warehouse}). */
    public static void writeRootFile(String root, String name, String text, org.apache.hadoop.conf.Configuration conf) {
        writeRootFile(new org.apache.hadoop.fs.Path(normalised(root) + "/" + name), text, conf);
    }

    private static String readRootFile(String root, String name, org.apache.hadoop.conf.Configuration conf) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root + "/" + name);
        try {
            org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) return null;
            try (InputStream in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private void writeRootFile(String name, String text) {
        writeRootFile(new org.apache.hadoop.fs.Path(root + "/" + name), text, spark.sparkContext().hadoopConfiguration());
    }

    private static void writeRootFile(org.apache.hadoop.fs.Path p, String text, org.apache.hadoop.conf.Configuration conf) {
        try {
            org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
            try (java.io.OutputStream out = fs.create(p, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /**
     * Migrates a table written under an older contract: the columns its contract has and the table lacks are
     * added (nullable, at their place in the contract), so rows already written read null there, and a NOT NULL
     * the contract no longer has is dropped. Columns are only ever added or relaxed; a column the contract
     * dropped or retyped stays an error for a person to resolve.
     */
    void addMissingColumns(Table t) {
        String location = location(t);
        if (!DeltaTable.isDeltaTable(spark, location)) return;
        Map<String, StructField> have = tableColumns(t);
        String table = "delta.`" + location.replace("`", "``") + "`";
        String previous = null;
        for (StructField f : contractSchema(t).fields()) {
            StructField existing = have.get(f.name().toLowerCase(java.util.Locale.ROOT));
            if (existing == null) {
                // one column per statement: AFTER may name a column this migration has just added
                spark.sql("ALTER TABLE " + table + " ADD COLUMNS (`" + f.name() + "` "
                        + f.dataType().sql() + (previous == null ? " FIRST" : " AFTER `" + previous + "`") + ")");
            } else if (f.nullable() && !existing.nullable()) {
                // the contract now allows a null where it did not (a field a source may leave out)
                spark.sql("ALTER TABLE " + table + " ALTER COLUMN `" + f.name() + "` DROP NOT NULL");
            }
            previous = f.name();
        }
    }

    /** The table's columns as it is, by lower-case name. */
    private Map<String, StructField> tableColumns(Table t) {
        return Arrays.stream(DeltaTable.forPath(spark, location(t)).toDF().schema().fields())
                .collect(Collectors.toMap(f -> f.name().toLowerCase(java.util.Locale.ROOT), f -> f));
    }

    /** The columns of the table's contract the table lacks. */
    List<String> missingColumns(Table t) {
        Map<String, StructField> have = tableColumns(t);
        return Arrays.stream(contractSchema(t).fields()).map(StructField::name)
                .filter(n -> !have.containsKey(n.toLowerCase(java.util.Locale.ROOT))).toList();
    }

    /**
     * Gives a table written under an older contract the table properties its contract sets now (which columns Delta
     * keeps statistics of, how long the log is kept): a property only applies to commits made after it is set,
     * so an existing table must have it before the next write. Returns whether anything was set.
     */
    boolean setContractProperties(Table t) {
        Map<String, String> wanted = contractProperties(t);
        scala.collection.immutable.Map<String, String> have = DeltaLog.forTable(spark, location(t))
                .update(false, scala.Option.empty(), scala.Option.empty()).metadata().configuration();
        String changed = wanted.entrySet().stream()
                .filter(e -> !have.get(e.getKey()).contains(e.getValue()))
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "\\'") + "'")
                .collect(Collectors.joining(", "));
        if (changed.isEmpty()) return false;
        spark.sql("ALTER TABLE delta.`" + location(t).replace("`", "``") + "` SET TBLPROPERTIES (" + changed + ")");
        return true;
    }

    /** The table properties of a table's contract ({@link TableContract#properties()}). */
    Map<String, String> contractProperties(Table t) {
        return t.contract().properties();
    }

    /** The columns of a table's contract. */
    StructType contractSchema(Table t) {
        return t.contract().schema();
    }

    public SparkSession spark() { return spark; }

    public String root() { return root; }

    public String location(Table t) {
        return locationUnder(root, t);
    }

    /** The Delta table of {@code t} under a root already {@link #normalised} (the session's current root, {@link #ROOT_CONF}). */
    static String locationUnder(String root, Table t) {
        String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        return r + "/" + t.layer().database() + "/" + t.tableName();
    }

    public Dataset<Row> read(Table t) {
        return spark.read().format("delta").load(location(t));
    }

    public StructType schema(Table t) {
        return schemas.computeIfAbsent(t, x -> read(x).schema());
    }

    /** Selects exactly the table's columns, in its order, cast to its types. */
    public Dataset<Row> conform(Table t, Dataset<Row> df) {
        Set<String> have = Arrays.stream(df.columns()).collect(Collectors.toSet());
        List<Column> cols = new ArrayList<>();
        for (StructField f : schema(t).fields()) {
            if (!have.contains(f.name())) {
                throw new IllegalStateException(t.qualifiedName() + ": the data written has no column '" + f.name()
                        + "' (has " + String.join(", ", df.columns()) + ")");
            }
            cols.add(col("`" + f.name() + "`").cast(f.dataType()).as(f.name()));
        }
        return df.select(cols.toArray(new Column[0]));
    }

    /** Appends in one commit; returns the number of rows written. */
    public long append(Table t, Dataset<Row> df) {
        long before = version(t);
        conform(t, df).write().format("delta").mode("append").save(location(t));
        // appending nothing may commit nothing: the last commit is then an earlier write's
        return version(t) == before ? 0 : lastOperationMetric(t, "numOutputRows");
    }

    /** Replaces the whole table in one commit; returns the number of rows written. */
    public long overwrite(Table t, Dataset<Row> df) {
        conform(t, df).write().format("delta").mode("overwrite").save(location(t));
        return lastOperationMetric(t, "numOutputRows");
    }

    /**
     * Replaces exactly the given dates of a date-partitioned table in one commit: rows of other dates are
     * untouched, and rows of those dates not in {@code df} are removed. Writing a row outside the dates fails.
     * Returns the number of rows written.
     */
    public long replaceDates(Table t, Dataset<Row> df, Collection<LocalDate> dates) {
        if (dates.isEmpty()) return 0;
        String column = t.partitionColumn().orElseThrow(
                () -> new IllegalArgumentException(t.qualifiedName() + " is not partitioned by date"));
        long before = version(t);
        conform(t, df).write().format("delta").mode("overwrite")
                .option("replaceWhere", inDates(column, dates))
                .save(location(t));
        // replacing nothing with nothing may commit nothing: the last commit is then an earlier write's
        return version(t) == before ? 0 : lastOperationMetric(t, "numOutputRows");
    }

    /**
     * Inserts the rows of {@code df} whose key is not in the table yet (insert-only MERGE). {@code scope} is
     * an extra condition on the target (e.g. the partitions the new rows fall in) so the check reads only
     * those files. Returns the number of rows inserted.
     */
    public long insertNew(Table t, Dataset<Row> df, List<String> keyColumns, String scope) {
        return insertNew(t, df, keyColumns, scope, List.of());
    }

    /**
     * As {@link #insertNew(Table, Dataset, List, String)}, and a row already in the table whose {@code _batch_id}
     * is one of {@code adopting} (a batch that died before it was recorded) is taken over by the new row's batch
     * ({@code _batch_id} and {@code _ingested_at} set from it) and counted as inserted: the rows of a batch that
     * died are counted once, by the batch that completes its work, not as duplicates.
     */
    public long insertNew(Table t, Dataset<Row> df, List<String> keyColumns, String scope, Collection<String> adopting) {
        String on = keyColumns.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        return insertUnmatched(t, df, on, scope, adopting);
    }

    /**
     * Inserts the rows of {@code df} that match no row of the table by {@code match}, a SQL condition over
     * the target {@code t} and the new rows {@code s} (insert-only MERGE), for keys that plain column
     * equality cannot state (a nullable key part). {@code scope} as for {@link #insertNew}.
     */
    public long insertUnmatched(Table t, Dataset<Row> df, String match, String scope) {
        return insertUnmatched(t, df, match, scope, List.of());
    }

    /** As {@link #insertUnmatched(Table, Dataset, String, String)}, adopting as {@link #insertNew(Table, Dataset, List, String, Collection)}. */
    public long insertUnmatched(Table t, Dataset<Row> df, String match, String scope, Collection<String> adopting) {
        String on = match;
        if (scope != null && !scope.isBlank()) on = "(" + scope + ") AND (" + on + ")";
        long before = version(t);
        io.delta.tables.DeltaMergeBuilder merge = DeltaTable.forPath(spark, location(t)).as("t").merge(conform(t, df).as("s"), on);
        if (!adopting.isEmpty()) {
            String batches = adopting.stream().map(b -> "'" + b.replace("'", "''") + "'").collect(Collectors.joining(", "));
            merge = merge.whenMatched("t._batch_id IN (" + batches + ")")
                    .updateExpr(Map.of("_batch_id", "s._batch_id", "_ingested_at", "s._ingested_at"));
        }
        merge.whenNotMatched().insertAll().execute();
        // a MERGE that inserts nothing may commit nothing: the last commit is then an earlier write's
        if (version(t) == before) return 0;
        return lastOperationMetric(t, "numTargetRowsInserted") + (adopting.isEmpty() ? 0 : lastOperationMetric(t, "numTargetRowsUpdated"));
    }

    /**
     * Deletes the rows matching a SQL condition in one commit (the files they were in stay readable by time
     * travel until VACUUM removes them); returns the number of rows deleted.
     */
    public long delete(Table t, String condition) {
        long before = version(t);
        DeltaTable.forPath(spark, location(t)).delete(condition);
        return version(t) == before ? 0 : lastOperationMetric(t, "numDeletedRows");
    }

    /**
     * Sets columns ({@code column -> SQL expression}) of the rows matching a SQL condition, in one commit (the files
     * the rows were in stay readable by time travel until VACUUM); returns the number of rows updated.
     */
    public long update(Table t, String condition, Map<String, String> set) {
        long before = version(t);
        DeltaTable.forPath(spark, location(t)).updateExpr(condition, set);
        return version(t) == before ? 0 : lastOperationMetric(t, "numUpdatedRows");
    }

    /**
     * A metric of the commit just written, as Delta recorded it in that commit's entry of the log: one small
     * file read, no query over the table's history.
     */
    private long lastOperationMetric(Table t, String metric) {
        DeltaLog log = DeltaLog.forTable(spark, location(t));
        long v = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
        scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<Action>>> changes = log.getChanges(v, v, false);
        while (changes.hasNext()) {
            scala.collection.Iterator<Action> actions = changes.next()._2().iterator();
            while (actions.hasNext()) {
                if (actions.next() instanceof CommitInfo info && info.operationMetrics().isDefined()) {
                    scala.collection.immutable.Map<String, String> m = info.operationMetrics().get();
                    return m.contains(metric) ? Long.parseLong(m.apply(metric)) : 0L;
                }
            }
        }
        return 0L;
    }

    /** A SQL predicate {@code column IN (DATE'...', ...)} over the given dates. */
    public static String inDates(String column, Collection<LocalDate> dates) {
        return column + " IN (" + new TreeSet<>(dates).stream().map(d -> "DATE'" + d + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The table's latest committed version (a listing of its log, no read of its history). */
    public long version(Table t) {
        return DeltaLog.forTable(spark, location(t)).update(false, scala.Option.empty(), scala.Option.empty()).version();
    }
}
