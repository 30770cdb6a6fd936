package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * gold.kpi_team_daily: the team's day is the sum of its agents' days, ratios recomputed from the sums
 * (KPI-DEFINITIONS.md, Gold marts). Team T1 is "Team North" until 2026-03-02, "Team Nord" from then on.
 */
@ModelTest
class KpiTeamDailyModelTest {
    private static final String AGENT_DAY = "date_local, agent_id, team_id, calls_answered, calls_completed, talk_s, acw_s, "
            + "logged_in_s, paused_s, csat_good, csat_bad, is_active";

    private static ModelHarness teams(String... dates) {
        return ModelHarness.forDates(dates)
                .given(Table.SILVER_DIM_TEAM, "team_id, team_name, team_lead_login, valid_from, valid_to",
                        row("T1", "Team North", "lead.one", "2025-01-01", "2026-03-02"),
                        row("T1", "Team Nord", "lead.one", "2026-03-02", null),
                        row("T2", "Team South", "lead.two", "2025-01-01", null));
    }

    @Test
    void ratiosAreRecomputedFromTheTeamsSumsNeverAveragedOverItsAgents() {
        // A1: AHT (600 + 60) / 3 = 220 s, CSAT 1 of 2 = 50 %; A2: (100 + 20) / 1 = 120 s, CSAT 1 of 1 = 100 %.
        // T1: AHT (700 + 80) / 4 = 195 s (not 170), CSAT 2 of 3 = 66.7 % (not 75), occupancy 780 / (18000 - (620 - 80)),
        // 4 calls in 5 logged-in hours = 0.8 an hour
        teams("2026-03-02")
                .given(Table.GOLD_KPI_AGENT_DAILY, AGENT_DAY,
                        row("2026-03-02", "A1", "T1", 3, 3, 600, 60, 14400, 600, 1, 1, true),
                        row("2026-03-02", "A2", "T1", 1, 1, 100, 20, 3600, 20, 1, 0, true))
                .expect(Table.GOLD_KPI_TEAM_DAILY, "date_local, team_id, agents_active, calls_answered, calls_completed, "
                                + "talk_s, acw_s, logged_in_s, aht_s, csat_pct, occupancy_pct, calls_per_logged_in_hour",
                        row("2026-03-02", "T1", 2, 4, 4, 700, 80, 18000, 195.0, 100.0 * 2 / 3, 100.0 * 780 / 17460, 0.8));
    }

    @Test
    void agentsWithoutATeamCountInNoTeam() {
        teams("2026-03-02")
                .given(Table.GOLD_KPI_AGENT_DAILY, AGENT_DAY,
                        row("2026-03-02", "A1", "T1", 3, 3, 600, 60, 14400, 600, 0, 0, true),
                        row("2026-03-02", "unknown:PJSIP/299", null, 5, 5, 500, 0, 0, 0, 0, 0, true))
                .expect(Table.GOLD_KPI_TEAM_DAILY, "team_id, agents_active, calls_answered, talk_s",
                        row("T1", 1, 3, 600));
    }

    @Test
    void theTeamsNameAndLeadAreThoseValidOnTheDate() {
        teams("2026-03-01", "2026-03-02")
                .given(Table.GOLD_KPI_AGENT_DAILY, AGENT_DAY,
                        row("2026-03-01", "A1", "T1", 1, 1, 60, 0, 3600, 0, 0, 0, true),
                        row("2026-03-02", "A1", "T1", 2, 2, 60, 0, 3600, 0, 0, 0, true),
                        row("2026-03-02", "A3", "T2", 1, 1, 60, 0, 3600, 0, 0, 0, true))
                .expect(Table.GOLD_KPI_TEAM_DAILY, "date_local, team_id, team_name, team_lead_login, calls_answered",
                        row("2026-03-01", "T1", "Team North", "lead.one", 1),
                        row("2026-03-02", "T1", "Team Nord", "lead.one", 2),
                        row("2026-03-02", "T2", "Team South", "lead.two", 1));
    }

    @Test
    void ticketMediansAreOverTheTeamsSolvedTicketsNotOverItsAgentsMedians() {
        // first replies: A1 10, 20 and 30 min (median 20), A2 100 (median 100). T1: the median of 10, 20, 30, 100 = 25
        // (not 60, the mean of the medians); a deleted and an unsolved ticket are no solved tickets (is_solved, silver.fact_ticket's)
        teams("2026-03-02")
                .given(Table.GOLD_KPI_AGENT_DAILY, AGENT_DAY,
                        row("2026-03-02", "A1", "T1", 0, 0, 0, 0, 3600, 0, 0, 0, true),
                        row("2026-03-02", "A2", "T1", 0, 0, 0, 0, 3600, 0, 0, 0, true))
                .given(Table.SILVER_FACT_TICKET, "date_local, ticket_id, agent_id, status, solved_at_utc, reply_time_min, is_solved",
                        row("2026-03-02", 1, "A1", "solved", "2026-03-02 10:00:00", 10, true),
                        row("2026-03-02", 2, "A1", "solved", "2026-03-02 11:00:00", 20, true),
                        row("2026-03-02", 3, "A1", "closed", "2026-03-02 12:00:00", 30, true),
                        row("2026-03-02", 4, "A2", "solved", "2026-03-02 10:00:00", 100, true),
                        row("2026-03-02", 5, "A1", "deleted", "2026-03-02 10:00:00", 1000, false),
                        row("2026-03-02", 6, "A2", "open", null, 1000, false))
                .expect(Table.GOLD_KPI_TEAM_DAILY, "team_id, first_reply_min_median",
                        row("T1", 25.0));
    }
}
