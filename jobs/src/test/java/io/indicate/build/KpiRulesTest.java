package io.indicate.build;

import io.indicate.testing.WarehouseTest;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every KPI rule of KPI-DEFINITIONS.md (telephony) on hand-made queue_logs whose answers are worked out here.
 * One warehouse, one ingest and one build for the whole class; each test checks one rule.
 *
 * <p>Roster: A1 (PJSIP/201) and A2 (PJSIP/202) in team T1 (lead.one), A3 ("Anna Berg") in T2 (lead.two);
 * A2 moves to T2 on 2026-03-11. PJSIP/299 is in no roster row. Queue 'sales' has a 30 s service-level
 * threshold, 'support' the default 20 s.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiRulesTest {
    TestWarehouse wh;

    @BeforeAll
    void ingestAndBuild(@TempDir Path dir) {
        wh = new TestWarehouse(dir, io.indicate.config.Settings.defaults().with()
                .warehouse(dir.resolve("warehouse").toString()).slThresholdForQueue("sales", 30).build());
        Path roster = wh.roster(
                "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T2,Team South,lead.two,agent,2026-03-11",
                "A3,anna.berg,Anna Berg,a3@example.com,Anna Berg,103,T2,Team South,lead.two,agent,2025-01-01",
                "L1,lead.one,Lead One,l1@example.com,,201,T1,Team North,lead.one,team_lead,2025-01-01",
                "L2,lead.two,Lead Two,l2@example.com,,202,T2,Team South,lead.two,team_lead,2025-01-01",
                "M1,boss,The Boss,boss@example.com,,300,,,,management,2025-01-01");

        QueueLogLines march10 = QueueLogLines.stockholm()
                // A1: in two queues 08:00, out of support 16:00 and of sales 17:00; ACW logged in both queues; lunch
                .at("2026-03-10T08:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-10T08:00:00", "NONE", "sales", "PJSIP/201", "ADDMEMBER")
                // A2: agent login 08:30 to 16:30; ACW then a meeting
                .at("2026-03-10T08:30:00", "NONE", "NONE", "PJSIP/202", "AGENTLOGIN", "Local/202")
                // A3: 09:00-10:00, and again from 22:00 on (still logged in when the data ends)
                .at("2026-03-10T09:00:00", "NONE", "support", "Anna Berg", "ADDMEMBER")
                // c1: answered in 15 s (within 20), talk 240
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-10T09:00:15", "c1", "support", "PJSIP/201", "CONNECT", "15", "b1", "3")
                .at("2026-03-10T09:04:00", "NONE", "support", "PJSIP/202", "RINGNOANSWER", "15000")
                .at("2026-03-10T09:04:15", "c1", "support", "PJSIP/201", "COMPLETECALLER", "15", "240", "1")
                .at("2026-03-10T09:04:15", "NONE", "support", "PJSIP/201", "PAUSE", "ACW")
                .at("2026-03-10T09:04:15", "NONE", "sales", "PJSIP/201", "PAUSE", "ACW")
                // c2: answered in exactly 20 s (within: <=), transferred after 100 s
                .at("2026-03-10T09:05:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T09:05:15", "NONE", "support", "PJSIP/201", "UNPAUSE")
                .at("2026-03-10T09:05:15", "NONE", "sales", "PJSIP/201", "UNPAUSE")
                .at("2026-03-10T09:05:20", "c2", "support", "PJSIP/202", "CONNECT", "20", "b2", "2")
                .at("2026-03-10T09:07:00", "c2", "support", "PJSIP/202", "TRANSFER", "300", "internal", "20", "100", "1")
                .at("2026-03-10T09:07:00", "NONE", "NONE", "PJSIP/202", "PAUSEALL", "ACW")
                .at("2026-03-10T09:08:00", "NONE", "NONE", "PJSIP/202", "PAUSEALL", "Meeting")
                // c3: answered after 25 s (outside 20), talk 60
                .at("2026-03-10T09:10:00", "c3", "support", "NONE", "ENTERQUEUE", "", "+46703333333", "1")
                .at("2026-03-10T09:10:25", "c3", "support", "PJSIP/201", "CONNECT", "25", "b3", "2")
                .at("2026-03-10T09:11:25", "c3", "support", "PJSIP/201", "COMPLETEAGENT", "25", "60", "1")
                // c4 short abandon (4 s), c5 abandon (5 s), c6 timeout, c7 exit with key
                .at("2026-03-10T09:20:00", "c4", "support", "NONE", "ENTERQUEUE", "", "+46704444444", "1")
                .at("2026-03-10T09:20:04", "c4", "support", "NONE", "ABANDON", "1", "1", "4")
                .at("2026-03-10T09:21:00", "c5", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-10T09:21:05", "c5", "support", "NONE", "ABANDON", "1", "1", "5")
                .at("2026-03-10T09:22:00", "c6", "support", "NONE", "ENTERQUEUE", "", "+46706666666", "1")
                .at("2026-03-10T09:27:00", "c6", "support", "NONE", "EXITWITHTIMEOUT", "1", "1", "300")
                .at("2026-03-10T09:38:00", "NONE", "NONE", "PJSIP/202", "UNPAUSEALL")
                .at("2026-03-10T09:40:00", "c7", "support", "NONE", "ENTERQUEUE", "", "+46707777777", "1")
                .at("2026-03-10T09:40:12", "c7", "support", "NONE", "EXITWITHKEY", "1", "1", "1", "12")
                // c9: answered after 40 s by Anna Berg, not completed yet
                .at("2026-03-10T09:50:00", "c9", "support", "NONE", "ENTERQUEUE", "", "+46709999999", "1")
                .at("2026-03-10T09:50:40", "c9", "support", "Anna Berg", "CONNECT", "40", "b9", "2")
                .at("2026-03-10T10:00:00", "NONE", "support", "Anna Berg", "REMOVEMEMBER")
                // c8: still waiting: counted nowhere
                .at("2026-03-10T10:00:00", "c8", "support", "NONE", "ENTERQUEUE", "", "+46708888888", "1")
                // s1: sales, answered after 25 s: within the sales threshold of 30 s
                .at("2026-03-10T11:00:00", "s1", "sales", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-10T11:00:25", "s1", "sales", "PJSIP/202", "CONNECT", "25", "b10", "2")
                .at("2026-03-10T11:01:55", "s1", "sales", "PJSIP/202", "COMPLETEAGENT", "25", "90", "1")
                .at("2026-03-10T12:00:00", "NONE", "NONE", "PJSIP/201", "PAUSEALL", "Lunch")
                // u1: answered by a member no roster row explains
                .at("2026-03-10T12:00:00", "u1", "sales", "NONE", "ENTERQUEUE", "", "+46700000001", "1")
                .at("2026-03-10T12:00:05", "u1", "sales", "PJSIP/299", "CONNECT", "5", "b11", "1")
                .at("2026-03-10T12:00:35", "u1", "sales", "PJSIP/299", "COMPLETECALLER", "5", "30", "1")
                .at("2026-03-10T12:30:00", "NONE", "NONE", "PJSIP/201", "UNPAUSEALL")
                .at("2026-03-10T16:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER")
                .at("2026-03-10T16:30:00", "NONE", "NONE", "PJSIP/202", "AGENTLOGOFF", "Local/202", "28800")
                .at("2026-03-10T17:00:00", "NONE", "sales", "PJSIP/201", "REMOVEMEMBER")
                .at("2026-03-10T22:00:00", "NONE", "support", "Anna Berg", "ADDMEMBER")
                // s2: enters 23:59:50, answered after midnight: belongs to 2026-03-10, interval 23:45
                .at("2026-03-10T23:59:50", "s2", "sales", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-11T00:00:20", "s2", "sales", "PJSIP/201", "CONNECT", "30", "b12", "2")
                .at("2026-03-11T00:03:20", "s2", "sales", "PJSIP/201", "COMPLETEAGENT", "30", "180", "1")
                // 2026-03-11: A2, now in team T2, answers m1
                .at("2026-03-11T00:50:00", "m1", "support", "NONE", "ENTERQUEUE", "", "+46701111112", "1")
                .at("2026-03-11T00:50:10", "m1", "support", "PJSIP/202", "CONNECT", "10", "b13", "1")
                .at("2026-03-11T00:51:00", "m1", "support", "PJSIP/202", "COMPLETEAGENT", "10", "50", "1")
                .at("2026-03-11T01:00:00", "NONE", "NONE", "NONE", "QUEUESTART");

        QueueLogLines march29 = QueueLogLines.stockholm()
                .at("2026-03-29T12:00:00", "p1", "support", "NONE", "ENTERQUEUE", "", "+46701111113", "1")
                .at("2026-03-29T12:00:10", "p1", "support", "PJSIP/201", "CONNECT", "10", "b20", "1")
                .at("2026-03-29T12:01:10", "p1", "support", "PJSIP/201", "COMPLETEAGENT", "10", "60", "1");

        // 2026-10-25: clocks go back at 03:00 CEST to 02:00 CET (01:00 UTC); 02:30 local happens twice
        QueueLogLines october = QueueLogLines.stockholm()
                .at("2026-10-24T23:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .utc("2026-10-25T00:30:00", "d1", "support", "NONE", "ENTERQUEUE", "", "+46701111114", "1")
                .utc("2026-10-25T00:30:10", "d1", "support", "PJSIP/201", "CONNECT", "10", "b30", "1")
                .utc("2026-10-25T00:31:10", "d1", "support", "PJSIP/201", "COMPLETEAGENT", "10", "60", "1")
                .utc("2026-10-25T01:30:00", "d2", "support", "NONE", "ENTERQUEUE", "", "+46701111115", "1")
                .utc("2026-10-25T01:30:30", "d2", "support", "PJSIP/201", "CONNECT", "30", "b31", "1")
                .utc("2026-10-25T01:31:30", "d2", "support", "PJSIP/201", "COMPLETEAGENT", "30", "60", "1")
                .at("2026-10-26T01:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER");

        wh.write("ql", "queue_log.2", march10.content());
        wh.write("ql", "queue_log.1", march29.content());
        wh.write("ql", "queue_log", october.content());
        wh.ingest(roster, wh.folder("ql"));
        wh.build();
    }

    private Row queueDay(String date, String queue) {
        return wh.one("select * from gold.kpi_queue_daily where date_local = DATE'" + date + "' and queue = '" + queue + "'");
    }

    private Row agentDay(String date, String agent) {
        return wh.one("select * from gold.kpi_agent_daily where date_local = DATE'" + date + "' and agent_id = '" + agent + "'");
    }

    private static long l(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    private static double d(Row r, String column) {
        return ((Number) r.getAs(column)).doubleValue();
    }

    @Test
    void offeredCountsEveryCallWithAnOutcomeAndNoCallStillWaiting() {
        Row support = queueDay("2026-03-10", "support");
        // c1 c2 c3 c9 answered, c5 abandoned, c4 short abandoned, c6 c7 timed out; c8 still waiting
        assertEquals(8, l(support, "offered"));
        assertEquals(4, l(support, "answered"));
        assertEquals(1, l(support, "abandoned"));
        assertEquals(1, l(support, "short_abandoned"));
        assertEquals(2, l(support, "timed_out"));
        assertEquals("waiting", wh.one("select outcome from silver.fact_queue_call where callid = 'c8'").getString(0));
    }

    @Test
    void shortAbandonsLeaveTheServiceLevelAndAbandonRateDenominators() {
        Row support = queueDay("2026-03-10", "support");
        // within 20 s: c1 (15) and c2 (exactly 20); denominator 8 offered - 1 short abandon
        assertEquals(2, l(support, "answered_within_sl"));
        assertEquals(100.0 * 2 / 7, d(support, "service_level_pct"), 1e-9);
        assertEquals(100.0 * 1 / 7, d(support, "abandon_rate_pct"), 1e-9);
    }

    @Test
    void asaAndMaxWaitFollowTheDefinitions() {
        Row support = queueDay("2026-03-10", "support");
        assertEquals((15 + 20 + 25 + 40) / 4.0, d(support, "asa_s"), 1e-9);
        assertEquals(300, l(support, "max_wait_s"), "the timeout's waittime counts for max wait");
    }

    @Test
    void aQueueCanHaveItsOwnServiceLevelThreshold() {
        Row sales = queueDay("2026-03-10", "sales");
        // s1 waited 25 s: within sales' 30 s; s2 30 s; u1 5 s
        assertEquals(3, l(sales, "offered"));
        assertEquals(3, l(sales, "answered_within_sl"));
        assertEquals(100.0, d(sales, "service_level_pct"), 1e-9);
    }

    @Test
    void aCallBelongsToTheDateAndIntervalOfItsEnterQueueEvenWhenAnsweredAfterMidnight() {
        Row s2 = wh.one("select * from silver.fact_queue_call where callid = 's2'");
        assertEquals("2026-03-10", s2.getAs("date_local").toString());
        assertEquals("2026-03-10 23:45:00.0", s2.getAs("interval_start_local").toString());
        Row interval = wh.one("select * from gold.kpi_agent_interval where agent_id = 'A1' and date_local = DATE'2026-03-10'"
                + " and hour(interval_start_local) = 23");
        assertEquals(1, l(interval, "calls_answered"));
        assertEquals(180, l(interval, "talk_s"));
    }

    @Test
    void queueIntervalsAreCutOnTheLocalClock() {
        List<Row> rows = wh.sql("select date_format(interval_start_local, 'HH:mm') as t, offered from gold.kpi_queue_interval"
                + " where date_local = DATE'2026-03-10' and queue = 'support' order by interval_start_local");
        assertEquals("[[09:00,3], [09:15,3], [09:30,1], [09:45,1]]", rows.toString());
    }

    @Test
    void theAgentsDayCountsAnsweredCompletedTalkAndTransfers() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals(3, l(a1, "calls_answered"), "c1, c3 and s2 (after midnight, but entered on the 10th)");
        assertEquals(3, l(a1, "calls_completed"));
        assertEquals(240 + 60 + 180, l(a1, "talk_s"));
        Row a2 = agentDay("2026-03-10", "A2");
        assertEquals(2, l(a2, "calls_answered"));
        assertEquals(190, l(a2, "talk_s"), "the transferred call's calltime is talk time");
        assertEquals(1, l(a2, "transfers"));
        assertEquals(1, l(a2, "ring_no_answer"));
        Row a3 = agentDay("2026-03-10", "A3");
        assertEquals(1, l(a3, "calls_answered"));
        assertEquals(0, l(a3, "calls_completed"), "c9 has not ended yet");
        assertNull(a3.getAs("aht_s"), "no completed call: no AHT");
    }

    @Test
    void sessionPauseAndAfterCallWorkTimesFollowTheEvents() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals(9 * 3600, l(a1, "logged_in_s"), "08:00 to the last REMOVEMEMBER at 17:00");
        assertEquals(60 + 1800, l(a1, "paused_s"), "ACW logged in two queues counts once; lunch 30 min");
        assertEquals(60, l(a1, "acw_s"));
        Row a2 = agentDay("2026-03-10", "A2");
        assertEquals(8 * 3600, l(a2, "logged_in_s"));
        assertEquals(60 + 1800, l(a2, "paused_s"), "ACW 09:07-09:08, then a meeting to 09:38");
        assertEquals(60, l(a2, "acw_s"));
    }

    @Test
    void ahtAndOccupancyFollowTheDefinitions() {
        Row a1 = agentDay("2026-03-10", "A1");
        assertEquals((480 + 60) / 3.0, d(a1, "aht_s"), 1e-9);
        assertEquals(100.0 * (480 + 60) / (32400 - (1860 - 60)), d(a1, "occupancy_pct"), 1e-9);
    }

    /** Answered calls ÷ logged-in hours, for the agent's, the team's and the organisation's day; null when not logged in. */
    @Test
    void callsPerLoggedInHourDividesAnsweredCallsByLoggedInHours() {
        assertEquals(3 / 9.0, d(agentDay("2026-03-10", "A1"), "calls_per_logged_in_hour"), 1e-9, "3 calls in 9 hours");
        assertEquals(2 / 8.0, d(agentDay("2026-03-10", "A2"), "calls_per_logged_in_hour"), 1e-9);
        Row unknown = agentDay("2026-03-10", "unknown:PJSIP/299");
        assertEquals(0, l(unknown, "logged_in_s"));
        assertNull(unknown.getAs("calls_per_logged_in_hour"), "a call answered outside any session: not logged in, no rate");
        Row t1 = wh.one("select * from gold.kpi_team_daily where date_local = DATE'2026-03-10' and team_id = 'T1'");
        assertEquals(5 / 17.0, d(t1, "calls_per_logged_in_hour"), 1e-9, "A1 and A2: 5 calls in 9 + 8 hours, not the mean of their rates");
        Row org = wh.one("select * from gold.kpi_org_daily where date_local = DATE'2026-03-10'");
        assertEquals((9 + 8 + 3) * 3600, l(org, "logged_in_s"));
        assertEquals(7 / 20.0, d(org, "calls_per_logged_in_hour"), 1e-9, "7 calls (the unknown member's too) in 20 hours");
    }

    @Test
    void aSessionStillOpenIsClosedAtTheNewestEventAndSplitAtMidnight() {
        // A3: 09:00-10:00 and 22:00-24:00 on the 10th; never logged off, and the newest event seen is in
        // October, so on the 11th the open session covers the whole day
        assertEquals(3600 + 7200, l(agentDay("2026-03-10", "A3"), "logged_in_s"));
        assertEquals(24 * 3600, l(agentDay("2026-03-11", "A3"), "logged_in_s"));
        assertTrue(wh.one("select bool_or(is_open) from silver.fact_agent_session where agent_id = 'A3'").getBoolean(0),
                "the last piece of the session is marked open");
        assertFalse(wh.one("select bool_or(is_open) from silver.fact_agent_session where agent_id = 'A1'"
                + " and date_local = DATE'2026-03-10'").getBoolean(0), "A1 logged off: nothing open");
    }

    @Test
    void aTeamMoveChangesTheTeamFromItsDateAndNeverRewritesHistory() {
        assertEquals("T1", agentDay("2026-03-10", "A2").getAs("team_id"));
        assertEquals("T2", agentDay("2026-03-11", "A2").getAs("team_id"));
        Row t2 = wh.one("select * from gold.kpi_team_daily where date_local = DATE'2026-03-11' and team_id = 'T2'");
        assertEquals(2, l(t2, "agents_active"), "A2 (moved in) answered m1, A3 was logged in");
        assertEquals(1, l(t2, "calls_answered"));
        assertEquals("lead.two", t2.getAs("team_lead_login"));
        assertTrue(wh.sql("select * from gold.kpi_team_daily where date_local = DATE'2026-03-11' and team_id = 'T1'").isEmpty());
    }

    @Test
    void teamRatiosAreRecomputedFromSumsNeverAveraged() {
        Row t1 = wh.one("select * from gold.kpi_team_daily where date_local = DATE'2026-03-10' and team_id = 'T1'");
        assertEquals(5, l(t1, "calls_answered"));
        assertEquals(670, l(t1, "talk_s"));
        assertEquals(120, l(t1, "acw_s"));
        assertEquals((670 + 120) / 5.0, d(t1, "aht_s"), 1e-9);
        double averageOfAgents = (d(agentDay("2026-03-10", "A1"), "aht_s") + d(agentDay("2026-03-10", "A2"), "aht_s")) / 2;
        assertNotEquals(averageOfAgents, d(t1, "aht_s"), 1e-6);
        assertEquals(100.0 * 790 / (61200 - (3720 - 120)), d(t1, "occupancy_pct"), 1e-9);
        assertEquals("Team North", t1.getAs("team_name"));
        assertEquals("lead.one", t1.getAs("team_lead_login"));
    }

    @Test
    void anUnknownMemberIsKeptAsUnknownAndReportedNotDropped() {
        Row u = agentDay("2026-03-10", "unknown:PJSIP/299");
        assertEquals(1, l(u, "calls_answered"));
        assertNull(u.getAs("team_id"));
        Row dq = wh.one("select * from gold.data_quality_daily where date_local = DATE'2026-03-10' and `check` = 'unknown_member'");
        assertEquals(1, l(dq, "unknown_ids"));
        assertEquals(1, l(dq, "rows_in"));
    }

    @Test
    void theOrganisationsDayCoversEveryAgentAndEveryQueue() {
        Row org = wh.one("select * from gold.kpi_org_daily where date_local = DATE'2026-03-10'");
        assertEquals(4, l(org, "agents_active"), "A1, A2, A3 and the unknown member");
        assertEquals(2, l(org, "teams_active"));
        assertEquals(7, l(org, "calls_answered"));
        assertEquals(11, l(org, "offered"));
        assertEquals(7, l(org, "answered"));
        assertEquals(100.0 * 5 / 10, d(org, "service_level_pct"), 1e-9);
        assertEquals(100.0 * 1 / 10, d(org, "abandon_rate_pct"), 1e-9);
    }

    @Test
    void theRepeatedHourOfTheAutumnDstDayHasItsOwnIntervals() {
        List<Row> rows = wh.sql("select date_format(interval_start_local, 'HH:mm'), utc_offset, offered, answered_within_sl"
                + " from gold.kpi_queue_interval where date_local = DATE'2026-10-25' order by interval_start_utc");
        assertEquals("[[02:30,+02:00,1,1], [02:30,+01:00,1,0]]", rows.toString());
        assertEquals(25 * 3600, l(agentDay("2026-10-25", "A1"), "logged_in_s"), "a whole DST day lasts 25 hours");
        assertEquals(3600, l(agentDay("2026-10-24", "A1"), "logged_in_s"));
        assertEquals(3600, l(agentDay("2026-10-26", "A1"), "logged_in_s"));
    }

    @Test
    void dimDateKnowsTheLengthOfDstDays() {
        assertEquals(25, wh.one("select hours_in_day from silver.dim_date where date_local = DATE'2026-10-25'").getInt(0));
        assertEquals(23, wh.one("select hours_in_day from silver.dim_date where date_local = DATE'2026-03-29'").getInt(0));
        assertEquals(24, wh.one("select hours_in_day from silver.dim_date where date_local = DATE'2026-03-10'").getInt(0));
    }

    @Test
    void callerNumbersArePseudonymisedInSilver() {
        List<Row> rows = wh.sql("select caller_hash from silver.fact_queue_call where callid in ('c1', 's1')");
        assertEquals(2, rows.size());
        assertEquals(rows.get(0).getString(0), rows.get(1).getString(0), "the same caller has the same pseudonym");
        assertTrue(wh.sql("select * from silver.fact_queue_call where caller_hash like '%4670%'").isEmpty());
    }
}
