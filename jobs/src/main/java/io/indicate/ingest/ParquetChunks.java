package io.indicate.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;

/**
 * Writes rows of flat values as one Parquet file from the calling thread, with Parquet's own writer, in the types
 * Spark reads back for a {@link StructType} of strings, longs, integers, dates and timestamps (dates as days since
 * 1970-01-01, timestamps as microseconds, UTC). For a staging file that Spark reads once: no Spark job on the way in.
 */
final class ParquetChunks {
    private ParquetChunks() {
    }

    /** Writes {@code rows} (each the values of {@code schema}'s fields, in order; null where empty) to {@code file}. */
    static void write(Path file, Configuration conf, StructType schema, List<Object[]> rows) {
        Support support = new Support(schema);
        try (ParquetWriter<Object[]> writer = new Builder(file, conf, support)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // staged once and removed: the hashes and raw lines are unique, a dictionary only costs time
                .withDictionaryEncoding(false)
                .build()) {
            for (Object[] row : rows) writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write staging file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows of the files under {@code path}, as rows of {@code schema}. Dates and times are read as written
     * (proleptic Gregorian, as Spark 3 writes them): a file without Spark's own footer would otherwise be refused
     * for a date before 1582 or a time before 1900 ({@code datetimeRebaseMode} EXCEPTION, Spark's default).
     */
    static Dataset<Row> read(SparkSession spark, StructType schema, String path) {
        return spark.read().schema(schema).option("datetimeRebaseMode", "CORRECTED").parquet(path);
    }

    /** The Parquet schema Spark reads as {@code schema}. */
    static MessageType messageType(StructType schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (StructField f : schema.fields()) message.addField(column(f.name(), f.dataType()));
        return message.named("spark_schema");
    }

    private static Type column(String name, DataType type) {
        if (type.equals(DataTypes.StringType)) {
            return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        if (type.equals(DataTypes.LongType)) return Types.optional(PrimitiveTypeName.INT64).named(name);
        if (type.equals(DataTypes.IntegerType)) return Types.optional(PrimitiveTypeName.INT32).named(name);
        if (type.equals(DataTypes.DateType)) {
            return Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
        }
        if (type.equals(DataTypes.TimestampType)) {
            return Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        }
        throw new IllegalArgumentException("column " + name + ": no staging encoding for " + type.simpleString());
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final Support support;

        Builder(Path file, Configuration conf, Support support) throws IOException {
            super(HadoopOutputFile.fromPath(file, conf));
            withConf(conf);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    private static final class Support extends WriteSupport<Object[]> {
        private final String[] names;
        private final DataType[] types;
        private final MessageType type;
        private RecordConsumer out;

        Support(StructType schema) {
            this.names = schema.fieldNames();
            this.types = new DataType[names.length];
            for (int i = 0; i < names.length; i++) types[i] = schema.fields()[i].dataType();
            this.type = messageType(schema);
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(type, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            out.startMessage();
            for (int i = 0; i < names.length; i++) {
                Object v = row[i];
                if (v == null) continue;
                out.startField(names[i], i);
                DataType t = types[i];
                if (t == DataTypes.StringType) out.addBinary(Binary.fromString((String) v));
                else if (t == DataTypes.LongType) out.addLong(((Number) v).longValue());
                else if (t == DataTypes.IntegerType) out.addInteger(((Number) v).intValue());
                else if (t == DataTypes.DateType) out.addInteger(Math.toIntExact(((Date) v).toLocalDate().toEpochDay()));
                else out.addLong(micros(((Timestamp) v).toInstant()));
                out.endField(names[i], i);
            }
            out.endMessage();
        }

        private static long micros(Instant t) {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
        }
    }
}
