package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.crm.CrmPages;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of hostile files, generated here (a 50 MB line is not committed): each is quarantined or skipped
 * with one clear line, never a stack trace, and never stops a valid file of the same run or another source;
 * the warehouse's earlier rows stay as they were, and every file's counts add up.
 *
 * <p>Three batches on one warehouse: a baseline (its roster has a row of the future); the corpus (every hostile
 * queue_log file beside a valid one, a roster missing a column, a CDR line in Latin-1, a CRM page of wrong
 * types); a roster with a duplicate key, beside a CDR folder that is missing and a queue_log file over a small
 * {@code ingest_max_file_bytes}.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final int FIFTY_MB = 50 << 20;

    TestWarehouse wh;
    Path outside;
    String baselineBatch;
    Map<Table, List<String>> baseline;
    /** Each batch's run report (what `indicate ingest` prints) and the one line it failed with, if it did. */
    final Map<String, String> reports = new HashMap<>();
    final Map<String, String> failures = new HashMap<>();

    @BeforeAll
    void ingestTheCorpus(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        outside = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");

        baselineBatch = run("baseline", wh.settings(),
                wh.roster(agent("A1", "2026-03-01"), agent("A2", "2026-03-01"), agent("A5", "2099-01-01")),
                queueLogFolder("ql0", 0), cdrFolder("cdr0", 0), crmFolder("crm0", CrmPages.page("tickets",
                        CrmPages.ticket(1, "101", "open", "2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z"))));
        baseline = baselineRows();

        Path ql = queueLogFolder("ql1", 1);
        bomb(ql.resolve("queue_log.bomb.gz"));
        Files.write(ql.resolve("queue_log.truncated.gz"), truncatedGzip(queueLog(2)));
        Files.write(ql.resolve("queue_log.garbage"), garbage());
        Files.write(ql.resolve("queue_log.latin1"), concat(queueLog(3).getBytes(StandardCharsets.UTF_8),
                "1773136800|latin1|support|NONE|ENTERQUEUE||Jörg Säll|1\n".getBytes(StandardCharsets.ISO_8859_1)));
        writeWithLongLine(ql.resolve("queue_log.longline"), queueLog(4));
        Files.createSymbolicLink(ql.resolve("queue_log.link"), outside);
        Files.write(ql.resolve("queue_log.empty"), new byte[0]);
        Path cdr = cdrFolder("cdr1", 1);
        Files.write(cdr.resolve("Master.csv.1"),
                (cdrLine(2).replace("Berg, Anna", "Säll, Jörg") + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Path crm = crmFolder("crm1", CrmPages.page("tickets",
                "{\"id\": \"seven\", \"status\": 3, \"created_at\": 12, \"updated_at\": \"yesterday\"}",
                CrmPages.ticket(2, "101", "open", "2026-03-11T08:00:00Z", "2026-03-11T09:00:00Z")));
        Files.writeString(crm.resolve("page-2.json"), "{\"tickets\": \"none\"}");
        run("corpus", wh.settings(), wh.write("roster", "roster-missing-column.csv",
                        TestWarehouse.ROSTER_HEADER.replace(",team_id", "") + "\nA3,a3,,,,,Team,lead1,agent,2026-03-01\n"),
                ql, cdr, crm);

        Path big = queueLogFolder("ql2", 5);
        Files.writeString(big.resolve("queue_log.1"), (queueLog(7) + queueLog(8) + queueLog(9)).repeat(5));
        run("duplicate roster", wh.settings().with().ingestMaxFileBytes(2_000L).build(),
                wh.write("roster", "roster-duplicate.csv", TestWarehouse.ROSTER_HEADER + "\n"
                        + agent("A4", "2026-03-05") + "\n" + agent("A4", "2026-03-05").replace("Team T1", "Team T2") + "\n"),
                big, dir.resolve("no-such-cdr-folder"), null);
    }

    // ---- the corpus, file by file

    @Test
    void aGzipBombIsRefusedBeforeItIsUnpacked() {
        assertFileQuarantinedWhole("queue_log.bomb.gz",
                "refused file: gzip expands more than 100 times (over 67,");
    }

    @Test
    void aTruncatedGzipIsUnreadable() {
        assertFileQuarantinedWhole("queue_log.truncated.gz",
                "unreadable file: not a readable gzip file (Unexpected end of ZLIB input stream)");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedAndTheOtherFilesOfItsFolderLoad() {
        assertFileQuarantinedWhole("ql2/queue_log.1", "refused file: content is over 2,000 bytes, the ingest_max_file_bytes limit");
        assertLoaded("ql2/queue_log", 3);
    }

    @Test
    void aFiftyMegabyteLineIsQuarantinedWithItsLineNumberAndOnlyItsStart() {
        List<Row> q = quarantine("queue_log.longline");
        assertEquals(1, q.size(), q.toString());
        assertEquals(4, q.get(0).getLong(0), "the line number");
        assertEquals(String.format("line of %,d bytes is longer than ingest_max_line_bytes (1,048,576); only its first 1,024 bytes are kept here",
                FIFTY_MB), q.get(0).getString(2));
        assertEquals("1773136800|" + "x".repeat(1013), q.get(0).getString(1));
        Row log = log("queue_log.longline");
        assertEquals(7, log.getLong(0), "3 lines before it, 3 after");
        assertEquals(6, log.getLong(1), "the lines around it load");
    }

    @Test
    void binaryGarbageIsQuarantinedLineByLine() {
        Row log = log("queue_log.garbage");
        assertTrue(log.getLong(0) > 100, log.toString());
        assertEquals(log.getLong(0), log.getLong(3), "every line of it is quarantined");
        assertEquals(log.getLong(0), quarantine("queue_log.garbage").size());
    }

    @Test
    void aLineThatIsNotUtf8IsQuarantinedNotReplaced() {
        List<Row> q = quarantine("queue_log.latin1");
        assertEquals(1, q.size(), q.toString());
        assertEquals(4, q.get(0).getLong(0));
        assertEquals("not valid UTF-8: byte 0xF6 at byte 45 of the line (files are read as UTF-8)", q.get(0).getString(2));
        assertLoaded("queue_log.latin1", 3);
        List<Row> cdr = quarantine("cdr1/Master.csv.1");
        assertEquals(1, cdr.size(), cdr.toString());
        assertEquals("not valid UTF-8: byte 0xE4 at byte 45 of the line (files are read as UTF-8)", cdr.get(0).getString(2));
    }

    @Test
    void aSymbolicLinkIsNotFollowedAndSaysSoInTheRunReport() {
        assertTrue(reports.get("corpus").contains("queue_log.link: skipped, a symbolic link, not followed (land the file itself)"),
                reports.get("corpus"));
        assertEquals(0, wh.sql("select * from meta.ingest_log where file_name like '%queue_log.link'").size());
        assertEquals(0, wh.sql("select * from bronze.quarantine where _source_file like '%queue_log.link' or raw like '%root:x:0%'").size());
        assertEquals(0, wh.sql("select * from bronze.queue_log where raw like '%root:x:0%'").size());
    }

    @Test
    void anEmptyFileReadsNoRows() {
        Row log = log("queue_log.empty");
        assertEquals(List.of(0L, 0L, 0L, 0L), List.of(log.getLong(0), log.getLong(1), log.getLong(2), log.getLong(3)));
    }

    @Test
    void aRosterWithAMissingColumnIsQuarantinedWholeAndTheQueueLogOfItsRunLoads() {
        assertFileQuarantinedWhole("roster-missing-column.csv", "roster " + wh.folder("roster").resolve("roster-missing-column.csv")
                + ": missing column(s) [team_id]; expected header " + TestWarehouse.ROSTER_HEADER);
        assertLoaded("ql1/queue_log", 3);
        assertLoaded("cdr1/Master.csv", 1);
        assertNull(failures.get("corpus"), "a bad file fails no source");
    }

    @Test
    void aRosterWithADuplicateKeyIsQuarantinedWholeAndAMissingFolderFailsOnlyItsSource() {
        assertFileQuarantinedWhole("roster-duplicate.csv",
                "agent A4 has 2 rows valid from 2026-03-05 (lines 2, 3); each (agent_id, valid_from) may appear once");
        assertLoaded("ql2/queue_log", 3);
        assertTrue(failures.get("duplicate roster").matches("cdr not ingested: folder not found: .*no-such-cdr-folder"),
                failures.get("duplicate roster"));
        assertTrue(reports.get("duplicate roster").contains("  cdr not ingested: folder not found: "), reports.get("duplicate roster"));
    }

    @Test
    void aRosterWithFutureRowsLoadsThemForTheirDate() {
        assertLoaded("roster/roster.csv", 3);
        assertEquals(1, wh.sql("select * from bronze.roster where agent_id = 'A5' and valid_from = '2099-01-01'").size());
    }

    @Test
    void aCrmPageOfWrongTypesIsQuarantinedRecordByRecord() {
        List<Row> q = quarantine("crm1/page-1.json");
        assertEquals(1, q.size(), q.toString());
        assertTrue(q.get(0).getString(2).startsWith("tickets[0]: "), q.get(0).getString(2));
        assertLoaded("crm1/page-1.json", 1);
        assertFileQuarantinedWhole("crm1/page-2.json", "not a Zendesk incremental-export page: expected an object with a tickets,"
                + " ticket_metrics or satisfaction_ratings array");
        assertLoaded("crm0/page-0.json", 1);
    }

    // ---- what holds for every file and batch

    @Test
    void everyReasonIsOneLineWithoutAStackTrace() {
        List<Row> reasons = wh.sql("select distinct reason from bronze.quarantine");
        assertTrue(reasons.size() > 10, reasons.toString());
        for (Row r : reasons) {
            String reason = r.getString(0);
            assertFalse(reason.contains("\n") || reason.contains("Exception") || reason.contains("\tat "), reason);
        }
        reports.values().forEach(report -> assertFalse(report.contains("Exception") || report.contains("\tat "), report));
    }

    @Test
    void everyFilesRowsAddUp() {
        List<Row> logs = wh.sql("select file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined from meta.ingest_log");
        assertTrue(logs.size() >= 18, logs.toString());
        for (Row r : logs) assertEquals(r.getLong(1), r.getLong(2) + r.getLong(3) + r.getLong(4), r.toString());
    }

    @Test
    void nothingAlreadyInTheWarehouseChanged() {
        assertEquals(baseline, baselineRows());
        baseline.forEach((table, rows) -> assertFalse(rows.isEmpty(), table.qualifiedName()));
    }

    // ---- helpers

    private String run(String name, Settings settings, Path roster, Path queueLog, Path cdr, Path crm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            return new Ingest(wh.warehouse(), settings, new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)))
                    .run(roster.toString(), queueLog.toString(), cdr == null ? null : cdr.toString(), crm == null ? null : crm.toString())
                    .id();
        } catch (Ingest.SourcesFailed e) {
            failures.put(name, e.getMessage());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reports.put(name, out.toString(StandardCharsets.UTF_8));
        }
    }

    private Map<Table, List<String>> baselineRows() {
        Map<Table, List<String>> rows = new HashMap<>();
        for (Table t : List.of(Table.BRONZE_ROSTER, Table.BRONZE_QUEUE_LOG, Table.BRONZE_CDR, Table.BRONZE_CRM_TICKET, Table.META_INGEST_LOG)) {
            String batchColumn = t == Table.META_INGEST_LOG ? "batch_id" : "_batch_id";
            rows.put(t, wh.sql("select * from " + t.qualifiedName() + " where " + batchColumn + " = '" + baselineBatch + "'")
                    .stream().map(Row::toString).sorted().toList());
        }
        return rows;
    }

    private static String agent(String id, String validFrom) {
        return id + "," + id.toLowerCase() + ",Agent " + id + ",,PJSIP/201,101,T1,Team T1,lead1,agent," + validFrom;
    }

    /** Three valid lines of a call on day {@code n}, distinct per n. */
    private static String queueLog(int n) {
        String call = "call-" + n;
        return QueueLogLines.stockholm()
                .at("2026-03-1" + (n % 10) + "T10:00:00", call, "support", "NONE", "ENTERQUEUE", "", "+4670" + n, "1")
                .at("2026-03-1" + (n % 10) + "T10:00:05", call, "support", "PJSIP/201", "CONNECT", "5", "b" + n, "1")
                .at("2026-03-1" + (n % 10) + "T10:00:50", call, "support", "PJSIP/201", "COMPLETEAGENT", "5", "45", "1")
                .content();
    }

    private Path queueLogFolder(String name, int n) {
        wh.write(name, "queue_log", queueLog(n + 10));
        return wh.folder(name);
    }

    private static String cdrLine(int n) {
        return String.format(ChunkedIngestTest.CDR, n, n, n, n);
    }

    private Path cdrFolder(String name, int n) {
        wh.write(name, "Master.csv", cdrLine(n) + "\n");
        return wh.folder(name);
    }

    private Path crmFolder(String name, String page) {
        wh.write(name, "page-" + name.charAt(name.length() - 1) + ".json", page);
        return wh.folder(name);
    }

    /** 100 MiB of zeros in about 100 KB: far past any plausible compression of a queue_log. */
    private static void bomb(Path file) throws IOException {
        byte[] zeros = new byte[1 << 20];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < 100; i++) out.write(zeros);
        }
    }

    private static byte[] truncatedGzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        return Arrays.copyOf(whole, whole.length / 2);
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[256 * 1024];
        new Random(13).nextBytes(bytes);
        bytes[0] = 'x'; // not the gzip magic, whatever the seed
        return bytes;
    }

    /** The valid lines, then one line of 50 MB (written a megabyte at a time), then the valid lines again. */
    private static void writeWithLongLine(Path file, String valid) throws IOException {
        byte[] x = new byte[1 << 20];
        Arrays.fill(x, (byte) 'x');
        byte[] start = "1773136800|".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(valid.getBytes(StandardCharsets.UTF_8));
            out.write(start);
            for (int written = start.length; written < FIFTY_MB; written += x.length) {
                out.write(x, 0, Math.min(x.length, FIFTY_MB - written));
            }
            out.write('\n');
            out.write(queueLog(14).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The quarantine records of the file whose path ends with {@code suffix}: line, raw, reason. */
    private List<Row> quarantine(String suffix) {
        return wh.sql("select _source_line, raw, reason from bronze.quarantine where _source_file like '%/" + suffix + "' order by _source_line");
    }

    /** The file's one ingest-log row: rows_in, loaded, duplicate, quarantined. */
    private Row log(String suffix) {
        List<Row> rows = wh.sql("select rows_in, rows_loaded, rows_duplicate, rows_quarantined from meta.ingest_log"
                + " where file_name like '%/" + suffix + "'");
        assertEquals(1, rows.size(), suffix + ": " + rows);
        return rows.get(0);
    }

    private void assertLoaded(String suffix, long rows) {
        assertEquals(rows, log(suffix).getLong(1), suffix + " loaded");
    }

    private void assertFileQuarantinedWhole(String suffix, String reasonStart) {
        List<Row> q = quarantine(suffix);
        assertEquals(1, q.size(), q.toString());
        assertTrue(q.get(0).getString(2).startsWith(reasonStart) || q.get(0).getString(2).contains(reasonStart),
                "expected '" + reasonStart + "', got '" + q.get(0).getString(2) + "'");
        Row log = log(suffix);
        assertEquals(List.of(1L, 0L, 1L), List.of(log.getLong(0), log.getLong(1), log.getLong(3)), suffix);
    }
}
