package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * The rows of one source file on their way into a bronze table keyed by {@code line_hash}, with memory bounded
 * by the chunk size rather than by the file: at most {@code chunkRows} rows are held at a time, each full chunk
 * is written to a staging folder under the warehouse ({@code _staging/}, Parquet, so it works on a cluster and
 * an object store too), and {@link #insertNew()} adds them all to the table in one commit. A line repeated in
 * the file is stored once, at its first line number; a line the table already holds is not stored again.
 *
 * <p>A run that dies before that commit leaves the table as it was; its staging folder is removed by the next
 * run of the same source ({@link #removeLeftovers}; safe because ingest holds the warehouse's writer lock,
 * {@link io.indicate.warehouse.WarehouseLock}, so no other run is staging at the same time). A run that dies
 * after it re-reads the file, finds its lines in the table and stores none twice.
 */
public final class StagedLines implements AutoCloseable {
    static final String STAGING = "_staging";
    private static final int SLICES = 2;

    private final Warehouse warehouse;
    private final Table table;
    private final StructType schema;
    private final String dateColumn;
    private final int chunkRows;
    private final Path folder;
    private final List<String> adopting;
    private final List<Row> chunk = new ArrayList<>();
    private final Set<LocalDate> dates = new TreeSet<>();
    private boolean staged;

    private StagedLines(Warehouse warehouse, Table table, StructType schema, String dateColumn, int chunkRows, Path folder,
                        List<String> adopting) {
        this.warehouse = warehouse;
        this.table = table;
        this.schema = schema;
        this.dateColumn = dateColumn;
        this.chunkRows = chunkRows;
        this.folder = folder;
        this.adopting = adopting;
    }

    /**
     * Staging for rows of {@code schema} (which has {@code line_hash}, {@code _source_line} and the table's
     * date partition column {@code dateColumn}), {@code chunkRows} rows in memory at most.
     */
    public static StagedLines open(Warehouse warehouse, Table table, StructType schema, String dateColumn, int chunkRows,
                                   Batch batch) {
        if (chunkRows < 1) throw new IllegalArgumentException("chunk size must be at least 1 row, got " + chunkRows);
        return new StagedLines(warehouse, table, schema, dateColumn, chunkRows,
                new Path(tableStaging(warehouse, table), batch.id() + "-" + UUID.randomUUID()), batch.unrecorded());
    }

    /** Removes what runs that died left in the table's staging folder. */
    public static void removeLeftovers(Warehouse warehouse, Table table) {
        delete(warehouse, tableStaging(warehouse, table));
    }

    private static Path tableStaging(Warehouse warehouse, Table table) {
        return new Path(warehouse.root() + "/" + STAGING + "/" + table.qualifiedName());
    }

    /** Adds a row whose date partition is {@code date}. */
    public void add(Row row, LocalDate date) {
        chunk.add(row);
        dates.add(date);
        if (chunk.size() >= chunkRows) flush();
    }

    private void flush() {
        if (chunk.isEmpty()) return;
        // through an RDD, not a local relation: the analyser walks a local relation's rows in every rule it
        // applies (most of a chunk's cost when it was one); two slices, so both cores encode. The files are
        // read once and removed, so no dictionary pages: the hashes and raw lines are unique anyway.
        JavaSparkContext context = JavaSparkContext.fromSparkContext(warehouse.spark().sparkContext());
        warehouse.spark().createDataFrame(context.parallelize(new ArrayList<>(chunk), SLICES), schema)
                .write().mode(SaveMode.Append).option("parquet.enable.dictionary", "false").parquet(folder.toString());
        chunk.clear();
        staged = true;
    }

    /**
     * Inserts, in one commit, the first row of every line the table does not hold yet; returns how many.
     * Only the dates the rows fall on are read to check.
     */
    public long insertNew() {
        flush();
        if (!staged) return 0;
        Dataset<Row> rows = warehouse.spark().read().schema(schema).parquet(folder.toString());
        Dataset<Row> firstOfEachLine = rows
                .withColumn("_nth", row_number().over(Window.partitionBy("line_hash").orderBy("_source_line")))
                .where(col("_nth").equalTo(1))
                .drop("_nth");
        return warehouse.insertNew(table, firstOfEachLine, List.of("line_hash"), "t." + Warehouse.inDates(dateColumn, dates), adopting);
    }

    /** Removes the staging folder. */
    @Override
    public void close() {
        chunk.clear();
        delete(warehouse, folder);
    }

    private static void delete(Warehouse warehouse, Path path) {
        try {
            FileSystem fs = path.getFileSystem(warehouse.spark().sparkContext().hadoopConfiguration());
            fs.delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staging folder " + path + ": " + e.getMessage(), e);
        }
    }
}
