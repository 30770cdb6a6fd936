package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

/**
 * The rows of one run's source files on their way into a bronze table keyed by {@code line_hash}, with memory
 * bounded by the chunk size rather than by the files: at most two chunks of {@code chunkRows} rows are held at a
 * time (one filling, one being written). Each full chunk is written by the driver (a thread of its own) as a Parquet
 * file of the run's {@link StagingFolder} (no Spark job, no rows sent in tasks), and {@link #insertNew(List)} adds
 * the rows of every file of the run to the table in one commit, so a run of thirty files costs one write, not
 * thirty. A line repeated in the run is stored once, at
 * its first file (in the order the files were read) and first line number; a line the table already holds is not
 * stored again. Each file's loaded count is its lines stored by this commit: its first occurrences that the table
 * did not hold (a row of a batch killed before it was recorded, which this batch takes over, counts as not held).
 *
 * <p>A run that dies before that commit leaves the table as it was; its staging folder is removed by the next
 * run of the same source ({@link StagingFolder#removeLeftovers}). A run that dies after it re-reads the files,
 * finds their lines in the table and stores none twice.
 */
public final class StagedLines implements AutoCloseable {
    /** The column of a staged row that holds its file's place in the run. */
    private static final String SLOT = "_slot";

    private final Warehouse warehouse;
    private final Table table;
    private final StructType schema;
    private final String dateColumn;
    private final int chunkRows;
    private final StagingFolder folder;
    private final List<String> adopting;
    private final String batchId;
    private List<Object[]> chunk = new ArrayList<>();
    /** Writes the full chunks, one at a time, while the driver's thread reads and parses the next. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "staging-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> writing;
    private final Set<LocalDate> dates = new TreeSet<>();
    /** The files of the run in the order they were read; a row's {@code _slot} is its file's index here. */
    private final List<String> files = new ArrayList<>();
    private final RepeatedLines repeats = new RepeatedLines();
    private final int hashField;

    private StagedLines(Warehouse warehouse, Table table, StructType schema, String dateColumn, int chunkRows,
                        StagingFolder folder, String batchId, List<String> adopting) {
        this.warehouse = warehouse;
        this.table = table;
        this.schema = schema.add(SLOT, DataTypes.IntegerType, false);
        this.dateColumn = dateColumn;
        this.chunkRows = chunkRows;
        this.folder = folder;
        this.hashField = schema.fieldIndex("line_hash");
        this.batchId = batchId;
        this.adopting = adopting;
    }

    /**
     * Staging for rows of {@code schema} (which has {@code line_hash}, {@code _source_line} and the table's
     * date partition column {@code dateColumn}), {@code chunkRows} rows a chunk, two chunks in memory at most.
     */
    public static StagedLines open(Warehouse warehouse, Table table, StructType schema, String dateColumn, int chunkRows,
                                   Batch batch) {
        if (chunkRows < 1) throw new IllegalArgumentException("chunk size must be at least 1 row, got " + chunkRows);
        return new StagedLines(warehouse, table, schema, dateColumn, chunkRows, StagingFolder.open(warehouse, table, batch),
                batch.id(), batch.unrecorded());
    }

    /** Starts the rows of the next file of the run; returns its slot, which {@link #add} takes. */
    public int file(String file) {
        files.add(file);
        return files.size() - 1;
    }

    /** Adds a row (of the schema given on opening) of the file in {@code slot}, whose date partition is {@code date}. */
    public void add(int slot, Row row, LocalDate date) {
        Object[] values = new Object[row.size() + 1];
        for (int i = 0; i < row.size(); i++) values[i] = row.get(i);
        values[row.size()] = slot;
        repeats.add((String) values[hashField]);
        chunk.add(values);
        dates.add(date);
        if (chunk.size() >= chunkRows) flush();
    }

    /**
     * Hands the chunk to the writer thread, once the one before is written: at most two chunks are in memory, one
     * being written, one filling. Written on the driver, straight from the values: no Spark job, no rows in tasks.
     */
    private void flush() {
        if (chunk.isEmpty()) return;
        awaitWriting();
        writing = writer.submit(folder.writer(schema, chunk));
        chunk = new ArrayList<>();
    }

