package io.indicate.crm;

import io.indicate.testing.WarehouseTest;
import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.indicate.crm.CrmPages.metric;
import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.rating;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRM, outbound-call and repeat-contact rules of KPI-DEFINITIONS.md on hand-made Zendesk pages, CDR lines
 * and queue_log lines whose answers are worked out here. One ingest and one build for the class.
 *
 * <p>Roster: A1 (PJSIP/201, CRM user 101) and A2 (PJSIP/202, 102) in team T1; A3 (CRM user 103, no phone)
 * in team T2. CRM user 999 and extension 250 are in no roster row. Zone Europe/Stockholm: on 2026-03-29
 * the clocks go from +01:00 to +02:00 at 01:00 UTC.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmKpiRulesTest {
    TestWarehouse wh;

    @BeforeAll
    void ingestAndBuild(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-01-01",
                "A3,cia.three,Agent Three,a3@example.com,,103,T2,Team South,lead.two,agent,2025-01-01");

        // t10 comes in two versions: the later updated_at (assignee 101) wins although it is delivered first
        wh.write("crm", "tickets-1.json", page("tickets",
                ticket(10, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T11:00:00Z"),
                ticket(11, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T12:00:00Z"),
                ticket(12, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T13:00:00Z"),
                ticket(13, "101", "solved", "2026-03-09T08:00:00Z", "2026-03-10T14:00:00Z"),
                ticket(14, "102", "solved", "2026-03-10T08:00:00Z", "2026-03-11T09:00:00Z"),
                ticket(15, "102", "solved", "2026-03-10T08:00:00Z", "2026-03-10T16:00:00Z"),
                ticket(16, "999", "solved", "2026-03-10T08:00:00Z", "2026-03-10T17:00:00Z"),
                ticket(17, "103", "solved", "2026-03-29T08:00:00Z", "2026-03-29T22:30:00Z"),
                ticket(19, "101", "open", "2026-03-12T08:00:00Z", "2026-03-12T08:00:00Z")));
        wh.write("crm", "tickets-2.json", page("tickets",
                ticket(10, "102", "open", "2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z")));
        wh.write("crm", "metrics-1.json", page("ticket_metrics",
                metric(10, 10, 100, 0, "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z"),
                metric(11, 20, 200, 0, "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z"),
                metric(12, 40, 300, 0, "2026-03-10T13:00:00Z", "2026-03-10T13:00:00Z"),
                metric(13, 50, 1000, 2, "2026-03-10T14:00:00Z", "2026-03-10T14:00:00Z"),
                // t14: solved on the 10th, reopened, solved again on the 11th: the latest metrics win
                metric(14, 30, 400, 0, "2026-03-10T15:00:00Z", "2026-03-10T15:00:00Z"),
                metric(14, 30, 1500, 1, "2026-03-11T09:00:00Z", "2026-03-11T09:00:00Z"),
                metric(15, 5, 60, 0, "2026-03-10T16:00:00Z", "2026-03-10T16:00:00Z"),
                metric(16, 60, 500, 0, "2026-03-10T17:00:00Z", "2026-03-10T17:00:00Z"),
                // 22:30 UTC is 00:30 on the 30th in summer time (it would be 23:30 on the 29th at +01:00)
                metric(17, 15, 150, 0, "2026-03-29T22:30:00Z", "2026-03-29T22:30:00Z")));
        wh.write("crm", "ratings-1.json", page("satisfaction_ratings",
                rating(70, 10, "101", "bad", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z"),
                rating(70, 10, "101", "good", "2026-03-10T12:00:00Z", "2026-03-11T08:00:00Z"),
                rating(71, 11, "101", "good", "2026-03-10T13:00:00Z", "2026-03-10T13:00:00Z"),
                rating(72, 12, "101", "bad", "2026-03-10T14:00:00Z", "2026-03-10T14:00:00Z"),
                rating(73, 15, "102", "offered", "2026-03-10T16:30:00Z", "2026-03-10T16:30:00Z")));

        String cols18 = "\"%s\",\"%s\",\"%s\",\"from-internal\",\"\"\"Agent\"\" <%2$s>\",\"%s\",\"PJSIP/trunk-00000002\",\"Dial\",\"PJSIP/%3$s@trunk\",\"%s\",\"%s\",\"%s\",%d,%d,\"%s\",\"DOCUMENTATION\",\"%s\",\"\"";
        wh.write("cdr", "Master.csv", String.join("\n",
                // 23:50 local on the 10th (22:50 UTC): read as UTC it would be 00:50 on the 11th
                cols18.formatted("", "201", "+46701234567", "PJSIP/201-00000001", "2026-03-10 23:50:00", "2026-03-10 23:50:10",
                        "2026-03-11 00:00:10", 610, 600, "ANSWERED", "1773183000.1"),
                cols18.formatted("", "201", "+46701234568", "PJSIP/201-00000003", "2026-03-10 10:00:00", "",
                        "2026-03-10 10:00:30", 30, 0, "NO ANSWER", "1773133200.3"),
                cols18.formatted("", "201", "+46701234569", "PJSIP/201-00000004", "2026-03-10 11:00:00", "2026-03-10 11:00:05",
                        "2026-03-10 11:02:05", 125, 120, "ANSWERED", "1773136800.4") + ",\"1773136800.4\",\"\",\"7\"",
                // inbound from the trunk: not an outbound call
                cols18.formatted("", "+46709999999", "201", "PJSIP/trunk-00000009", "2026-03-10 12:00:00", "2026-03-10 12:00:03",
                        "2026-03-10 12:05:03", 303, 300, "ANSWERED", "1773140400.9"),
                cols18.formatted("", "250", "+46701234570", "PJSIP/250-0000000a", "2026-03-10 13:00:00", "2026-03-10 13:00:02",
                        "2026-03-10 13:00:32", 32, 30, "ANSWERED", "1773144000.10"),
                "\"\",\"201\",\"+46701234567\",\"from-internal\",\"x\"",
                cols18.formatted("", "202", "+46701234571", "PJSIP/202-0000000b", "yesterday", "", "", 1, 0, "FAILED", "1.11")) + "\n");

        QueueLogLines calls = QueueLogLines.stockholm()
                // q1 (A1) and q4 (A1): their callers call again within 7 days (q5 is abandoned: it still counts)
                .at("2026-03-10T09:00:00", "q1", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-10T09:00:10", "q1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-10T09:02:10", "q1", "support", "PJSIP/201", "COMPLETECALLER", "10", "120", "1")
                .at("2026-03-10T10:00:00", "q3", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T10:00:10", "q3", "support", "PJSIP/202", "CONNECT", "10", "b3", "1")
                .at("2026-03-10T10:02:10", "q3", "support", "PJSIP/202", "COMPLETECALLER", "10", "120", "1")
                .at("2026-03-10T12:00:00", "q4", "support", "NONE", "ENTERQUEUE", "", "+46703333333", "1")
                .at("2026-03-10T12:00:10", "q4", "support", "PJSIP/201", "CONNECT", "10", "b4", "1")
                .at("2026-03-10T12:02:10", "q4", "support", "PJSIP/201", "COMPLETECALLER", "10", "120", "1")
                .at("2026-03-10T13:00:00", "q5", "sales", "NONE", "ENTERQUEUE", "", "+46703333333", "1")
                .at("2026-03-10T13:00:30", "q5", "sales", "NONE", "ABANDON", "1", "1", "30")
                .at("2026-03-15T10:00:00", "q2", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-15T10:00:10", "q2", "support", "PJSIP/202", "CONNECT", "10", "b2", "1")
                .at("2026-03-15T10:02:10", "q2", "support", "PJSIP/202", "COMPLETECALLER", "10", "120", "1")
                // q3's caller comes back after 8 days: outside the window
                .at("2026-03-18T11:00:00", "q6", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-18T11:00:30", "q6", "support", "NONE", "ABANDON", "1", "1", "30");
        wh.write("ql", "queue_log", calls.content());

        new Ingest(wh.warehouse(), wh.settings(), Progress.silent()).run(roster.toString(),
                wh.folder("ql").toString(), wh.folder("cdr").toString(), wh.folder("crm").toString());
        wh.build();
    }

    private Row agentDay(String date, String agent) {
        return wh.one("select * from gold.kpi_agent_daily where date_local = DATE'" + date + "' and agent_id = '" + agent + "'");
    }

    private Row teamDay(String date, String team) {
        return wh.one("select * from gold.kpi_team_daily where date_local = DATE'" + date + "' and team_id = '" + team + "'");
    }

    private static long l(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    private static double d(Row r, String column) {
        return ((Number) r.getAs(column)).doubleValue();
    }

    @Test
    void theLatestVersionOfATicketWinsWhateverOrderItArrivedIn() {
        Row t10 = wh.one("select * from silver.fact_ticket where ticket_id = 10");
        assertEquals("A1", t10.getAs("agent_id"), "the version updated at 11:00 (assignee 101), not the one at 09:00");
        assertEquals("solved", t10.getAs("status"));
        assertEquals(1, wh.sql("select * from silver.fact_ticket where ticket_id = 10").size());
    }

    @Test
    void ticketsSolvedCountOnTheLocalDateOfSolvedAtByTheAssignee() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals(4, l(a1, "tickets_solved"), "t10 t11 t12 t13");
        assertEquals(1, l(agentDay("2026-03-10", "A2"), "tickets_solved"), "t15; t14 was solved again on the 11th");
        assertTrue(wh.sql("select * from gold.kpi_agent_daily where date_local = DATE'2026-03-12' and tickets_solved > 0").isEmpty(),
                "t19 is still open");
    }

    @Test
    void theMedianOverAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals((20 + 40) / 2.0, d(a1, "first_reply_min_median"), 1e-9, "replies 10 20 40 50");
        assertEquals((200 + 300) / 2.0, d(a1, "full_resolution_min_median"), 1e-9, "resolutions 100 200 300 1000");
    }

    @Test
    void aReopenedTicketCountsOnceOnTheDateItWasSolvedLastAndAsReopened() {
        Row a2 = agentDay("2026-03-11", "A2");
        assertEquals(1, l(a2, "tickets_solved"));
        assertEquals(1, l(a2, "reopened_tickets"));
        assertEquals(1500.0, d(a2, "full_resolution_min_median"), 1e-9, "the latest metrics of t14");
        assertEquals(1, l(agentDay("2026-03-10", "A1"), "reopened_tickets"), "t13 had two reopens before it was solved");
        assertEquals(0, l(agentDay("2026-03-10", "A2"), "reopened_tickets"));
    }

    @Test
    void aRatingChangedFromBadToGoodCountsAsGood() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals(2, l(a1, "csat_good"), "t10 (bad, then good) and t11");
        assertEquals(1, l(a1, "csat_bad"), "t12");
        assertEquals(100.0 * 2 / 3, d(a1, "csat_pct"), 1e-9);
        Row a2 = agentDay("2026-03-10", "A2");
        assertEquals(0, l(a2, "csat_good") + l(a2, "csat_bad"), "an offered survey is neither good nor bad");
        assertNull(a2.getAs("csat_pct"));
    }

    @Test
    void anUnknownAssigneeIsKeptAsUnknownAndReported() {
        Row u = agentDay("2026-03-10", "unknown:999");
        assertEquals(1, l(u, "tickets_solved"));
        assertNull(u.getAs("team_id"));
        Row dq = wh.one("select * from gold.data_quality_daily where date_local = DATE'2026-03-10' and `check` = 'unknown_crm_user'");
        assertEquals("crm", dq.getAs("source"));
        assertEquals(1, l(dq, "unknown_ids"));
        assertEquals(1, l(dq, "rows_in"));
    }

    @Test
    void aTicketSolvedOnTheDstDayIsDatedWithSummerTimeAndAnAgentWithOnlyCrmWorkHasADay() {
        assertTrue(wh.sql("select * from gold.kpi_agent_daily where agent_id = 'A3' and date_local = DATE'2026-03-29'").isEmpty());
        Row a3 = agentDay("2026-03-30", "A3");
        assertEquals(1, l(a3, "tickets_solved"));
        assertEquals(0, l(a3, "calls_answered"));
        assertEquals("T2", a3.getAs("team_id"));
        assertEquals(1, l(teamDay("2026-03-30", "T2"), "agents_active"));
    }

    @Test
    void outboundCallsAreTheAgentsAnsweredCdrCallsOnTheLocalDateOfTheirStart() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals(2, l(a1, "outbound_calls"), "the 23:50 and 11:00 calls; the unanswered one and the inbound call do not count");
        assertEquals(600 + 120, l(a1, "outbound_talk_s"));
        Row late = wh.one("select cast(start_utc as string), date_local from silver.fact_outbound_call where uniqueid = '1773183000.1'");
        assertEquals("2026-03-10 22:50:00", late.getString(0), "the PBX's 23:50 at +01:00");
        assertEquals(1, l(agentDay("2026-03-10", "unknown:250"), "outbound_calls"));
        assertEquals(1, l(wh.one("select * from gold.data_quality_daily where date_local = DATE'2026-03-10' and `check` = 'unknown_extension'"),
                "unknown_ids"));
        assertTrue(wh.sql("select * from silver.fact_outbound_call where extension like '+%'").isEmpty(), "inbound calls are not outbound");
    }

    @Test
    void badCdrLinesAreQuarantinedWithLineAndReasonAndTheCountsAddUp() {
        List<Row> q = wh.sql("select _source_line, reason from bronze.quarantine where source = 'cdr' order by _source_line");
        assertEquals(2, q.size());
        assertEquals(6L, q.get(0).getLong(0));
        assertEquals("expected 18 or 21 columns, found 5", q.get(0).getString(1));
        assertEquals(7L, q.get(1).getLong(0));
        assertTrue(q.get(1).getString(1).startsWith("start 'yesterday'"), q.get(1).getString(1));
        Row log = wh.one("select rows_in, rows_loaded, rows_duplicate, rows_quarantined from meta.ingest_log where source = 'cdr'");
        assertEquals("[7,5,0,2]", log.toString());
        Row crm = wh.one("select sum(rows_in), sum(rows_loaded), sum(rows_duplicate), sum(rows_quarantined) from meta.ingest_log where source = 'crm'");
        assertEquals("[24,24,0,0]", crm.toString(), "10 ticket versions, 9 metrics, 5 ratings");
    }

    @Test
    void repeatContactsCountAnsweredCallsWhoseCallerEntersAQueueAgainWithinTheWindow() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals(2, l(a1, "repeat_contacts"), "q1's caller is back in 5 days, q4's the same day (abandoned)");
        assertEquals(100.0, d(a1, "repeat_contact_rate_pct"), 1e-9);
        Row a2 = agentDay("2026-03-10", "A2");
        assertEquals(0, l(a2, "repeat_contacts"), "q3's caller is back after 8 days");
        assertEquals(0.0, d(a2, "repeat_contact_rate_pct"), 1e-9);
    }

    @Test
    void teamAndOrganisationRecomputeRatiosFromSumsAndMediansFromTheirTickets() {
        Row t1 = teamDay("2026-03-10", "T1");
        assertEquals(5, l(t1, "tickets_solved"));
        assertEquals(20.0, d(t1, "first_reply_min_median"), 1e-9, "replies 5 10 20 40 50; not the mean of 30 and 5");
        assertEquals(100.0 * 2 / 3, d(t1, "csat_pct"), 1e-9);
        assertEquals(100.0 * 2 / 3, d(t1, "repeat_contact_rate_pct"), 1e-9, "2 repeats of 3 answered calls");
        assertEquals(2, l(t1, "outbound_calls"));
        Row org = wh.one("select * from gold.kpi_org_daily where date_local = DATE'2026-03-10'");
        assertEquals(6, l(org, "tickets_solved"), "with the unknown assignee's");
        assertEquals((20 + 40) / 2.0, d(org, "first_reply_min_median"), 1e-9, "replies 5 10 20 40 50 60");
        assertEquals((200 + 300) / 2.0, d(org, "full_resolution_min_median"), 1e-9, "resolutions 60 100 200 300 500 1000");
        assertEquals(3, l(org, "outbound_calls"));
        assertEquals(4, l(org, "agents_active"), "A1, A2, unknown:999 (tickets) and unknown:250 (outbound)");
    }

    @Test
    void requesterIdsAndDialledNumbersArePseudonymisedInSilver() {
        Row t = wh.one("select requester_hash from silver.fact_ticket where ticket_id = 11");
        assertEquals(64, t.getString(0).length());
        assertTrue(wh.sql("select * from silver.fact_ticket where requester_hash like '%9011%'").isEmpty());
        assertTrue(wh.sql("select * from silver.fact_outbound_call where dst_hash like '+467%'").isEmpty());
    }
}
