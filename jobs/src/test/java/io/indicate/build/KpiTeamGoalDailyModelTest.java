package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * gold.kpi_team_goal_daily judges the team's working days only, the days with at least one active agent (README, Goals):
 * a team day whose only activity was customers' ratings (agents_active 0) has no row, does not break the team's
 * streak and is not one of its previous 7 working days, although it has a row in kpi_team_daily with a CSAT.
 */
@ModelTest
class KpiTeamGoalDailyModelTest {
    @Test
    void aTeamDayWithOnlyRatingsReceivedIsNotJudgedAndLeavesTheStreakAndTheAverageAlone() {
        // The organisation's goal: CSAT at least 80 %. T1: Monday 90, Tuesday 85, Wednesday nobody worked but two
        // customers rated (50 %, not active), Thursday 90: three days met in a row; Thursday's change 90 - (90 + 85) / 2
        ModelHarness.forDates("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05")
                .given(Table.SILVER_DIM_GOAL, "scope, scope_id, kpi, direction, goal_value, set_by, valid_from, valid_to",
                        row("organisation", "", "csat_pct", "higher", 80.0, "boss", "2026-02-01", null))
                .given(Table.GOLD_KPI_TEAM_DAILY, "date_local, team_id, team_name, agents_active, csat_pct",
                        row("2026-03-02", "T1", "Team North", 3, 90.0),
                        row("2026-03-03", "T1", "Team North", 2, 85.0),
                        row("2026-03-04", "T1", "Team North", 0, 50.0),
                        row("2026-03-05", "T1", "Team North", 3, 90.0))
                .expect(Table.GOLD_KPI_TEAM_GOAL_DAILY, "date_local, team_id, kpi, value, met, streak_days, change_vs_previous_7",
                        row("2026-03-02", "T1", "csat_pct", 90.0, true, 1, null),
                        row("2026-03-03", "T1", "csat_pct", 85.0, true, 2, -5.0),
                        row("2026-03-05", "T1", "csat_pct", 90.0, true, 3, 2.5));
    }
}
