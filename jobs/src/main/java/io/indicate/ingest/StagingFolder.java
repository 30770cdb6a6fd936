package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/**
 * A run's folder of rows on their way into a bronze table: {@code <warehouse>/_staging/<table>/<batch>-<uuid>/}, on
 * the warehouse's Hadoop file system (so it works on a cluster and an object store too), written by the driver with
 * Parquet's own writer ({@link ParquetChunks}: no Spark job, no rows sent in tasks) and read back by Spark. Closing
 * removes it; what a run that died left is removed by the next run of the same table ({@link #removeLeftovers}; safe
 * because ingest holds the warehouse's writer lock, {@link io.indicate.warehouse.WarehouseLock}, so no other run is
 * staging at the same time).
 */
public final class StagingFolder implements AutoCloseable {
    static final String STAGING = "_staging";

    private final Warehouse warehouse;
    private final Path path;
    private int files;

    private StagingFolder(Warehouse warehouse, Path path) {
        this.warehouse = warehouse;
        this.path = path;
    }

    /** A new, empty folder for {@code table}'s rows of {@code batch}. */
    public static StagingFolder open(Warehouse warehouse, Table table, Batch batch) {
        return new StagingFolder(warehouse, new Path(tableStaging(warehouse, table), batch.id() + "-" + UUID.randomUUID()));
    }

    /** Removes what runs that died left in the table's staging folder. */
    public static void removeLeftovers(Warehouse warehouse, Table table) {
        delete(warehouse, tableStaging(warehouse, table));
    }

    private static Path tableStaging(Warehouse warehouse, Table table) {
        return new Path(warehouse.root() + "/" + STAGING + "/" + table.qualifiedName());
    }

    /**
     * The next file's writer: writes {@code rows} (each the values of {@code schema}'s fields, in order) as one Parquet
     * file of the folder when run. Taken on the calling thread, so files are numbered in the order they are asked for;
     * the writing may run on another thread.
     */
    public Runnable writer(StructType schema, List<Object[]> rows) {
        Path file = new Path(path, String.format("chunk-%05d.parquet", files++));
        var conf = warehouse.spark().sparkContext().hadoopConfiguration();
        return () -> ParquetChunks.write(file, conf, schema, rows);
    }

    /** Writes {@code rows} as the folder's next file, on the calling thread. */
    public void write(StructType schema, List<Object[]> rows) {
        writer(schema, rows).run();
    }

    /** Whether any file was written. */
    public boolean isEmpty() {
        return files == 0;
    }

    /** Every row written, as rows of {@code schema}. */
    public Dataset<Row> read(StructType schema) {
        return ParquetChunks.read(warehouse.spark(), schema, path.toString());
    }

    /** Removes the folder. */
    @Override
    public void close() {
        delete(warehouse, path);
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
