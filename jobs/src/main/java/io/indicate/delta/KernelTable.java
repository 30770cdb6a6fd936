package io.indicate.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The latest version of one Delta table, read with Delta Kernel: no SparkSession and no Spark job, so reading a few
 * rows costs the table's log and files rather than a query's planning (README, Benchmark: "export without Spark" and
 * "publish without Spark"). A date-partitioned table's files of other dates are not opened.
 *
 * <p>Values come as plain Java objects: {@code String}, the boxed numbers, {@code Boolean}, {@code BigDecimal},
 * {@code LocalDate} for a date, {@code Instant} for a timestamp (with or without zone: its epoch microseconds), a
 * {@code List} for an array and a {@code Map} (in the stored order) for a map; null for null.
 */
public final class KernelTable {
    /** Takes one row, as the table's columns in their order; may refuse with a checked exception (a JDBC batch's). */
    @FunctionalInterface
    public interface RowSink<E extends Exception> {
        void accept(Object[] row) throws E;
    }

    private final String location;
    private final Engine engine;
    private final Snapshot snapshot;
    private final List<String> columns;

    private KernelTable(String location, Engine engine, Snapshot snapshot) {
        this.location = location;
        this.engine = engine;
        this.snapshot = snapshot;
        List<String> names = new ArrayList<>();
        for (StructField f : snapshot.getSchema(engine).fields()) names.add(f.getName());
        this.columns = List.copyOf(names);
    }

    /** The table at {@code location} (a folder or URL) as its log says now, its files reached through Hadoop's {@code conf}. */
    public static KernelTable latest(String location, Configuration conf) {
        Engine engine = DefaultEngine.create(conf);
        return new KernelTable(location, engine, Table.forPath(engine, location).getLatestSnapshot(engine));
    }

    public String location() { return location; }

    /** The column names, in the table's order (the order of a row's values). */
    public List<String> columns() { return columns; }

    /**
     * The table's schema as Spark's types: the same names, order, types and nullability Spark reads from the log. Only
     * the types {@link #value} gives (arrays and maps of them included).
     */
    public org.apache.spark.sql.types.StructType sparkSchema() {
        org.apache.spark.sql.types.StructType out = new org.apache.spark.sql.types.StructType();
        for (StructField f : snapshot.getSchema(engine).fields()) out = out.add(f.getName(), sparkType(f.getDataType(), f.getName()), f.isNullable());
        return out;
    }

    private org.apache.spark.sql.types.DataType sparkType(DataType t, String column) {
        if (t instanceof StringType) return DataTypes.StringType;
        if (t instanceof LongType) return DataTypes.LongType;
        if (t instanceof IntegerType) return DataTypes.IntegerType;
        if (t instanceof ShortType) return DataTypes.ShortType;
        if (t instanceof ByteType) return DataTypes.ByteType;
        if (t instanceof DoubleType) return DataTypes.DoubleType;
        if (t instanceof FloatType) return DataTypes.FloatType;
        if (t instanceof BooleanType) return DataTypes.BooleanType;
        if (t instanceof DecimalType d) return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
        if (t instanceof DateType) return DataTypes.DateType;
        if (t instanceof TimestampType) return DataTypes.TimestampType;
        if (t instanceof TimestampNTZType) return DataTypes.TimestampNTZType;
        if (t instanceof ArrayType a) return DataTypes.createArrayType(sparkType(a.getElementType(), column), a.containsNull());
        if (t instanceof MapType m) {
            return DataTypes.createMapType(sparkType(m.getKeyType(), column), sparkType(m.getValueType(), column), m.isValueContainsNull());
        }
        throw new IllegalStateException(location + ": column " + column + " has type " + t + ", which is not read here");
    }

    /**
     * The dates of the table's partitions by {@code dateColumn} that hold a file now, read from the log alone (no
     * data file is opened). Fails when the table is not partitioned by that column.
     */
    public SortedSet<LocalDate> partitionDates(String dateColumn) {
        requirePartitionedBy(dateColumn);
        SortedSet<LocalDate> dates = new TreeSet<>();
        forEachFile(snapshot.getScanBuilder(engine).build(), file -> dates.add(partitionDate(file, dateColumn)));
        return dates;
    }

