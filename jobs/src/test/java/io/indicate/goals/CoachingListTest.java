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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The coaching-list rules of the README (Coaching list) on hand-made days whose answers are worked out here.
 *
 * <p>Goals (organisation, from 2026-01-01): calls_answered higher 3, aht_s lower 300 (every call is talked 100 s, so
 * aht_s is always met and never listed). Calls answered per working day, Mon 02-02 to Fri 02-13 (weekends off):
 * <ul>
 *   <li>team T1 (lead.one): A1 4 a day up to 02-10, then 2 on 02-11, 02-12, 02-13 (a turn); A2 1 every day (always
 *   missed); A3 4 every day but 1 on 02-13 (one bad day);</li>
 *   <li>team T2 (lead.two): B1 4 a day up to 02-09, 2 on 02-10 and 02-11, off 02-12, 2 on 02-13; B2 1 on Mon 01-26
 *   and Tue 01-27, then off until 1 on 02-13 (old misses outside the 14-day window).</li>
 * </ul>
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoachingListTest {
    private static final String HEADER = "scope,scope_id,kpi,direction,value,valid_from,set_by\n";
    private static final List<String> WORKING_DAYS = List.of("2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05",
            "2026-02-06", "2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13");
    private final AnsweredCalls calls = new AnsweredCalls();
    TestWarehouse wh;

    @BeforeAll
    void ingestAndBuild(@TempDir Path dir) {
        wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-01-01",
                "A3,cy.three,Agent Three,a3@example.com,PJSIP/203,103,T1,Team North,lead.one,agent,2025-01-01",
                "B1,di.four,Agent Four,b1@example.com,PJSIP/204,104,T2,Team South,lead.two,agent,2025-01-01",
                "B2,ed.five,Agent Five,b2@example.com,PJSIP/205,105,T2,Team South,lead.two,agent,2025-01-01",
                "L1,lead.one,Lead One,l1@example.com,,201,T1,Team North,lead.one,team_lead,2025-01-01",
                "L2,lead.two,Lead Two,l2@example.com,,202,T2,Team South,lead.two,team_lead,2025-01-01");
        QueueLogLines lines = QueueLogLines.stockholm();
        for (int i = 0; i < WORKING_DAYS.size(); i++) {
            String day = WORKING_DAYS.get(i);
            calls.on(lines, "PJSIP/201", day, i < 7 ? 4 : 2);
            calls.on(lines, "PJSIP/202", day, 1);
            calls.on(lines, "PJSIP/203", day, i < 9 ? 4 : 1);
            if (!day.equals("2026-02-12")) calls.on(lines, "PJSIP/204", day, i < 6 ? 4 : 2);
        }
        calls.on(lines, "PJSIP/205", "2026-01-26", 1);
        calls.on(lines, "PJSIP/205", "2026-01-27", 1);
        calls.on(lines, "PJSIP/205", "2026-02-13", 1);
        wh.write("ql", "queue_log", lines.content());
        wh.ingest(roster, wh.folder("ql"));
        wh.ingestGoals(wh.write("goals", "goals.csv", HEADER
                + "organisation,,calls_answered,higher,3,2026-01-01,boss\n"
                + "organisation,,aht_s,lower,300,2026-01-01,boss\n"));
        wh.build();
    }

    /** The day's list as "team:priority:agent:kpi:reason:days_missed/days_judged", in priority order per team. */
    private List<String> list(String day) {
        return wh.sql("select team_id, priority, agent_id, kpi, reason, days_missed, days_judged from gold.kpi_coaching_daily"
                        + " where date_local = DATE'" + day + "' order by team_id, priority").stream()
                .map(r -> r.getString(0) + ":" + r.getInt(1) + ":" + r.getString(2) + ":" + r.getString(3) + ":" + r.getString(4)
                        + ":" + r.getLong(5) + "/" + r.getLong(6))
                .toList();
    }

    private Row row(String day, String agent) {
        return wh.one("select * from gold.kpi_coaching_daily where date_local = DATE'" + day + "' and agent_id = '" + agent
                + "' and kpi = 'calls_answered'");
    }

    @Test
    @Order(1)
    void threeMissesOfTheLatestFiveWorkingDaysPutTheAgentOnTheList() {
        // A2 misses from the first day: on the third working day 3 of 3 are missed, on the second only 2
        assertEquals(List.of(), list("2026-02-03"));
        assertEquals(List.of("T1:1:A2:calls_answered:missed_repeatedly:3/3"), list("2026-02-04"));
        // A1 on 02-13: 02-09 and 02-10 met, 02-11 to 02-13 missed
        Row a1 = row("2026-02-13", "A1");
        assertEquals("missed_repeatedly", a1.getAs("reason"));
        assertEquals(List.of(3L, 5L, true, true), List.of(a1.getAs("days_missed"), a1.getAs("days_judged"),
                a1.getAs("missed_repeatedly"), a1.getAs("trend_turned")));
    }

    @Test
    @Order(1)
    void aDayOffNeitherCountsNorDilutesAndMissesOlderThanTheWindowAreForgotten() {
        // B1's latest five working days before 02-13 skip the day off (02-12): 02-06, 02-09 met; 02-10, 02-11, 02-13 missed
        assertEquals(List.of(3L, 5L), List.of(row("2026-02-13", "B1").getAs("days_missed"), row("2026-02-13", "B1").getAs("days_judged")));
        // B2 missed 01-26 and 01-27 too, but they are more than 14 days before 02-13: one miss there, on no day three
        assertEquals(0L, wh.one("select count(*) from gold.kpi_coaching_daily where agent_id = 'B2'").getLong(0));
    }

    @Test
    @Order(1)
    void twoMissesInARowAfterAWeekThatMetTheGoalOnAverageAreATurn() {
        // A1 on 02-12: 02-11 and 02-12 missed; the 7 working days before 02-12 average (2 + 6 * 4) / 7 >= 3
        Row a1 = row("2026-02-12", "A1");
        assertEquals("trend_turned", a1.getAs("reason"));
        assertEquals(List.of(2L, false, true), List.of(a1.getAs("days_missed"), a1.getAs("missed_repeatedly"), a1.getAs("trend_turned")));
        assertEquals(26.0 / 7, (double) a1.getAs("previous_7_avg"), 1e-9);
        // the first miss alone is not a turn (02-11: the day before was met), nor is one bad day (A3 on 02-13)
        assertEquals(0L, wh.one("select count(*) from gold.kpi_coaching_daily where agent_id = 'A1' and date_local = DATE'2026-02-11'").getLong(0));
        assertEquals(0L, wh.one("select count(*) from gold.kpi_coaching_daily where agent_id = 'A3'").getLong(0));
        // B1's day off between two misses: 02-13 follows 02-11, its judged day before
        assertEquals(true, row("2026-02-13", "B1").getAs("trend_turned"));
        assertEquals(true, row("2026-02-11", "B1").getAs("trend_turned"));
    }

    @Test
    @Order(1)
    void theGapIsHowFarShortOfTheGoalInTheKpisUnitAndInPercent() {
        Row a2 = row("2026-02-13", "A2");
        assertEquals(2.0, (double) a2.getAs("gap"), 1e-9);            // goal 3, value 1
        assertEquals(200.0 / 3, (double) a2.getAs("gap_pct"), 1e-9);
        Row a1 = row("2026-02-13", "A1");
        assertEquals(1.0, (double) a1.getAs("gap"), 1e-9);
        assertEquals(100.0 / 3, (double) a1.getAs("gap_pct"), 1e-9);
    }

    @Test
    @Order(1)
    void theListIsRankedPerTeamRepeatedMissesFirstThenMostMissesThenTheLargestGap() {
        // 02-12: A2 missed 5 of 5 comes before A1's turn (B1 was off); 02-13: A2 (5 missed) before A1 (3 missed), the same
        // reason; B1 leads its own team's list
        assertEquals(List.of("T1:1:A2:calls_answered:missed_repeatedly:5/5", "T1:2:A1:calls_answered:trend_turned:2/5"),
                list("2026-02-12"));
        assertEquals(List.of("T1:1:A2:calls_answered:missed_repeatedly:5/5", "T1:2:A1:calls_answered:missed_repeatedly:3/5",
                "T2:1:B1:calls_answered:missed_repeatedly:3/5"), list("2026-02-13"));
    }

    @Test
    @Order(2)
    void anIncrementalBuildAfterALateFileEqualsAFullRebuild() {
        // two late calls make A1's 02-11 a met day (4): 02-12 is no longer a turn, 02-13 no longer three misses of five
        // but still a turn (02-12 and 02-13 missed, the 7 days before 02-13 average (2 + 6 * 4) / 7)
        calls.ingestLate(wh, "ql2", "PJSIP/201", "2026-02-11", 2);
        assertEquals(0L, wh.one("select count(*) from gold.kpi_coaching_daily where agent_id = 'A1' and date_local = DATE'2026-02-12'").getLong(0));
        Row a1 = row("2026-02-13", "A1");
        assertEquals(List.of("trend_turned", 2L, 2), List.of(a1.getAs("reason"), a1.getAs("days_missed"), a1.getAs("priority")));
        List<String> incremental = wh.snapshot(Table.GOLD_KPI_COACHING_DAILY);
        wh.buildFull();
        assertEquals(incremental, wh.snapshot(Table.GOLD_KPI_COACHING_DAILY));
    }
}
