package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * gold.kpi_agent_goal_daily judges the agent's working days only (kpi_agent_daily's is_active; README, Goals): a day
 * the agent did not work has no row, does not break their streak and is not one of their previous 7 working days,
 * even when the day has a row in kpi_agent_daily because a customer rated one of their tickets on it.
 */
@ModelTest
class KpiAgentGoalDailyModelTest {
    @Test
    void aDayWithOnlyARatingReceivedIsNotJudgedAndLeavesTheStreakAndTheAverageAlone() {
        // A1's goal: at least 10 calls a day. Monday 12, Tuesday 11, Wednesday off (a customer rated a Tuesday ticket:
        // a row with 0 calls, not active), Thursday 12: three days met in a row; Thursday's change is 12 - (12 + 11) / 2
        ModelHarness.forDates("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05")
                .given(Table.SILVER_DIM_GOAL, "scope, scope_id, kpi, direction, goal_value, set_by, valid_from, valid_to",
                        row("organisation", "", "calls_answered", "higher", 10.0, "boss", "2026-02-01", null))
                .given(Table.GOLD_KPI_AGENT_DAILY, "date_local, agent_id, agent_login, team_id, calls_answered, csat_good, is_active",
                        row("2026-03-02", "A1", "anna.one", "T1", 12, 0, true),
                        row("2026-03-03", "A1", "anna.one", "T1", 11, 0, true),
                        row("2026-03-04", "A1", "anna.one", "T1", 0, 1, false),
                        row("2026-03-05", "A1", "anna.one", "T1", 12, 0, true))
                .expect(Table.GOLD_KPI_AGENT_GOAL_DAILY, "date_local, agent_id, kpi, value, met, streak_days, change_vs_previous_7",
                        row("2026-03-02", "A1", "calls_answered", 12.0, true, 1, null),
                        row("2026-03-03", "A1", "calls_answered", 11.0, true, 2, -1.0),
                        row("2026-03-05", "A1", "calls_answered", 12.0, true, 3, 0.5));
    }
}
