package io.indicate.export;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of a Delta table's latest version, read with Delta Kernel: no SparkSession, so reading a small table
 * costs the JVM's start and the table's files rather than Spark's (README, Benchmark: "export without Spark").
 * Values come as plain Java objects: {@code String}, the boxed numbers, {@code Boolean}, {@code BigDecimal},
 * {@code LocalDate} for a date and {@code Instant} for a timestamp; null for null.
 */
public record DeltaRows(List<String> columns, List<Object[]> rows) {
    /** Reads every row of the Delta table at {@code location} (a folder or URL) through Hadoop's {@code conf}. */
    public static DeltaRows read(String location, Configuration conf) {
        Engine engine = DefaultEngine.create(conf);
        Snapshot snapshot = Table.forPath(engine, location).getLatestSnapshot(engine);
        Scan scan = snapshot.getScanBuilder(engine).build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
        List<String> columns = new ArrayList<>();
        for (StructField f : snapshot.getSchema(engine).fields()) columns.add(f.getName());
        List<Object[]> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> fileRows = files.next().getRows()) {
                    while (fileRows.hasNext()) {
                        Row file = fileRows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
                        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty());
                        try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, file, data)) {
                            while (logical.hasNext()) addRows(logical.next(), columns, rows, location);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Delta table " + location, e);
        }
        return new DeltaRows(List.copyOf(columns), rows);
    }

    /** The batch's rows its selection vector keeps (a row deleted by a deletion vector is not), column by name. */
    private static void addRows(FilteredColumnarBatch filtered, List<String> columns, List<Object[]> rows, String location) {
        ColumnarBatch batch = filtered.getData();
        StructType schema = batch.getSchema();
        ColumnVector[] vectors = new ColumnVector[columns.size()];
        for (int c = 0; c < columns.size(); c++) vectors[c] = batch.getColumnVector(schema.indexOf(columns.get(c)));
        Optional<ColumnVector> selection = filtered.getSelectionVector();
        for (int r = 0; r < batch.getSize(); r++) {
            if (selection.isPresent() && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) continue;
            Object[] row = new Object[vectors.length];
            for (int c = 0; c < vectors.length; c++) row[c] = value(vectors[c], r, columns.get(c), location);
            rows.add(row);
        }
    }

    static Object value(ColumnVector v, int r, String column, String location) {
        if (v.isNullAt(r)) return null;
        DataType t = v.getDataType();
        if (t instanceof StringType) return v.getString(r);
        if (t instanceof LongType) return v.getLong(r);
        if (t instanceof IntegerType) return v.getInt(r);
        if (t instanceof ShortType) return v.getShort(r);
        if (t instanceof ByteType) return v.getByte(r);
        if (t instanceof DoubleType) return v.getDouble(r);
        if (t instanceof FloatType) return v.getFloat(r);
        if (t instanceof BooleanType) return v.getBoolean(r);
        if (t instanceof DecimalType) return v.getDecimal(r);
        if (t instanceof DateType) return LocalDate.ofEpochDay(v.getInt(r));
        if (t instanceof TimestampType || t instanceof TimestampNTZType) {
            long micros = v.getLong(r);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
        throw new IllegalStateException(location + ": column " + column + " has type " + t + ", which is not read here");
    }
}
