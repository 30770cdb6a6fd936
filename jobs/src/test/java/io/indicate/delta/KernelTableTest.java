package io.indicate.delta;

import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KernelTable} reads a Delta table's latest version without Spark as Spark reads it: the same rows (a row a
 * later write deleted is gone), the values as plain Java objects, the same schema; a date's files are opened only
 * when that date is wanted, and the dates held are read from the log alone.
 */
@WarehouseTest
class KernelTableTest {
    private static final LocalDate D1 = LocalDate.of(2026, 3, 2);
    private static final LocalDate D2 = LocalDate.of(2026, 3, 3);
    private static final LocalDate D3 = LocalDate.of(2026, 3, 4);

    private static Configuration conf() {
        return TestWarehouse.spark().sparkContext().hadoopConfiguration();
    }

    /** Three dates, two files on D1, one row of D3 deleted afterwards (its file rewritten), nulls, arrays and maps. */
    private static String table(Path dir) {
        SparkSession spark = TestWarehouse.spark();
        String path = dir.resolve("t").toString();
        String columns = "as t(date_local, name, n, amount, at, days, by_name)";
        spark.sql("select * from values "
                + "(DATE'2026-03-02', 'a', 1L, cast(2.50 as decimal(9,2)), TIMESTAMP'2026-03-02 08:15:00.000001', array(DATE'2026-03-01'), map('x', array(DATE'2026-03-02'))), "
                + "(DATE'2026-03-03', 'b', cast(null as bigint), cast(null as decimal(9,2)), cast(null as timestamp), cast(null as array<date>), cast(null as map<string, array<date>>)), "
                + "(DATE'2026-03-04', 'c', 3L, cast(-1.25 as decimal(9,2)), TIMESTAMP'1969-12-31 23:59:59.5', cast(array() as array<date>), cast(map() as map<string, array<date>>)) " + columns)
                .write().format("delta").partitionBy("date_local").save(path);
        spark.sql("select * from values (DATE'2026-03-02', 'd', 4L, cast(0 as decimal(9,2)), TIMESTAMP'2026-03-02 09:00:00', "
                + "array(DATE'2026-03-01', cast(null as date)), map('y', cast(array() as array<date>), 'z', cast(null as array<date>))) " + columns)
                .write().format("delta").mode("append").save(path);
        spark.sql("select * from values (DATE'2026-03-04', 'e', 5L, cast(1 as decimal(9,2)), TIMESTAMP'2026-03-04 10:00:00', cast(array() as array<date>), cast(map() as map<string, array<date>>)) " + columns)
                .write().format("delta").mode("append").save(path);
        spark.sql("DELETE FROM delta.`" + path + "` WHERE name = 'e'");
        return path;
    }

    private static List<List<Object>> sorted(List<Object[]> rows) {
        List<List<Object>> out = new ArrayList<>(rows.stream().map(Arrays::asList).toList());
        out.sort((a, b) -> ((String) a.get(1)).compareTo((String) b.get(1)));
        return out;
    }

    @Test
    void everyRowOfTheLatestVersionWithItsValuesAsJavaObjects(@TempDir Path dir) {
        KernelTable t = KernelTable.latest(table(dir), conf());
        List<Object[]> rows = new ArrayList<>();
        Map<String, List<LocalDate>> emptyAndNull = new HashMap<>();
        emptyAndNull.put("y", List.of());
        emptyAndNull.put("z", null);

        long n = t.forEachRow(rows::add);

        assertEquals(List.of("date_local", "name", "n", "amount", "at", "days", "by_name"), t.columns());
        assertEquals(4, n, "the rows handed over");
        assertEquals(List.of(
                Arrays.asList(D1, "a", 1L, new BigDecimal("2.50"), Instant.parse("2026-03-02T08:15:00.000001Z"), List.of(LocalDate.of(2026, 3, 1)),
                        Map.of("x", List.of(D1))),
                Arrays.asList(D2, "b", null, null, null, null, null),
                Arrays.asList(D3, "c", 3L, new BigDecimal("-1.25"), Instant.parse("1969-12-31T23:59:59.500Z"), List.of(), Map.of()),
                Arrays.asList(D1, "d", 4L, new BigDecimal("0.00"), Instant.parse("2026-03-02T09:00:00Z"), Arrays.asList(LocalDate.of(2026, 3, 1), null),
                        emptyAndNull)),
                sorted(rows), "row 'e', deleted after it was written, is not read");
    }

    @Test
    void theFilesOfDatesNotWantedAreNotOpened(@TempDir Path dir) throws IOException {
        String path = table(dir);
        // D2's data files are gone from disk: only a read that opens them can notice
        try (Stream<Path> files = Files.list(Path.of(path, "date_local=" + D2))) {
            for (Path f : files.toList()) Files.delete(f);
        }
        KernelTable t = KernelTable.latest(path, conf());
        List<Object[]> rows = new ArrayList<>();

        long n = t.forEachRowOn("date_local", d -> !d.equals(D2), rows::add);

        assertEquals(3, n);
        assertEquals(List.of("a", "c", "d"), sorted(rows).stream().map(r -> r.get(1)).toList());
        assertThrows(RuntimeException.class, () -> t.forEachRowOn("date_local", D2::equals, r -> {}),
                "D2's own read does open its (missing) file");
    }

    @Test
    void theDatesHeldAreReadFromTheLogAndADateDeletedIsGone(@TempDir Path dir) {
        String path = table(dir);
        assertEquals(new TreeSet<>(List.of(D1, D2, D3)), KernelTable.latest(path, conf()).partitionDates("date_local"));

        TestWarehouse.spark().sql("DELETE FROM delta.`" + path + "` WHERE date_local = DATE'2026-03-03'");

        assertEquals(new TreeSet<>(List.of(D1, D3)), KernelTable.latest(path, conf()).partitionDates("date_local"));
    }

    @Test
    void aColumnTheTableIsNotPartitionedByIsRefusedNamingTheTable(@TempDir Path dir) {
        String path = table(dir);
        KernelTable t = KernelTable.latest(path, conf());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.partitionDates("name"));
        assertTrue(e.getMessage().contains(path) && e.getMessage().contains("date_local"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.forEachRowOn("name", d -> true, r -> {}));
    }

    @Test
    void theSchemaOfEveryPublishedTableIsTheOneSparkReads(@TempDir Path dir) {
        TestWarehouse wh = new TestWarehouse(dir);
        List<Table> tables = new ArrayList<>(Table.published());
        tables.add(Table.META_BUILD_LOG);
        tables.add(Table.SILVER_DIM_AGENT);
        for (Table table : tables) {
            assertEquals(wh.warehouse().schema(table), KernelTable.latest(wh.warehouse().location(table), conf()).sparkSchema(),
                    table.qualifiedName() + ": names, order, types and nullability");
        }
    }
}
