package io.indicate.build;

import io.indicate.testing.WarehouseTest;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Awkward deliveries, run after run: a file Asterisk is still writing (half-written last line), the same file
 * grown later, a re-delivered copy under another name, a duplicated line, garbage lines, and calls whose events
 * arrive in two runs. The tests run in order on one warehouse; a second warehouse that receives the final
 * files once is the reference the incremental result must equal.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalIngestTest {
    private static final LocalDate DAY1 = LocalDate.parse("2026-03-10");
    private static final LocalDate DAY2 = LocalDate.parse("2026-03-11");

    TestWarehouse wh;
    Path dir;
    Path roster;
    String firstPart;
    String rest;
    Map<Table, Long> versionsAfterSecondBuild = new HashMap<>();
    BuildPlan secondPlan;

    @BeforeAll
    void setUp(@TempDir Path dir) {
        this.dir = dir;
        wh = new TestWarehouse(dir.resolve("incremental"));
        roster = wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01");
        QueueLogLines q = QueueLogLines.stockholm();
        String k4Enter = q.at("2026-03-11T09:10:00", "k4", "support", "NONE", "ENTERQUEUE", "", "+46704", "1").lines().get(0);
        QueueLogLines first = QueueLogLines.stockholm()
                .at("2026-03-10T10:00:00", "k1", "support", "NONE", "ENTERQUEUE", "", "+46701", "1")
                .at("2026-03-10T10:00:05", "k1", "support", "PJSIP/201", "CONNECT", "5", "b1", "1")
                .at("2026-03-10T10:00:05", "k1", "support", "PJSIP/201", "CONNECT", "5", "b1", "1")
                .text("not a queue_log line")
                .at("2026-03-10T10:01:05", "k1", "support", "PJSIP/201", "COMPLETEAGENT", "5", "60", "1")
                .at("2026-03-11T08:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-11T09:00:00", "k2", "support", "NONE", "ENTERQUEUE", "", "+46702", "1")
                .at("2026-03-11T09:00:08", "k2", "support", "PJSIP/201", "CONNECT", "8", "b2", "1")
                .at("2026-03-11T09:00:09", "x", "support", "PJSIP/201", "CONNECT", "abc", "b", "1")
                .at("2026-03-11T09:05:00", "k3", "support", "NONE", "ENTERQUEUE", "", "+46703", "1");
        // Asterisk is half-way through writing k4's ENTERQUEUE when the file is picked up
        firstPart = first.content() + k4Enter.substring(0, 20);
        rest = k4Enter.substring(20) + "\n" + QueueLogLines.stockholm()
                .at("2026-03-11T09:05:20", "k3", "support", "NONE", "ABANDON", "1", "1", "20")
                .at("2026-03-11T09:10:02", "k4", "support", "NONE", "ABANDON", "1", "1", "2")
                .at("2026-03-11T09:12:08", "k2", "support", "PJSIP/201", "COMPLETEAGENT", "8", "720", "1")
                .at("2026-03-11T17:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER")
                .content();
        wh.write("ql", "queue_log", firstPart);
        wh.ingest(roster, wh.folder("ql"));
        wh.build();
    }

    private Row lastIngest() {
        return wh.one("select * from meta.ingest_log where source = 'queue_log' and file_name like '%/queue_log'"
                + " order by ingested_at desc limit 1");
    }

    private static long l(Row r, String c) {
        return ((Number) r.getAs(c)).longValue();
    }

    @Test
    @Order(1)
    void everyLineReadIsLoadedDuplicateOrQuarantinedAndAHalfWrittenLineWaits() {
        Row r = lastIngest();
        assertEquals(10, l(r, "rows_in"));
        assertEquals(7, l(r, "rows_loaded"));
        assertEquals(1, l(r, "rows_duplicate"), "k1's CONNECT was written twice");
        assertEquals(2, l(r, "rows_quarantined"));
        assertEquals(l(r, "rows_in"), l(r, "rows_loaded") + l(r, "rows_duplicate") + l(r, "rows_quarantined"));
        assertEquals(1, l(r, "rows_pending"));
        List<Row> q = wh.sql("select _source_line, reason from bronze.quarantine order by _source_line");
        assertEquals(4, q.get(0).getLong(0));
        assertTrue(q.get(0).getString(1).startsWith("expected at least 5"), q.get(0).getString(1));
        assertEquals(9, q.get(1).getLong(0));
        assertTrue(q.get(1).getString(1).contains("CONNECT holdtime (data1) 'abc' is not a whole number"), q.get(1).getString(1));
    }

    @Test
    @Order(2)
    void aCallIsCountedWhenItsOutcomeIsKnownNotBefore() {
        Row day2 = wh.one("select * from gold.kpi_queue_daily where date_local = DATE'" + DAY2 + "'");
        assertEquals(1, l(day2, "offered"), "k2 answered; k3 and the half-written k4 are still waiting");
        Row agent = wh.one("select * from gold.kpi_agent_daily where date_local = DATE'" + DAY2 + "'");
        assertEquals(1, l(agent, "calls_answered"));
        assertEquals(0, l(agent, "calls_completed"));
    }

    @Test
    @Order(3)
    void theGrownFileIsReadFromWhereTheLastBatchStoppedAndACopyUnderAnotherNameIsSkipped() throws IOException {
        wh.writeGzip("ql", "queue_log-redelivered.gz", firstPart);
        Files.writeString(wh.folder("ql").resolve("queue_log"), rest, StandardOpenOption.APPEND);
        String report = wh.ingestReport(roster, wh.folder("ql"));
        assertTrue(report.contains("queue_log-redelivered.gz: skipped, same content as "), "a copy under another name is listed: " + report);
        assertFalse(report.contains("roster.csv: skipped"), "a file loaded before under its own name is counted, not listed: " + report);
        assertTrue(report.contains("  1 file(s) loaded by earlier runs: skipped\n  roster: 1 file(s) (1 skipped)"), report);
        Row r = lastIngest();
        assertEquals(5, l(r, "rows_in"), "only the lines after the previous end");
        assertEquals(5, l(r, "rows_loaded"));
        assertEquals(11, wh.one("select _source_line from bronze.queue_log where callid = 'k4' and event = 'ENTERQUEUE'").getLong(0),
                "the completed line keeps its line number in the file");
        assertTrue(wh.sql("select * from meta.ingest_log where file_name like '%redelivered%'").isEmpty(),
                "the copy has the content already loaded: skipped");
        secondPlan = wh.build();
        assertTrue(secondPlan.dates().contains(DAY2));
        assertFalse(secondPlan.dates().contains(DAY1), "nothing new for day 1: it is not rebuilt");
        for (Table t : Table.gold()) versionsAfterSecondBuild.put(t, wh.warehouse().version(t));
    }

    @Test
    @Order(4)
    void eventsArrivingInALaterRunCompleteTheirCallOnce() {
        Row day2 = wh.one("select * from gold.kpi_queue_daily where date_local = DATE'" + DAY2 + "'");
        assertEquals(3, l(day2, "offered"));
        assertEquals(1, l(day2, "abandoned"));
        assertEquals(1, l(day2, "short_abandoned"));
        Row agent = wh.one("select * from gold.kpi_agent_daily where date_local = DATE'" + DAY2 + "'");
        assertEquals(1, l(agent, "calls_answered"));
        assertEquals(1, l(agent, "calls_completed"));
        assertEquals(720, l(agent, "talk_s"));
        assertEquals(9 * 3600, l(agent, "logged_in_s"));
    }

    @Test
    @Order(5)
    void ingestingTheSameFilesAgainChangesNoTable() {
        wh.ingest(roster, wh.folder("ql"));
        BuildPlan plan = wh.build();
        assertTrue(plan.isEmpty(), "nothing new: " + plan);
        for (Table t : Table.gold()) assertEquals(versionsAfterSecondBuild.get(t), wh.warehouse().version(t), t.qualifiedName());
    }

    @Test
    @Order(6)
    void theIncrementalResultEqualsOneBuildOverTheSameFiles() {
        Map<Table, List<String>> incremental = new HashMap<>();
        for (Table t : Table.gold()) incremental.put(t, wh.snapshot(t));

        TestWarehouse reference = new TestWarehouse(dir.resolve("reference"));
        reference.write("ql", "queue_log", firstPart + rest);
        reference.ingest(reference.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01"),
                reference.folder("ql"));
        reference.build();
        for (Table t : Table.gold()) {
            if (t == Table.GOLD_DATA_QUALITY_DAILY) continue;
            assertEquals(reference.snapshot(t), incremental.get(t), t.qualifiedName());
        }
        String counts = "select source, sum(rows_in), sum(rows_loaded), sum(rows_duplicate), sum(rows_quarantined)"
                + " from gold.data_quality_daily where `check` = 'ingest' group by source order by source";
        assertEquals(reference.sql(counts).toString(), reopen().sql(counts).toString());
    }

    @Test
    @Order(7)
    void aFullRebuildGivesTheSameMartsAsTheIncrementalRuns() {
        TestWarehouse w = reopen();
        Map<Table, List<String>> before = new HashMap<>();
        for (Table t : Table.gold()) before.put(t, w.snapshot(t));
        w.buildFull();
        for (Table t : Table.gold()) assertEquals(before.get(t), w.snapshot(t), "full rebuild " + t.qualifiedName());
    }

    /** The catalog names the last warehouse opened; open this one again to query it by name. */
    private TestWarehouse reopen() {
        wh = new TestWarehouse(dir.resolve("incremental"));
        return wh;
    }
}
