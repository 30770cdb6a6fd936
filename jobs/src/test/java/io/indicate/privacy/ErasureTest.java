package io.indicate.privacy;

import io.indicate.testing.WarehouseTest;
import io.indicate.build.BuildPlan;
import io.indicate.ingest.Ingest;
import io.indicate.maintenance.TableMaintenance;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.indicate.crm.CrmPages.metric;
import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.rating;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forgetting caller +46701111111 (given in another notation) and requester 9001 removes them from every table,
 * and the rebuilt marts hold what a build from sources without them gives, worked out here: A1 keeps c2
 * (caller +46702222222), the outbound call to that caller, and ticket 2 (requester 9002, rated bad).
 * One build, the erasure, one rebuild of the dates concerned, a VACUUM of the tables the erasure changed.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureTest {
    /** TestWarehouse's key: the erasure must compute the same pseudonyms the build wrote. */
    private static final Pseudonymiser PSEUDONYMISER = new Pseudonymiser("test-pseudonymisation-key-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final String CALLER = "+46701111111";

    TestWarehouse wh;
    Erasure.Report callerReport;
    Erasure.Report requesterReport;

    @BeforeAll
    void buildForgetAndRebuild(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01");
        wh.write("ql", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", CALLER, "1")
                .at("2026-03-10T09:00:10", "c1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-10T09:02:10", "c1", "support", "PJSIP/201", "COMPLETECALLER", "10", "120", "1")
                .at("2026-03-10T10:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T10:00:10", "c2", "support", "PJSIP/201", "CONNECT", "10", "b2", "1")
                .at("2026-03-10T10:01:10", "c2", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1")
                .at("2026-03-12T10:00:00", "c3", "support", "NONE", "ENTERQUEUE", "", CALLER, "1")
                .at("2026-03-12T10:00:30", "c3", "support", "NONE", "ABANDON", "1", "1", "30")
                .text("garbled line from +46 70-111 11 11 at 2026-03-12 10:00")
                .content());
        String cdr = "\"\",\"201\",\"%s\",\"from-internal\",\"A1 <201>\",\"PJSIP/201-0000000%d\",\"PJSIP/trunk-1\",\"Dial\",\"x\","
                + "\"2026-03-10 %s\",\"2026-03-10 %s\",\"2026-03-10 %s\",%d,%d,\"ANSWERED\",\"DOCUMENTATION\",\"u%d\",\"\"";
        wh.write("cdr", "Master.csv", cdr.formatted(CALLER, 1, "11:00:00", "11:00:05", "11:01:05", 65, 60, 1) + "\n"
                + cdr.formatted("+46702222222", 2, "12:00:00", "12:00:05", "12:00:35", 35, 30, 2) + "\n"
                // a call transferred back to the caller: their number only in the caller-id text, in another notation
                + cdr.formatted("s", 3, "13:00:00", "13:00:05", "13:00:35", 35, 30, 3).replace("\"A1 <201>\"", "\"\"\"Caller\"\" <0046 70 111 11 11>\"") + "\n");
        wh.write("crm", "tickets.json", page("tickets",
                ticket(1, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z"),
                ticket(2, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T11:00:00Z"),
                // quarantined (not a time), with the requester's id as text
                ticket(3, "101", "solved", "2026-03-10T08:00:00Z", "yesterday").replace("\"requester_id\": 9003", "\"requester_id\": \"9001\"")));
        wh.write("crm", "metrics.json", page("ticket_metrics",
                metric(1, 10, 100, 0, "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z"),
                metric(2, 20, 200, 0, "2026-03-10T11:00:00Z", "2026-03-10T11:00:00Z")));
        wh.write("crm", "ratings.json", page("satisfaction_ratings",
                rating(7, 1, "101", "good", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z"),
                rating(8, 2, "101", "bad", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z")));
        new Ingest(wh.warehouse(), wh.settings(), Progress.silent()).run(roster.toString(), wh.folder("ql").toString(),
                wh.folder("cdr").toString(), wh.folder("crm").toString());
        wh.build();

        Erasure erasure = new Erasure(wh.warehouse(), PSEUDONYMISER);
        callerReport = erasure.forgetCaller("+46 70-111 11 11");
        requesterReport = erasure.forgetRequester("9001");
        java.util.SortedSet<java.time.LocalDate> dates = new java.util.TreeSet<>(callerReport.datesToRebuild());
        dates.addAll(requesterReport.datesToRebuild());
        wh.builder().run(new BuildPlan("forget", List.of(), dates));
        Set<Table> changed = new TreeSet<>(callerReport.changed());
        changed.addAll(requesterReport.changed());
        new TableMaintenance(wh.warehouse(), Progress.silent()).vacuum(changed);
    }

    @Test
    void theReportSaysWhatWasRemovedWhere() {
        assertEquals(2L, callerReport.removed().get(Table.BRONZE_QUEUE_LOG), "the ENTERQUEUE lines of c1 and c3");
        assertEquals(2L, callerReport.removed().get(Table.BRONZE_CDR), "the call to them, and the one with their number in the caller id");
        assertEquals(1L, callerReport.removed().get(Table.BRONZE_QUARANTINE), "the garbled line with the number");
        assertEquals(2L, callerReport.removed().get(Table.SILVER_FACT_QUEUE_CALL));
        assertEquals("[2026-03-10, 2026-03-12]", callerReport.datesToRebuild().toString());
        assertEquals(1L, requesterReport.removed().get(Table.BRONZE_CRM_TICKET));
        assertEquals(1L, requesterReport.removed().get(Table.BRONZE_CRM_SATISFACTION_RATING));
        assertEquals(1L, requesterReport.removed().get(Table.SILVER_FACT_TICKET));
        assertEquals(1L, requesterReport.removed().get(Table.BRONZE_QUARANTINE), "the quarantined ticket 3 of requester \"9001\"");
        assertEquals(List.of(Table.BRONZE_QUEUE_LOG, Table.BRONZE_CDR, Table.BRONZE_QUARANTINE, Table.SILVER_FACT_QUEUE_CALL,
                Table.SILVER_FACT_OUTBOUND_CALL), callerReport.changed());
    }

    @Test
    void theLogsNameThePersonOnlyByTheirKeyedHash() throws IOException {
        List<String> commits = new ArrayList<>();
        for (Table t : Table.values()) {
            try (Stream<Path> files = Files.walk(Path.of(wh.warehouse().location(t), "_delta_log"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) commits.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        assertEquals(List.of(), commits.stream().filter(ErasureTest::holdsAClearIdentifier).toList());
        assertTrue(commits.stream().anyMatch(c -> c.contains("erasure_phone_hashes_in(raw") && c.contains(PSEUDONYMISER.ofPhoneNumber(CALLER))),
                "the quarantine's DELETE is in its log, naming the hash");
    }

    @Test
    void afterTheVacuumNoFileOfTheWarehouseHoldsThem() throws IOException {
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(wh.warehouse().root()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (holdsAClearIdentifier(Files.readString(f, StandardCharsets.ISO_8859_1))) holding.add(f.toString());
            }
        }
        assertEquals(List.of(), holding);
        for (Table t : List.of(Table.BRONZE_QUEUE_LOG, Table.BRONZE_CDR, Table.BRONZE_QUARANTINE, Table.BRONZE_CRM_TICKET)) {
            Set<String> onDisk;
            try (Stream<Path> files = Files.walk(Path.of(wh.warehouse().location(t)))) {
                onDisk = files.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
                        .map(f -> f.toUri().getPath()).collect(Collectors.toCollection(TreeSet::new));
            }
            Set<String> live = Arrays.stream(wh.table(t).inputFiles()).map(u -> java.net.URI.create(u).getPath())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(live, onDisk, t.qualifiedName() + ": only the files of the current version are left");
        }
    }

    @Test
    void forgettingAgainRemovesNothing() {
        Erasure erasure = new Erasure(wh.warehouse(), PSEUDONYMISER);
        assertEquals(0L, erasure.forgetCaller(CALLER).total());
        assertEquals(0L, erasure.forgetRequester(" 9001 ").total());
    }

    /** The caller's number in the notations the data has, or requester 9001 as a field or a quoted SQL value. */
    private static boolean holdsAClearIdentifier(String text) {
        return text.contains("46701111111") || text.contains("70-111 11 11") || text.contains("70 111 11 11")
                || text.contains("'9001'") || REQUESTER_9001.matcher(text).find();
    }

    private static final Pattern REQUESTER_9001 = Pattern.compile("requester_id\\W{0,8}9001\\b");

    /** The erasure registry aside: it keeps their keyed hashes so that no later ingest brings them back. */
    @Test
    void noTableHoldsTheirRawOrHashedIdentifier() {
        List<String> needles = List.of("46701111111", PSEUDONYMISER.ofPhoneNumber(CALLER), PSEUDONYMISER.ofIdentifier("requester", "9001"),
                "\"requester_id\":9001");
        List<String> found = new ArrayList<>();
        for (Table t : Table.values()) {
            if (t == Table.META_ERASED_SUBJECT) continue;
            Dataset<Row> df = wh.table(t);
            List<String> textColumns = new ArrayList<>();
            for (StructField f : df.schema().fields()) if (f.dataType().equals(DataTypes.StringType)) textColumns.add("coalesce(`" + f.name() + "`, '')");
            if (textColumns.isEmpty()) continue;
            String all = "concat_ws('|', " + String.join(", ", textColumns) + ")";
            String condition = needles.stream().map(n -> "instr(" + all + ", '" + n.replace("\"", "\\\"") + "') > 0").collect(Collectors.joining(" or "));
            long n = df.filter(condition).count();
            if (n > 0) found.add(t.qualifiedName() + ": " + n);
        }
        assertTrue(found.isEmpty(), found.toString());
        assertEquals(0L, wh.one("select count(*) from bronze.crm_ticket where requester_id = '9001'").getLong(0));
    }

    @Test
    void theMartsEqualABuildWithoutThePerson() {
        Row a1 = wh.one("select * from gold.kpi_agent_daily where date_local = DATE'2026-03-10' and agent_id = 'A1'");
        assertEquals("[1,60,0,1,30,1,0,1]", List.of(a1.getAs("calls_answered"), a1.getAs("talk_s"), a1.getAs("repeat_contacts"),
                a1.getAs("outbound_calls"), a1.getAs("outbound_talk_s"), a1.getAs("tickets_solved"), a1.getAs("csat_good"),
                a1.getAs("csat_bad")).toString().replace(" ", ""));
        assertEquals(0L, wh.one("select coalesce(sum(offered), 0) from gold.kpi_queue_daily where date_local = DATE'2026-03-12'").getLong(0),
                "c3 was the 12th's only call");
    }
}
