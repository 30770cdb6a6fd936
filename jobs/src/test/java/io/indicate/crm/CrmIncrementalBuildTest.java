package io.indicate.crm;

import io.indicate.testing.WarehouseTest;
import io.indicate.build.BuildPlan;
import io.indicate.build.BuildPlanner;
import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

import static io.indicate.crm.CrmPages.metric;
import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.rating;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An incremental build after new CRM pages replaces every date a touched ticket was or is counted on: t1,
 * solved on the 10th, is reopened and solved again on the 12th; its rating changes from bad to good. And
 * it replaces the date of a call whose caller calls again in the new data: r1 (9th) becomes a repeat
 * contact when r2 (13th, the same number written another way) arrives. Two ingests, two builds.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmIncrementalBuildTest {
    TestWarehouse wh;
    BuildPlan second;

    @BeforeAll
    void buildTwice(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        Ingest ingest = new Ingest(wh.warehouse(), wh.settings(), Progress.silent());
        Path roster = wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01");
        wh.write("crm1", "page-1.json", page("tickets", ticket(1, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z")));
        wh.write("crm1", "page-2.json", page("ticket_metrics", metric(1, 10, 120, 0, "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z")));
        wh.write("crm1", "page-3.json", page("satisfaction_ratings", rating(7, 1, "101", "bad", "2026-03-10T11:00:00Z", "2026-03-10T11:00:00Z")));
        wh.write("ql1", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-09T09:00:00", "r1", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-09T09:00:10", "r1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-09T09:01:10", "r1", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1").content());
        ingest.run(roster.toString(), wh.folder("ql1").toString(), null, wh.folder("crm1").toString());
        wh.build();

        wh.write("crm2", "page-4.json", page("ticket_metrics", metric(1, 10, 3000, 1, "2026-03-12T08:00:00Z", "2026-03-12T08:00:00Z")));
        wh.write("crm2", "page-5.json", page("satisfaction_ratings", rating(7, 1, "101", "good", "2026-03-10T11:00:00Z", "2026-03-12T09:00:00Z")));
        wh.write("ql2", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-13T09:00:00", "r2", "support", "NONE", "ENTERQUEUE", "", "0046 70-555 55 55", "1")
                .at("2026-03-13T09:00:30", "r2", "support", "NONE", "ABANDON", "1", "1", "30").content());
        ingest.run(null, wh.folder("ql2").toString(), null, wh.folder("crm2").toString());
        second = wh.build();
    }

    @Test
    void theBuildReplacesTheDateTheTicketLeavesAndTheDateItMovesTo() {
        assertTrue(second.dates().contains(LocalDate.parse("2026-03-10")), second.dates().toString());
        assertTrue(second.dates().contains(LocalDate.parse("2026-03-12")), second.dates().toString());
    }

    @Test
    void theTicketCountsOnlyOnTheDateItWasSolvedLast() {
        assertEquals(0L, wh.one("select coalesce(sum(tickets_solved), 0) from gold.kpi_agent_daily where date_local = DATE'2026-03-10'").getLong(0));
        assertEquals("[1,1,3000.0]", wh.one("select tickets_solved, reopened_tickets, full_resolution_min_median"
                + " from gold.kpi_agent_daily where date_local = DATE'2026-03-12' and agent_id = 'A1'").toString());
    }

    @Test
    void theChangedRatingReplacesTheEarlierOneOnTheDateOfTheRating() {
        assertEquals("[1,0]", wh.one("select csat_good, csat_bad from gold.kpi_agent_daily"
                + " where date_local = DATE'2026-03-10' and agent_id = 'A1'").toString());
    }

    @Test
    void aCallerWhoReturnsMakesTheirEarlierCallARepeatContactOnItsOwnDate() {
        assertTrue(second.dates().contains(LocalDate.parse("2026-03-09")), second.dates().toString());
        assertEquals("[1,1]", wh.one("select calls_answered, repeat_contacts from gold.kpi_agent_daily"
                + " where date_local = DATE'2026-03-09' and agent_id = 'A1'").toString());
    }

    /**
     * A full plan (a first build, {@code build --full}) takes every date the CRM rows are dated by: a ticket's creation
     * (the 2nd), its metric's solve (the 4th) and its rating (the 6th), each in a batch of its own; and no date between
     * them (no queue_log, nothing built yet).
     */
    @Test
    void aFullPlanTakesEveryDateATicketAMetricOrARatingIsDatedBy(@TempDir Path dir) throws IOException {
        TestWarehouse crmOnly = new TestWarehouse(dir);
        Ingest ingest = new Ingest(crmOnly.warehouse(), crmOnly.settings(), Progress.silent());
        crmOnly.write("c1", "page-1.json", page("tickets", ticket(1, "101", "open", "2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z")));
        ingest.run(null, null, null, crmOnly.folder("c1").toString());
        crmOnly.write("c2", "page-2.json", page("ticket_metrics", metric(1, 10, 120, 0, "2026-03-04T10:00:00Z", "2026-03-04T10:00:00Z")));
        ingest.run(null, null, null, crmOnly.folder("c2").toString());
        crmOnly.write("c3", "page-3.json", page("satisfaction_ratings", rating(8, 1, "101", "good", "2026-03-06T11:00:00Z", "2026-03-06T11:00:00Z")));
        ingest.run(null, null, null, crmOnly.folder("c3").toString());

        SortedSet<LocalDate> dates = new BuildPlanner(crmOnly.warehouse(), crmOnly.settings()).full().dates();
        for (String d : List.of("2026-03-02", "2026-03-04", "2026-03-06")) assertTrue(dates.contains(LocalDate.parse(d)), d + " in " + dates);
        for (String d : List.of("2026-03-01", "2026-03-03", "2026-03-05", "2026-03-07")) assertFalse(dates.contains(LocalDate.parse(d)), d + " in " + dates);
    }
}