    /** Gives every row to {@code sink}; returns how many. */
    public <E extends Exception> long forEachRow(RowSink<E> sink) throws E {
        return scan(null, null, sink);
    }

    /**
     * Gives {@code sink} the rows of the partitions by {@code dateColumn} whose date {@code wanted} accepts (the files
     * of other dates are not read); returns how many. Fails when the table is not partitioned by that column.
     */
    public <E extends Exception> long forEachRowOn(String dateColumn, Predicate<LocalDate> wanted, RowSink<E> sink) throws E {
        requirePartitionedBy(dateColumn);
        return scan(dateColumn, wanted, sink);
    }

    private <E extends Exception> long scan(String dateColumn, Predicate<LocalDate> wanted, RowSink<E> sink) throws E {
        Scan scan = snapshot.getScanBuilder(engine).build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
        long[] rows = {0};
        forEachFile(scan, file -> {
            if (wanted != null && !wanted.test(partitionDate(file, dateColumn))) return;
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                    .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, file, data)) {
                while (logical.hasNext()) rows[0] += emit(logical.next(), sink);
            }
        });
        return rows[0];
    }

    /** Takes one data file of a scan (its row of the log: path, partition values, deletion vector). */
    @FunctionalInterface
    private interface FileSink<E extends Exception> {
        void accept(Row file) throws E, IOException;
    }

    /** Gives {@code sink} each data file the scan's snapshot holds, as the log lists them. */
    private <E extends Exception> void forEachFile(Scan scan, FileSink<E> sink) throws E {
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> fileRows = files.next().getRows()) {
                    while (fileRows.hasNext()) sink.accept(fileRows.next());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Delta table " + location, e);
        }
    }

    /** The batch's rows its selection vector keeps (a row deleted by a deletion vector is not), column by name. */
    private <E extends Exception> long emit(FilteredColumnarBatch filtered, RowSink<E> sink) throws E {
        ColumnarBatch batch = filtered.getData();
        StructType schema = batch.getSchema();
        ColumnVector[] vectors = new ColumnVector[columns.size()];
        for (int c = 0; c < columns.size(); c++) vectors[c] = batch.getColumnVector(schema.indexOf(columns.get(c)));
        Optional<ColumnVector> selection = filtered.getSelectionVector();
        long emitted = 0;
        for (int r = 0; r < batch.getSize(); r++) {
            if (selection.isPresent() && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) continue;
            Object[] row = new Object[vectors.length];
            for (int c = 0; c < vectors.length; c++) row[c] = value(vectors[c], r, columns.get(c));
            sink.accept(row);
            emitted++;
        }
        return emitted;
    }

    private void requirePartitionedBy(String column) {
        if (!snapshot.getPartitionColumnNames(engine).contains(column)) {
            throw new IllegalArgumentException(location + " is not partitioned by " + column
                    + " (its partition columns: " + snapshot.getPartitionColumnNames(engine) + ")");
        }
    }

    private LocalDate partitionDate(Row scanFile, String column) {
        Map<String, String> values = InternalScanFileUtils.getPartitionValues(scanFile);
        String v = values.get(column);
        if (v == null) {
            throw new IllegalStateException(location + ": a file of partition " + values + " has no date in " + column);
        }
        return LocalDate.parse(v);
    }

    private Object value(ColumnVector v, int r, String column) {
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
        if (t instanceof ArrayType) {
            ArrayValue a = v.getArray(r);
            List<Object> out = new ArrayList<>(a.getSize());
            for (int i = 0; i < a.getSize(); i++) out.add(value(a.getElements(), i, column));
            return out;
        }
        if (t instanceof MapType) {
            MapValue m = v.getMap(r);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < m.getSize(); i++) out.put(value(m.getKeys(), i, column), value(m.getValues(), i, column));
            return out;
        }
        throw new IllegalStateException(location + ": column " + column + " has type " + t + ", which is not read here");
    }
}
