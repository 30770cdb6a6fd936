package io.indicate.crm;

import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.quality.DataQualityChecks;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CRM pages written exactly to the data contract (SOURCES.md section 3): a ticket_metrics record there has
 * ticket_id, the two calendar times, reopens, replies and solved_at, and only "usually" updated_at. Such a
 * record is a version ordered by arrival (later batch, later page, later position in a page); when every
 * version of a ticket's metrics has updated_at, updated_at decides. What breaks the contract is
 * quarantined with the field named, and a run whose quarantine share passes the limit fails {@code check}.
 *
 * <p>Roster: A1 (CRM user 101) and A2 (102), team T1. Two ingests, each followed by an incremental build:
 * <ul>
 *   <li>batch 1: t20 (A1) solved on the 10th; t21 (A2) solved; t22 (A1) whose metrics come twice in one page,
 *       unsolved then solved; t23 (A2) whose metrics carry updated_at, the later version delivered first;
 *       t24 (A2) with updated_at; three records that break the contract;</li>
 *   <li>batch 2: t20 reopened and solved again on the 12th (metrics without updated_at: reopened, then solved);
 *       t21's metrics delivered again unchanged; t24 solved again on the 12th by a record without
 *       updated_at, which then outranks its dated first version by arrival.</li>
 * </ul>
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmContractPagesTest {
    TestWarehouse wh;
    final Map<String, List<Row>> afterBatch1 = new TreeMap<>();

    /** A ticket_metrics record with exactly the contract's fields: no id, no updated_at. */
    static String metric(int ticketId, Integer reply, Integer full, int reopens, int replies, String solvedAt) {
        return "{\"ticket_id\": " + ticketId
                + ", \"reply_time_in_minutes\": {\"calendar\": " + reply + "}"
                + ", \"full_resolution_time_in_minutes\": {\"calendar\": " + full + "}"
                + ", \"reopens\": " + reopens + ", \"replies\": " + replies
                + ", \"solved_at\": " + (solvedAt == null ? "null" : "\"" + solvedAt + "\"") + "}";
    }

    static String datedMetric(int ticketId, int reply, int full, String solvedAt, String updatedAt) {
        String m = metric(ticketId, reply, full, 0, 1, solvedAt);
        return m.substring(0, m.length() - 1) + ", \"updated_at\": \"" + updatedAt + "\"}";
    }

    @BeforeAll
    void twoBatches(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-01-01");
        Ingest ingest = new Ingest(wh.warehouse(), wh.settings(), Progress.silent());

        wh.write("crm1", "crm-000000001.json", page("tickets",
                ticket(20, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T12:00:00Z"),
                ticket(21, "102", "solved", "2026-03-10T08:00:00Z", "2026-03-10T13:00:00Z"),
                ticket(22, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T14:00:00Z"),
                ticket(23, "102", "solved", "2026-03-10T08:00:00Z", "2026-03-10T16:00:00Z"),
                ticket(24, "102", "solved", "2026-03-10T08:00:00Z", "2026-03-10T15:00:00Z")));
        wh.write("crm1", "crm-000000002.json", page("ticket_metrics",
                metric(20, 10, 100, 0, 1, "2026-03-10T12:00:00Z"),
                metric(21, 30, 300, 0, 2, "2026-03-10T13:00:00Z"),
                metric(22, 5, null, 0, 1, null),
                metric(22, 5, 50, 0, 2, "2026-03-10T14:00:00Z"),
                datedMetric(23, 40, 400, "2026-03-10T16:00:00Z", "2026-03-10T16:00:00Z"),
                datedMetric(23, 1, 1, "2026-03-10T15:00:00Z", "2026-03-10T15:00:00Z"),
                datedMetric(24, 20, 200, "2026-03-10T15:00:00Z", "2026-03-10T15:00:00Z"),
                "{\"reply_time_in_minutes\": {\"calendar\": 3}, \"reopens\": 0, \"solved_at\": null}",
                metric(25, 3, 30, 0, 1, null).replace("\"reopens\": 0", "\"reopens\": \"two\""),
                metric(26, 3, 30, 0, 1, null).replace("\"reply_time_in_minutes\": {\"calendar\": 3}", "\"reply_time_in_minutes\": 3")));
        ingest.run(roster.toString(), null, null, wh.folder("crm1").toString());
        wh.build();
        for (String d : List.of("2026-03-10", "2026-03-12")) afterBatch1.put(d, agentDays(d));

        wh.write("crm2", "crm-000000003.json", page("tickets",
                ticket(20, "101", "open", "2026-03-10T08:00:00Z", "2026-03-11T09:00:00Z"),
                ticket(20, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-12T10:00:00Z"),
                ticket(24, "102", "solved", "2026-03-10T08:00:00Z", "2026-03-12T11:00:00Z")));
        wh.write("crm2", "crm-000000004.json", page("ticket_metrics",
                metric(20, 10, null, 1, 2, null),
                metric(20, 10, 1600, 1, 3, "2026-03-12T10:00:00Z"),
                metric(21, 30, 300, 0, 2, "2026-03-10T13:00:00Z"),
                metric(24, 20, 2000, 1, 2, "2026-03-12T11:00:00Z")));
        ingest.run(null, null, null, wh.folder("crm2").toString());
        wh.build();
    }

    private List<Row> agentDays(String date) {
        return wh.sql("select agent_id, tickets_solved, reopened_tickets, first_reply_min_median, full_resolution_min_median"
                + " from gold.kpi_agent_daily where date_local = DATE'" + date + "' order by agent_id");
    }

    @Test
    void metricsWithoutUpdatedAtAreLoadedAndTheLaterPositionInAPageWins() {
        assertEquals("[[A1,2,0,7.5,75.0], [A2,3,0,30.0,300.0]]", afterBatch1.get("2026-03-10").toString(),
                "A1: t20 (10, 100) and t22's solved version (5, 50); A2: t21 (30, 300), t23's latest updated_at"
                        + " (40, 400) although delivered first, t24 (20, 200)");
        assertEquals("[]", afterBatch1.get("2026-03-12").toString());
    }

    @Test
    void aTicketSolvedReopenedAndSolvedAgainCountsOnceOnItsLastSolvedDate() {
        assertEquals("[[A1,1,0,5.0,50.0], [A2,2,0,35.0,350.0]]", agentDays("2026-03-10").toString(),
                "t20 and t24 have left the 10th");
        assertEquals("[[A1,1,1,10.0,1600.0], [A2,1,1,20.0,2000.0]]", agentDays("2026-03-12").toString(),
                "t20: the later record of the second page; t24: an undated record arriving after a dated one wins");
    }

    @Test
    void theIncrementalResultEqualsAFullRebuild() {
        List<String> incremental = wh.snapshot(Table.GOLD_KPI_AGENT_DAILY);
        wh.buildFull();
        assertEquals(incremental, wh.snapshot(Table.GOLD_KPI_AGENT_DAILY));
    }

    @Test
    void anUnchangedRecordWithoutUpdatedAtDeliveredAgainIsADuplicate() {
        assertEquals(1, wh.sql("select * from bronze.crm_ticket_metric where ticket_id = 21").size());
        assertEquals(3, wh.sql("select * from bronze.crm_ticket_metric where ticket_id = 20").size());
        Row batch2 = wh.one("select sum(rows_in), sum(rows_loaded), sum(rows_duplicate), sum(rows_quarantined)"
                + " from meta.ingest_log where source = 'crm' and file_name like '%crm2%'");
        assertEquals("[7,6,1,0]", batch2.toString(), "3 ticket versions, 4 metrics of which t21's is a repeat");
    }

    @Test
    void recordsThatBreakTheContractAreQuarantinedWithTheFieldNamed() {
        List<String> reasons = wh.sql("select reason from bronze.quarantine where source = 'crm' order by _source_line")
                .stream().map(r -> r.getString(0)).toList();
        assertEquals(List.of("ticket_metrics[7]: ticket_id is missing",
                "ticket_metrics[8]: reopens 'two' is not a whole number",
                "ticket_metrics[9]: reply_time_in_minutes '3' is not a JSON object"), reasons);
        Row batch1 = wh.one("select sum(rows_in), sum(rows_loaded), sum(rows_duplicate), sum(rows_quarantined)"
                + " from meta.ingest_log where source = 'crm' and file_name like '%crm1%'");
        assertEquals("[15,12,0,3]", batch1.toString(), "5 tickets and 10 metrics records");
    }

    @Test
    void aRunWhoseQuarantineShareIsAboveTheLimitFailsTheCheck() {
        LocalDate ingested = wh.one("select max(ingested_date_local) from meta.ingest_log").getDate(0).toLocalDate();
        List<String> failures = new DataQualityChecks(wh.warehouse(), wh.settings().maxQuarantinePct()).run(ingested);
        List<String> quarantine = failures.stream().filter(f -> f.startsWith("quarantine: ")).toList();
        assertEquals(1, quarantine.size(), failures.toString());
        assertTrue(quarantine.get(0).startsWith("quarantine: crm run ") && quarantine.get(0).contains(" quarantined 3 of 15 records (20.00%, limit 1.00%)"),
                quarantine.get(0));
        assertTrue(new DataQualityChecks(wh.warehouse(), 25.0).run(ingested).stream().noneMatch(f -> f.startsWith("quarantine: ")),
                "3 of 15 passes a 25 % limit; the clean second run passes any");
    }
}
