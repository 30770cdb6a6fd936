package io.indicate.goals;

import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The goals rules of the README (Goals) on hand-made days whose answers are worked out here.
 *
 * <p>Roster: A1 (PJSIP/201, anna.one) and A2 (PJSIP/202, bo.two) in team T1 (lead.one). Every call is answered
 * and completed after 100 s of talk (aht_s 100), unless said otherwise. A1 answers, per day (2026-02-04 off):
 * 02-02: 3, 02-03: 3, 02-05: 3, 02-06: 4, 02-09: 2, 02-10: 2, 02-11: 3, 02-12: 5, 02-13: 2. A2 answers one call
 * on 02-12 and, on 02-13, one call not completed yet (aht_s null).
 *
 * <p>Goals on calls_answered (higher): organisation 2 from 2026-01-01, changed to 3 from 02-05 (a later file);
 * team T1 3 from 02-09 (lead.one); A1's own 4 from 02-12 (anna.one); "A2's" 1 from 02-02 set by lead.one, not by
 * A2 (ignored). On aht_s (lower): organisation 300 from 2026-01-01.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoalsMartTest {
    private static final String HEADER = "scope,scope_id,kpi,direction,value,valid_from,set_by\n";
    TestWarehouse wh;
    private final AnsweredCalls calls = new AnsweredCalls();

    @BeforeAll
    void ingestAndBuild(@TempDir Path dir) {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-01-01",
                "L1,lead.one,Lead One,l1@example.com,,201,T1,Team North,lead.one,team_lead,2025-01-01");
        QueueLogLines lines = QueueLogLines.stockholm();
        Map<String, Integer> a1 = new java.util.TreeMap<>(Map.of("2026-02-02", 3, "2026-02-03", 3, "2026-02-05", 3,
                "2026-02-06", 4, "2026-02-09", 2, "2026-02-10", 2, "2026-02-11", 3, "2026-02-12", 5, "2026-02-13", 2));
        a1.forEach((day, n) -> calls.on(lines, "PJSIP/201", day, n));
        calls.on(lines, "PJSIP/202", "2026-02-12", 1);
        lines.at("2026-02-13T15:00:00", "open1", "support", "NONE", "ENTERQUEUE", "", "+46709000001", "1")
                .at("2026-02-13T15:00:10", "open1", "support", "PJSIP/202", "CONNECT", "10", "bo1", "1");
        wh.write("ql", "queue_log", lines.content());
        wh.ingest(roster, wh.folder("ql"));
        wh.ingestGoals(wh.write("goals", "goals-1.csv", HEADER
                + "organisation,,calls_answered,higher,2,2026-01-01,boss\n"
                + "organisation,,aht_s,lower,300,2026-01-01,boss\n"));
        wh.ingestGoals(wh.write("goals", "goals-2.csv", HEADER
                + "organisation,,calls_answered,higher,2,2026-01-01,boss\n"
                + "organisation,,aht_s,lower,300,2026-01-01,boss\n"
                + "organisation,,calls_answered,higher,3,2026-02-05,boss\n"
                + "team,T1,calls_answered,higher,3,2026-02-09,lead.one\n"
                + "agent,A1,calls_answered,higher,4,2026-02-12,anna.one\n"
                + "agent,A2,calls_answered,higher,1,2026-02-02,lead.one\n"));
        wh.build();
    }

    private Row agentDay(String agent, String day, String kpi) {
        return wh.one("select * from gold.kpi_agent_goal_daily where agent_id = '" + agent + "' and date_local = DATE'" + day
                + "' and kpi = '" + kpi + "'");
    }

    @Test
    @Order(1)
    void aPersonalGoalWinsOverTheTeamsWhichWinsOverTheOrganisations() {
        assertEquals("agent|anna.one|4.0", goal(agentDay("A1", "2026-02-12", "calls_answered")));
        assertEquals("team|lead.one|3.0", goal(agentDay("A1", "2026-02-11", "calls_answered")));
        assertEquals("organisation|boss|3.0", goal(agentDay("A1", "2026-02-06", "calls_answered")));
    }

    @Test
    @Order(1)
    void aChangedGoalHoldsFromItsValidFromAndLeavesEarlierDaysAsTheyWere() {
        Row before = agentDay("A1", "2026-02-03", "calls_answered");
        assertEquals("organisation|boss|2.0", goal(before));
        assertEquals(java.sql.Date.valueOf("2026-01-01"), before.getAs("goal_valid_from"));
        assertEquals(java.sql.Date.valueOf("2026-02-05"), agentDay("A1", "2026-02-05", "calls_answered").getAs("goal_valid_from"));
        assertEquals(3L, wh.one("select count(*) from silver.dim_goal where scope = 'organisation'").getLong(0));
    }

    @Test
    @Order(1)
    void aPersonalGoalSetBySomeoneElseDoesNotApply() {
        Row a2 = agentDay("A2", "2026-02-12", "calls_answered");
        assertEquals("team|lead.one|3.0", goal(a2));
        assertEquals(false, a2.getAs("met"));
    }

    @Test
    @Order(1)
    void metFollowsTheDirectionAndIsNullWithoutAValue() {
        assertEquals(true, agentDay("A1", "2026-02-12", "calls_answered").getAs("met"));  // 5 >= 4
        assertEquals(false, agentDay("A1", "2026-02-13", "calls_answered").getAs("met")); // 2 < 4
        assertEquals(true, agentDay("A2", "2026-02-12", "aht_s").getAs("met"));           // 100 <= 300, lower is better
        Row open = agentDay("A2", "2026-02-13", "aht_s");
        assertNull(open.getAs("value"));
        assertNull(open.getAs("met"));
        assertEquals(1L, (long) open.getAs("streak_days"), "a day without a value neither extends nor breaks the streak");
    }

    @Test
    @Order(1)
    void theStreakCountsWorkingDaysMetAndSpansADayOff() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 0L, 0L, 1L, 2L, 0L), streaks("A1", "calls_answered"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), streaks("A1", "aht_s"));
    }

    @Test
    @Order(1)
    void theChangeIsAgainstTheAgentsOwnPrevious7WorkingDays() {
        Row day = agentDay("A1", "2026-02-13", "calls_answered");
        // 02-03, 02-05, 02-06, 02-09, 02-10, 02-11, 02-12 (02-04 was off, 02-02 is the eighth): 3+3+4+2+2+3+5
        assertEquals(22.0 / 7, (double) day.getAs("previous_7_avg"), 1e-9);
        assertEquals(2 - 22.0 / 7, (double) day.getAs("change_vs_previous_7"), 1e-9);
        assertNull(agentDay("A1", "2026-02-02", "calls_answered").getAs("previous_7_avg"), "no earlier working day");
    }

    @Test
    @Order(1)
    void theTeamIsJudgedAgainstItsOwnGoalElseTheOrganisations() {
        Row feb12 = wh.one("select * from gold.kpi_team_goal_daily where team_id = 'T1' and date_local = DATE'2026-02-12' and kpi = 'calls_answered'");
        assertEquals(3.0, (double) feb12.getAs("value"), 0.0); // a count per active agent: (A1 5 + A2 1) / 2
        assertEquals("team|lead.one|3.0", goal(feb12));
        assertEquals(true, feb12.getAs("met"));
        Row feb06 = wh.one("select * from gold.kpi_team_goal_daily where team_id = 'T1' and date_local = DATE'2026-02-06' and kpi = 'calls_answered'");
        assertEquals("organisation|boss|3.0", goal(feb06));
    }

    @Test
    @Order(2)
    void anIncrementalBuildAfterALateDayOrAGoalChangeEqualsAFullRebuild() {
        // a late file adds a call of A1 on 02-10: only that date's facts change, the streaks of the days after it too
        calls.ingestLate(wh, "ql2", "PJSIP/201", "2026-02-10", 1);
        assertEquals(List.of(1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L, 0L), streaks("A1", "calls_answered"));
        assertIncrementalEqualsFull();

        // the team lowers its goal to 2 from 02-09: A1's 02-09 and 02-10 are met now
        wh.ingestGoals(wh.write("goals", "goals-3.csv", HEADER + "team,T1,calls_answered,higher,2,2026-02-09,lead.one\n"));
        wh.build();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 0L), streaks("A1", "calls_answered"));
        assertIncrementalEqualsFull();
    }

    @Test
    @Order(3)
    void badGoalRowsAreQuarantinedWithReasonsAndTheCountsAddUp() {
        Path file = wh.write("goals", "goals-4.csv", HEADER
                + "organisation,,calls_answered,higher,2,2026-01-01,boss\n"         // delivered before: duplicate
                + "team,T1,csat_pct,higher,85,2026-02-01,lead.one\n"                 // new: loaded
                + "team,T1,csat_pct,sideways,85,2026-02-01,lead.one\n"               // quarantined
                + "agent,A1,handle_time,lower,200,2026-02-01,anna.one\n");           // quarantined
        wh.ingestGoals(file);
        Row log = wh.one("select rows_in, rows_loaded, rows_duplicate, rows_quarantined, coalesce(rows_erased, 0) from meta.ingest_log "
                + "where source = 'goals' and file_name = '" + file + "'");
        assertEquals(List.of(4L, 1L, 1L, 2L, 0L), List.of(log.getLong(0), log.getLong(1), log.getLong(2), log.getLong(3), log.getLong(4)));
        assertEquals(log.getLong(0), log.getLong(1) + log.getLong(2) + log.getLong(3) + log.getLong(4));
        List<Row> quarantined = wh.sql("select _source_line, reason from bronze.quarantine where source = 'goals' and _source_file = '"
                + file + "' order by _source_line");
        assertEquals(4L, quarantined.get(0).getLong(0));
        assertEquals("direction 'sideways' is not one of higher, lower", quarantined.get(0).getString(1));
        assertEquals(5L, quarantined.get(1).getLong(0));
        assertTrue(quarantined.get(1).getString(1).startsWith("kpi 'handle_time' is not one of"), quarantined.get(1).getString(1));
    }

    private void assertIncrementalEqualsFull() {
        List<String> agent = wh.snapshot(Table.GOLD_KPI_AGENT_GOAL_DAILY);
        List<String> team = wh.snapshot(Table.GOLD_KPI_TEAM_GOAL_DAILY);
        wh.buildFull();
        assertEquals(agent, wh.snapshot(Table.GOLD_KPI_AGENT_GOAL_DAILY));
        assertEquals(team, wh.snapshot(Table.GOLD_KPI_TEAM_GOAL_DAILY));
    }

    private List<Long> streaks(String agent, String kpi) {
        return wh.sql("select streak_days from gold.kpi_agent_goal_daily where agent_id = '" + agent + "' and kpi = '" + kpi
                + "' order by date_local").stream().map(r -> r.getLong(0)).toList();
    }

    private static String goal(Row r) {
        return r.getAs("goal_scope") + "|" + r.getAs("goal_set_by") + "|" + r.getAs("goal_value");
    }
}
