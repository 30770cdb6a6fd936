package io.indicate.ingest;

import io.indicate.testing.ModelTest;
import io.indicate.testing.TestWarehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the driver stages, Spark reads back as the same values of the schema's types, nulls and times before the
 * Gregorian calendar's start included.
 */
@ModelTest
class ParquetChunksTest {
    private static final StructType SCHEMA = new StructType()
            .add("line_hash", DataTypes.StringType).add("epoch", DataTypes.LongType)
            .add("raw", DataTypes.StringType).add("event_date", DataTypes.DateType)
            .add("_ingested_at", DataTypes.TimestampType).add("_slot", DataTypes.IntegerType);

    @Test
    void sparkReadsBackEveryValueAndEveryNull(@TempDir Path dir) {
        Timestamp ingested = Timestamp.from(Instant.parse("2026-10-25T01:30:15.123456Z"));
        List<Object[]> rows = List.of(
                new Object[]{"ab01", 1_774_746_000L, "1774746000|c1|support|Agent/1001|CONNECT|3|c1.1|2 – Åsa", Date.valueOf(LocalDate.of(2026, 3, 29)), ingested, 0},
                new Object[]{"ab02", -1L, null, Date.valueOf(LocalDate.of(1969, 12, 31)), null, 7},
                new Object[]{null, null, "", null, ingested, null},
                // a CRM export may hold a nonsense time: read back as written, not refused as an old calendar's
                new Object[]{"ab03", 0L, "old", Date.valueOf(LocalDate.of(1500, 3, 1)),
                        Timestamp.from(Instant.parse("1850-06-01T12:00:00Z")), 1});
        Configuration conf = new Configuration();
        ParquetChunks.write(new org.apache.hadoop.fs.Path(dir.resolve("a").toUri()), conf, SCHEMA, rows.subList(0, 2));
        ParquetChunks.write(new org.apache.hadoop.fs.Path(dir.resolve("b").toUri()), conf, SCHEMA, rows.subList(2, 4));

        List<Row> read = ParquetChunks.read(TestWarehouse.spark(), SCHEMA, dir.toString()).collectAsList();
        List<List<Object>> got = read.stream()
                .map(r -> Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
                .sorted((x, y) -> String.valueOf(x.get(0)).compareTo(String.valueOf(y.get(0))))
                .toList();
        assertEquals(rows.stream().map(Arrays::asList).sorted((x, y) -> String.valueOf(x.get(0)).compareTo(String.valueOf(y.get(0)))).toList(),
                got);
    }

    @Test
    void aTypeItCannotStageIsRefusedByName() {
        StructType withDouble = new StructType().add("rate", DataTypes.DoubleType);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParquetChunks.messageType(withDouble));
        assertEquals("column rate: no staging encoding for double", e.getMessage());
    }
}