    /** Waits for the chunk being written; its failure is this thread's. */
    private void awaitWriting() {
        if (writing == null) return;
        try {
            writing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("staging " + table.qualifiedName() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while staging " + table.qualifiedName(), e);
        } finally {
            writing = null;
        }
    }

    /**
     * Inserts, in one commit, the first row of every line the table does not hold yet, and returns
     * {@code reports} with the loaded count of each file staged here filled in ({@link FileReport#withLoaded}); a
     * file's report must count its stored candidates as duplicates until then. Only the dates the rows fall on
     * are read. Fails when the commit's own count differs from the files' sum (a defect of the count: the rows
     * are stored once either way).
     */
    public List<FileReport> insertNew(List<FileReport> reports) {
        flush();
        awaitWriting();
        long[] loaded = folder.isEmpty() ? new long[files.size()] : adopting.isEmpty() ? appendNew() : mergeNew();
        List<FileReport> out = new ArrayList<>(reports.size());
        for (FileReport r : reports) {
            int slot = r.isSkipped() ? -1 : files.indexOf(r.file());
            out.add(slot < 0 ? r : r.withLoaded(loaded[slot]));
        }
        return out;
    }

    private Dataset<Row> stagedRows() {
        return folder.read(schema);
    }

    /** The staged rows, one per line: the first occurrence in the run (by file slot, then line number). */
    private Dataset<Row> firstOfEachLine() {
        return stagedRows()
                .withColumn("_nth", row_number().over(Window.partitionBy("line_hash").orderBy(SLOT, "_source_line")))
                .where(col("_nth").equalTo(1))
                .drop("_nth");
    }

    /**
     * The usual run (no dead batch to take over): the lines the table does not hold, appended and counted by
     * {@link NewRows}; when no line came twice in the run ({@link RepeatedLines}), without the search for each line's
     * first occurrence (a sort of every staged row).
     */
    private long[] appendNew() {
        String scope = Warehouse.inDates(dateColumn, dates);
        Dataset<Row> held = warehouse.read(table).where(scope).select(col("line_hash").as("_held"));
        Dataset<Row> lines = repeats.mayRepeat() ? firstOfEachLine() : stagedRows();
        Dataset<Row> fresh = lines.join(held, col("line_hash").equalTo(col("_held")), "left_anti");
        Map<String, Long> byFile = NewRows.append(warehouse, table, fresh.drop(SLOT), batchId, scope, files);
        long[] loaded = new long[files.size()];
        for (int slot = 0; slot < files.size(); slot++) loaded[slot] = byFile.getOrDefault(files.get(slot), 0L);
        return loaded;
    }

    /**
     * After a batch died before it was recorded: as {@link #appendNew}, and a line that batch stored is taken over
     * by this one and counted as loaded here (an insert-only MERGE that updates the lineage of those rows).
     */
    private long[] mergeNew() {
        String scope = Warehouse.inDates(dateColumn, dates);
        Dataset<Row> firstOfEachLine = firstOfEachLine().persist(StorageLevel.DISK_ONLY());
        try {
            Dataset<Row> held = warehouse.read(table).where(scope).where(not(col("_batch_id").isin(adopting.toArray())))
                    .select(col("line_hash").as("_held"));
            long[] loaded = new long[files.size()];
            long counted = 0;
            for (Row r : firstOfEachLine.join(held, col("line_hash").equalTo(col("_held")), "left_anti")
                    .groupBy(SLOT).count().collectAsList()) {
                loaded[r.getInt(0)] = r.getLong(1);
                counted += r.getLong(1);
            }
            NewRows.checkCount(table, warehouse.insertNew(table, firstOfEachLine.drop(SLOT), List.of("line_hash"), "t." + scope,
                    adopting), counted);
            return loaded;
        } finally {
            firstOfEachLine.unpersist();
        }
    }

    /** Removes the staging folder. */
    @Override
    public void close() {
        chunk.clear();
        writer.shutdownNow();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the staging writer of " + table.qualifiedName() + " did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        folder.close();
    }
}
