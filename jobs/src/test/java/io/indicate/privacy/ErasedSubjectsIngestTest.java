package io.indicate.privacy;

import io.indicate.build.BuildPlan;
import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.quality.DataQualityChecks;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static io.indicate.crm.CrmPages.metric;
import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.rating;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An erased person stays erased: after {@code forget} of caller +46701111111 and requester 9001, the files they
 * were in come again, grown and under new names (Asterisk appended lines, then rotated {@code queue_log} to
 * {@code queue_log.1}; the CDR likewise; the CRM export was pulled again with one more ticket of the requester),
 * and the second ingest drops their records before writing them, counting them as erased:
 * queue_log.1 has the 7 lines read before (c1's ENTERQUEUE with the number, c1's CONNECT and COMPLETECALLER,
 * c2's three lines, an unreadable line with the number) and 2 new ones (c4); CDR Master.csv.1 the 2 rows read
 * before (one to the caller) and one new; the CRM pages ticket 1 (9001), ticket 2 (9002) and the new ticket 4
 * (9001), and ticket 1's and 2's metrics and ratings.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasedSubjectsIngestTest {
    private static final String CALLER = "+46701111111";

    TestWarehouse wh;
    String report;

    @BeforeAll
    void ingestForgetAndIngestAgain(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01");
        QueueLogLines first = QueueLogLines.stockholm()
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", CALLER, "1")
                .at("2026-03-10T09:00:10", "c1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-10T09:02:10", "c1", "support", "PJSIP/201", "COMPLETECALLER", "10", "120", "1")
                .at("2026-03-10T10:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T10:00:10", "c2", "support", "PJSIP/201", "CONNECT", "10", "b2", "1")
                .at("2026-03-10T10:01:10", "c2", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1")
                .text("garbled line from +46 70-111 11 11 at 2026-03-10 10:00");
        Path queueLog = wh.write("ql", "queue_log", first.content());
        String cdr = "\"\",\"201\",\"%s\",\"from-internal\",\"A1 <201>\",\"PJSIP/201-0000000%d\",\"PJSIP/trunk-1\",\"Dial\",\"x\","
                + "\"2026-03-10 %s\",\"2026-03-10 %s\",\"2026-03-10 %s\",%d,%d,\"ANSWERED\",\"DOCUMENTATION\",\"u%d\",\"\"\n";
        String cdrBefore = cdr.formatted(CALLER, 1, "11:00:00", "11:00:05", "11:01:05", 65, 60, 1)
                + cdr.formatted("+46702222222", 2, "12:00:00", "12:00:05", "12:00:35", 35, 30, 2);
        Path master = wh.write("cdr", "Master.csv", cdrBefore);
        String ticket1 = ticket(1, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z");
        String ticket2 = ticket(2, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T11:00:00Z");
        String metrics = page("ticket_metrics", metric(1, 10, 100, 0, "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z"),
                metric(2, 20, 200, 0, "2026-03-10T11:00:00Z", "2026-03-10T11:00:00Z"));
        String ratings = page("satisfaction_ratings", rating(7, 1, "101", "good", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z"),
                rating(8, 2, "101", "bad", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z"));
        wh.write("crm", "tickets.json", page("tickets", ticket1, ticket2));
        wh.write("crm", "metrics.json", metrics);
        wh.write("crm", "ratings.json", ratings);
        ingest(roster, "ql", "cdr", "crm");
        wh.build();

        Erasure erasure = new Erasure(wh.warehouse(), wh.pseudonymiser());
        Erasure.Report caller = erasure.forgetCaller("+46 70-111 11 11");
        Erasure.Report requester = erasure.forgetRequester("9001");
        TreeSet<java.time.LocalDate> dates = new TreeSet<>(caller.datesToRebuild());
        dates.addAll(requester.datesToRebuild());
        wh.builder().run(new BuildPlan("forget", List.of(), dates));

        // Asterisk appends to the files, then rotates them; the CRM export is pulled again into a new folder
        Files.delete(queueLog);
        wh.write("ql", "queue_log.1", first
                .at("2026-03-10T13:00:00", "c4", "support", "NONE", "ENTERQUEUE", "", "+46703333333", "1")
                .at("2026-03-10T13:00:20", "c4", "support", "NONE", "ABANDON", "1", "1", "20")
                .content());
        Files.delete(master);
        wh.write("cdr", "Master.csv.1", cdrBefore + cdr.formatted("+46703333333", 3, "14:00:00", "14:00:05", "14:00:35", 35, 30, 3));
        wh.write("crm2", "tickets.json", page("tickets", ticket1, ticket2,
                ticket(4, "101", "open", "2026-03-10T15:00:00Z", "2026-03-10T15:00:00Z").replace("\"requester_id\": 9004", "\"requester_id\": 9001"),
                // a broken record (no time) of the requester: not quarantined with their id in it
                ticket(5, "101", "open", "2026-03-10T15:00:00Z", "later").replace("\"requester_id\": 9005", "\"requester_id\": \"9001\"")));
        // pulled again to the end of the stream: the same records, a page that differs
        wh.write("crm2", "metrics.json", metrics.replace("\"end_of_stream\": false", "\"end_of_stream\": true"));
        wh.write("crm2", "ratings.json", ratings.replace("\"end_of_stream\": false", "\"end_of_stream\": true"));
        report = ingest(roster, "ql", "cdr", "crm2");
        wh.build();
    }

    private String ingest(Path roster, String queueLog, String cdr, String crm) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Ingest(wh.warehouse(), wh.settings(), new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)), wh::pseudonymiser)
                .run(roster.toString(), wh.folder(queueLog).toString(), wh.folder(cdr).toString(), wh.folder(crm).toString());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCallersLinesAreNotBackAndAreCountedAsErased() {
        assertEquals(0L, wh.one("select count(*) from bronze.queue_log where instr(raw, '46701111111') > 0").getLong(0));
        assertEquals(0L, wh.one("select count(*) from bronze.cdr where instr(raw, '46701111111') > 0").getLong(0));
        assertEquals(0L, wh.one("select count(*) from silver.fact_queue_call where caller_hash = '"
                + wh.pseudonymiser().ofPhoneNumber(CALLER) + "'").getLong(0));
        assertEquals("[2, 3]", wh.sql("select count(*) from bronze.queue_log where callid = 'c4' union all"
                + " select count(*) from bronze.queue_log where callid = 'c2'").stream().map(r -> r.getLong(0)).toList().toString(),
                "the new lines are loaded, the other caller's are there once");
        assertEquals(List.of("+46702222222", "+46703333333"), wh.sql("select dst from bronze.cdr order by dst").stream()
                .map(r -> r.getString(0)).toList());
        assertEquals(0L, wh.one("select count(*) from bronze.quarantine where instr(raw, '111 11 11') > 0").getLong(0),
                "the unreadable line with the number is not quarantined again");
    }

    @Test
    void everyFilesCountsAddUpWithTheErasedRecords() {
        assertEquals(List.of(
                        "cdr Master.csv.1 in=3 loaded=1 duplicate=1 quarantined=0 erased=1",
                        "crm metrics.json in=2 loaded=0 duplicate=1 quarantined=0 erased=1",
                        "crm ratings.json in=2 loaded=0 duplicate=1 quarantined=0 erased=1",
                        "crm tickets.json in=4 loaded=0 duplicate=1 quarantined=0 erased=3",
                        "queue_log queue_log.1 in=9 loaded=2 duplicate=5 quarantined=0 erased=2"),
                wh.sql("select source, file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined, rows_erased"
                        + " from meta.ingest_log where rows_erased > 0 order by source, file_name").stream()
                        .map(r -> r.getString(0) + " " + Path.of(r.getString(1)).getFileName() + " in=" + r.getLong(2) + " loaded=" + r.getLong(3)
                                + " duplicate=" + r.getLong(4) + " quarantined=" + r.getLong(5) + " erased=" + r.getLong(6)).toList());
        assertEquals(0L, wh.one("select count(*) from meta.ingest_log"
                + " where rows_in <> rows_loaded + rows_duplicate + rows_quarantined + rows_erased").getLong(0));
        assertTrue(report.contains("queue_log.1: read 9, loaded 2, duplicate 5, quarantined 0, erased 2"), report);
        assertTrue(report.contains("  queue_log: 1 file(s) (0 skipped), read 9, loaded 2, duplicate 5, quarantined 0, erased 2, pending 0"), report);
        Row quality = wh.one("select sum(rows_in), sum(rows_loaded) + sum(rows_duplicate) + sum(rows_quarantined) + sum(rows_erased), sum(rows_erased)"
                + " from gold.data_quality_daily where `check` = 'ingest'");
        assertEquals(quality.getLong(0), quality.getLong(1), "the quality mart adds up too");
        assertEquals(8L, quality.getLong(2));
        java.time.LocalDate today = wh.one("select max(ingested_date_local) from meta.ingest_log").getDate(0).toLocalDate();
        assertEquals(List.of(), new DataQualityChecks(wh.warehouse(), 100.0).run(today).stream()
                .filter(f -> f.startsWith("ingest:")).toList());
    }

    @Test
    void theRequestersTicketsMetricsAndRatingsAreNotBack() {
        assertEquals("[2]", wh.sql("select id from bronze.crm_ticket order by id").stream().map(r -> r.getLong(0)).toList().toString());
        assertEquals("[2]", wh.sql("select ticket_id from bronze.crm_ticket_metric").stream().map(r -> r.getLong(0)).toList().toString());
        assertEquals("[2]", wh.sql("select ticket_id from bronze.crm_satisfaction_rating").stream().map(r -> r.getLong(0)).toList().toString());
        assertEquals("[2]", wh.sql("select ticket_id from silver.fact_ticket").stream().map(r -> r.getLong(0)).toList().toString());
        assertEquals(0L, wh.one("select count(*) from bronze.quarantine where source = 'crm'").getLong(0));
    }

    @Test
    void theRegistryHoldsEachIdentifierOnceAndOnlyAsItsKeyedHash() {
        Pseudonymiser p = wh.pseudonymiser();
        List<String> expected = List.of("caller " + p.ofPhoneNumber(CALLER), "requester " + p.ofIdentifier("requester", "9001"),
                "ticket " + p.ofIdentifier("ticket", "1"));
        assertEquals(expected.stream().sorted().toList(), registry());
        Erasure erasure = new Erasure(wh.warehouse(), p);
        erasure.forgetCaller("0046 70 111 11 11");
        erasure.forgetRequester("9001");
        assertEquals(expected.stream().sorted().toList(), registry(), "forgetting again adds nothing");
        assertEquals(0L, wh.one("select count(*) from meta.erased_subject where replaced_by is not null"
                + " or instr(subject_hash, '4670') > 0 or subject_hash = '9001'").getLong(0));
    }

    private List<String> registry() {
        return wh.sql("select kind, subject_hash from meta.erased_subject").stream().map(r -> r.getString(0) + " " + r.getString(1))
                .sorted().toList();
    }

    @Test
    void withNobodyErasedIngestNeverAsksForTheKeyAndCountsNothingErased(@TempDir Path dir) throws IOException {
        TestWarehouse fresh = new TestWarehouse(dir);
        Path roster = fresh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01");
        fresh.write("ql", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", CALLER, "1")
                .at("2026-03-10T09:00:30", "c1", "support", "NONE", "ABANDON", "1", "1", "30")
                .text("garbled line from " + CALLER)
                .content());
        new Ingest(fresh.warehouse(), fresh.settings(), Progress.silent(), () -> {
            throw new AssertionError("the key was asked for with an empty registry");
        }).run(roster.toString(), fresh.folder("ql").toString());
        assertEquals("[roster 1 1 0 0 0, queue_log 3 2 0 1 0]", fresh.sql("select source, rows_in, rows_loaded, rows_duplicate,"
                + " rows_quarantined, rows_erased from meta.ingest_log order by source desc").stream()
                .map(r -> r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getLong(3) + " " + r.getLong(4) + " " + r.getLong(5))
                .toList().toString());
        assertEquals(0L, fresh.table(Table.META_ERASED_SUBJECT).count());
    }
}
