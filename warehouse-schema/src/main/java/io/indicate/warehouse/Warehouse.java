package io.indicate.warehouse;

import io.delta.tables.DeltaTable;
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
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * The warehouse under one root path (local folder, {@code s3a://}, {@code abfss://} or {@code hdfs://}).
 * Opening it registers every {@link Table} in the session catalog under its layer database, creating the
 * empty Delta table from its DDL where it does not exist yet, so SQL models can read
 * {@code silver.fact_queue_call} by name.
 *
 * <p>All writes go through this class: what is written is aligned to the table's contract by column name
 * and type, and a missing column is an error naming the table and column.
 */
public final class Warehouse {
    private final SparkSession spark;
    private final String root;
    /** Table schemas do not change while a warehouse is open; reading them once saves a Delta log read per write. */
    private final java.util.Map<Table, StructType> schemas = new java.util.concurrent.ConcurrentHashMap<>();

    private Warehouse(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /**
     * The warehouse root each session's catalog names now. Only this class registers tables, so when a
     * session opens the root it already names (the steps of one run, several commands in one JVM), the
     * registration and migration are done and are skipped: they cost a Delta log read per table.
     */
    private static final Map<SparkSession, String> REGISTERED = Collections.synchronizedMap(new WeakHashMap<>());

    public static Warehouse open(SparkSession spark, String root) {
        Warehouse w = new Warehouse(spark, root);
        if (w.root.equals(REGISTERED.get(spark))) return w;
        for (Table.Layer layer : Table.Layer.values()) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + layer.database());
        }
        // Each table is its own Delta log, so they are registered side by side: on a new warehouse every one
        // of them is a first commit, and waiting for those one after the other is most of a short run.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Table t : Table.values()) {
                done.add(pool.submit(() -> {
                    // the catalog may still name another warehouse's table (one JVM, several warehouses): re-point
                    // it. The tables are external (they have a LOCATION): dropping the name never touches data.
                    spark.sql("DROP TABLE IF EXISTS " + t.qualifiedName());
                    w.addMissingColumns(t);
                    spark.sql(w.ddl(t));
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
        REGISTERED.put(spark, w.root);
        return w;
    }

    /**
     * Migrates a table written under an older contract: the columns its DDL has and the table lacks are
     * added (nullable, at their place in the DDL), so rows already written read null there, and a NOT NULL
     * the contract no longer has is dropped. Columns are only ever added or relaxed; a column the contract
     * dropped or retyped stays an error for a person to resolve.
     */
    void addMissingColumns(Table t) {
        String location = location(t);
        if (!DeltaTable.isDeltaTable(spark, location)) return;
        Map<String, StructField> have = Arrays.stream(DeltaTable.forPath(spark, location).toDF().schema().fields())
                .collect(Collectors.toMap(f -> f.name().toLowerCase(java.util.Locale.ROOT), f -> f));
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

    /** The columns of a table's DDL file, read from its column list. */
    StructType contractSchema(Table t) {
        String sql = ddl(t).lines().filter(l -> !l.stripLeading().startsWith("--"))
                .collect(Collectors.joining("\n"));
        int open = sql.indexOf('(');
        int close = sql.lastIndexOf(") USING");
        if (open < 0 || close < open) {
            throw new IllegalStateException(t.ddlResource() + ": expected 'CREATE TABLE ... (columns) USING delta'");
        }
        return StructType.fromDDL(sql.substring(open + 1, close));
    }

    public SparkSession spark() { return spark; }

    public String root() { return root; }

    public String location(Table t) {
        return root + "/" + t.layer().database() + "/" + t.tableName();
    }

    String ddl(Table t) {
        try (InputStream in = Warehouse.class.getClassLoader().getResourceAsStream(t.ddlResource())) {
            if (in == null) throw new IllegalStateException("missing DDL resource " + t.ddlResource());
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return sql.replace("${location}", location(t).replace("'", "\\'"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        conform(t, df).write().format("delta").mode("append").save(location(t));
        return lastOperationMetric(t, "numOutputRows");
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
        conform(t, df).write().format("delta").mode("overwrite")
                .option("replaceWhere", inDates(column, dates))
                .save(location(t));
        return lastOperationMetric(t, "numOutputRows");
    }

    /**
     * Inserts the rows of {@code df} whose key is not in the table yet (insert-only MERGE). {@code scope} is
     * an extra condition on the target (e.g. the partitions the new rows fall in) so the check reads only
     * those files. Returns the number of rows inserted.
     */
    public long insertNew(Table t, Dataset<Row> df, List<String> keyColumns, String scope) {
        String on = keyColumns.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        return insertUnmatched(t, df, on, scope);
    }

    /**
     * Inserts the rows of {@code df} that match no row of the table by {@code match}, a SQL condition over
     * the target {@code t} and the new rows {@code s} (insert-only MERGE), for keys that plain column
     * equality cannot state (a nullable key part). {@code scope} as for {@link #insertNew}.
     */
    public long insertUnmatched(Table t, Dataset<Row> df, String match, String scope) {
        String on = match;
        if (scope != null && !scope.isBlank()) on = "(" + scope + ") AND (" + on + ")";
        DeltaTable.forPath(spark, location(t)).as("t")
                .merge(conform(t, df).as("s"), on)
                .whenNotMatched().insertAll()
                .execute();
        return lastOperationMetric(t, "numTargetRowsInserted");
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

    private long lastOperationMetric(Table t, String metric) {
        Row last = DeltaTable.forPath(spark, location(t)).history(1).select("operationMetrics").first();
        scala.collection.Map<String, String> m = last.getMap(0);
        return m.contains(metric) ? Long.parseLong(m.apply(metric)) : 0L;
    }

    /** A SQL predicate {@code column IN (DATE'...', ...)} over the given dates. */
    public static String inDates(String column, Collection<LocalDate> dates) {
        return column + " IN (" + new TreeSet<>(dates).stream().map(d -> "DATE'" + d + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    public long version(Table t) {
        return DeltaTable.forPath(spark, location(t)).history(1).select("version").first().getLong(0);
    }
}
