package io.indicate.export;

import io.indicate.cli.IndicateCli;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code indicate export} writes every row of a mart as its Delta table holds it now, read without Spark: the
 * header in the table's column order, rows in key order whatever files they sit in, the value rules of
 * {@link CsvExport} (local wall clock for {@code *_local}, instants with 'Z' otherwise, plain decimals, empty for
 * null; a double as Java prints it, in plain digits: 1.0E-5 is 0.000010).
 */
@WarehouseTest
class CsvExportTest {
    private static final String COLUMNS = "date_local, interval_start_local, interval_start_utc, utc_offset, queue, offered, answered, "
            + "answered_within_sl, abandoned, short_abandoned, timed_out, answered_wait_s, max_wait_s, _refreshed_at, "
            + "service_level_pct, abandon_rate_pct, asa_s";

    @Test
    void everyRowOfTheMartInKeyOrderWithItsValuesFormatted(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        // two appends, so two files, each out of key order; then one row of the first is replaced by a later write
        wh.warehouse().append(Table.GOLD_KPI_QUEUE_INTERVAL, wh.warehouse().sql("select * from values "
                + "(DATE'2026-03-03', TIMESTAMP'2026-03-03 09:15:00', TIMESTAMP'2026-03-03 08:15:00', '+01:00', 'support', 3, 2, 2, 1, 0, 0, 30, 25, "
                + "TIMESTAMP'2026-03-03 12:00:00', 66.66666666666667, 33.333333333333336, 15.0), "
                + "(DATE'2026-03-02', TIMESTAMP'2026-03-02 09:00:00', TIMESTAMP'2026-03-02 08:00:00', '+01:00', 'support', 1, 1, 1, 0, 0, 0, 4, 4, "
                + "TIMESTAMP'2026-03-02 12:00:00', 100.0, 0.0, 4.0) as t(" + COLUMNS + ")"));
        wh.warehouse().append(Table.GOLD_KPI_QUEUE_INTERVAL, wh.warehouse().sql("select * from values "
                + "(DATE'2026-03-02', TIMESTAMP'2026-03-02 09:00:00', TIMESTAMP'2026-03-02 08:00:00', '+01:00', 'billing', 0, 0, 0, 0, 0, 0, 0, "
                + "cast(null as int), TIMESTAMP'2026-03-02 12:00:00', cast(null as double), cast(null as double), cast(null as double)), "
                + "(DATE'2026-03-02', TIMESTAMP'2026-03-02 08:45:00', TIMESTAMP'2026-03-02 07:45:00', '+01:00', 'support', 100000, 1, 1, 0, 0, 0, 1, 1, "
                + "TIMESTAMP'2026-03-02 12:00:00', 0.00001, 0.0, 1.0) as t(" + COLUMNS + ")"));
        wh.warehouse().delete(Table.GOLD_KPI_QUEUE_INTERVAL, "queue = 'support' and date_local = DATE'2026-03-03'");
        wh.warehouse().append(Table.GOLD_KPI_QUEUE_INTERVAL, wh.warehouse().sql("select * from values "
                + "(DATE'2026-03-03', TIMESTAMP'2026-03-03 09:15:00', TIMESTAMP'2026-03-03 08:15:00', '+01:00', 'support', 4, 3, 3, 1, 0, 0, 36, 25, "
                + "TIMESTAMP'2026-03-03 12:15:00', 75.0, 25.0, 12.0) as t(" + COLUMNS + ")"));
        Path out = dir.resolve("out/queue_interval.csv");

        int rc = new CommandLine(new IndicateCli()).execute("export", "kpi_queue_interval", "--warehouse", wh.settings().warehouse(),
                "--out", out.toString());

        assertEquals(0, rc);
        assertEquals(List.of(
                "date_local,interval_start_local,interval_start_utc,utc_offset,queue,offered,answered,answered_within_sl,abandoned,"
                        + "short_abandoned,timed_out,answered_wait_s,max_wait_s,_refreshed_at,service_level_pct,abandon_rate_pct,asa_s",
                "2026-03-02,2026-03-02T08:45,2026-03-02T07:45:00Z,+01:00,support,100000,1,1,0,0,0,1,1,2026-03-02T12:00:00Z,0.000010,0.0,1.0",
                "2026-03-02,2026-03-02T09:00,2026-03-02T08:00:00Z,+01:00,billing,0,0,0,0,0,0,0,,2026-03-02T12:00:00Z,,,",
                "2026-03-02,2026-03-02T09:00,2026-03-02T08:00:00Z,+01:00,support,1,1,1,0,0,0,4,4,2026-03-02T12:00:00Z,100.0,0.0,4.0",
                "2026-03-03,2026-03-03T09:15,2026-03-03T08:15:00Z,+01:00,support,4,3,3,1,0,0,36,25,2026-03-03T12:15:00Z,75.0,25.0,12.0"),
                Files.readAllLines(out), "the export of the table's current rows");
    }

    @Test
    void aWarehouseNotYetCreatedIsCreatedAndItsEmptyMartExported(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("new-warehouse");
        Path out = dir.resolve("daily.csv");

        int rc = new CommandLine(new IndicateCli()).execute("export", "kpi_queue_daily", "--warehouse", root.toString(), "--out", out.toString());

        assertEquals(0, rc);
        List<String> lines = Files.readAllLines(out);
        assertEquals(1, lines.size(), "a header and no rows: " + lines);
        assertTrue(lines.get(0).startsWith("date_local,queue,offered,"), lines.get(0));
        assertFalse(Files.notExists(root.resolve("gold/kpi_agent_daily/_delta_log")), "the warehouse's tables were created");
    }

    @Test
    void textSortsByItsUtf8BytesAndNumbersAsSqlDoes() {
        // a character beyond U+FFFF (two UTF-16 units starting 0xD8xx) sorts after U+FFxx in UTF-8, before it in UTF-16
        assertTrue(CsvExport.compareValues("\uD83D\uDE00", "\uFF21") > 0);
        assertTrue(CsvExport.compareValues(Double.NaN, Double.POSITIVE_INFINITY) > 0);
        assertEquals(0, CsvExport.compareValues(-0.0, 0.0));
        assertTrue(CsvExport.compareValues(null, "a") < 0, "nulls first");
    }
}
