package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * gold.kpi_org_daily: the organisation's day, every agent (also those no roster row explains) and every queue
 * (KPI-DEFINITIONS.md, Gold marts).
 */
@ModelTest
class KpiOrgDailyModelTest {
    private static final String AGENT_DAY = "date_local, agent_id, team_id, calls_answered, calls_completed, talk_s, acw_s, "
            + "logged_in_s, paused_s, is_active";
    private static final String QUEUE_DAY = "date_local, queue, offered, answered, answered_within_sl, abandoned, "
            + "short_abandoned, answered_wait_s, max_wait_s";

    @Test
    void everyAgentCountsAlsoOneNoRosterRowExplains() {
        // A4 in T3 did nothing that day: not active (is_active, kpi_agent_daily's), and T3 is no active team
        ModelHarness.forDates("2026-03-02")
                .given(Table.GOLD_KPI_AGENT_DAILY, AGENT_DAY,
                        row("2026-03-02", "A1", "T1", 3, 3, 600, 60, 14400, 600, true),
                        row("2026-03-02", "A2", "T2", 1, 1, 100, 20, 3600, 20, true),
                        row("2026-03-02", "unknown:PJSIP/299", null, 2, 2, 200, 0, 0, 0, true),
                        row("2026-03-02", "A4", "T3", 0, 0, 0, 0, 0, 0, false))
                .expect(Table.GOLD_KPI_ORG_DAILY, "date_local, agents_active, teams_active, calls_answered, talk_s, aht_s",
                        row("2026-03-02", 3, 2, 6, 900, (900.0 + 80) / 6));
    }

    @Test
    void queueMetricsAreOverEveryQueueRatiosFromTheirSums() {
        // support 6 of 8 within the service level, sales 3 of 3: 9 / (14 - 2) = 75 % (not the queues' mean 87.5 %);
        // abandon rate 1 / 12; ASA (80 + 30) s / 11; the longest wait of any queue
        ModelHarness.forDates("2026-03-02")
                .given(Table.GOLD_KPI_QUEUE_DAILY, QUEUE_DAY,
                        row("2026-03-02", "support", 10, 8, 6, 0, 2, 80, 30),
                        row("2026-03-02", "sales", 4, 3, 3, 1, 0, 30, 45))
                .expect(Table.GOLD_KPI_ORG_DAILY, "date_local, offered, answered, answered_within_sl, abandoned, "
                                + "short_abandoned, max_wait_s, service_level_pct, abandon_rate_pct, asa_s",
                        row("2026-03-02", 14, 11, 9, 1, 2, 45, 75.0, 100.0 / 12, 110.0 / 11));
    }

    @Test
    void aDayOfQueueCallsNoAgentAnsweredStillHasItsRow() {
        ModelHarness.forDates("2026-03-02")
                .given(Table.GOLD_KPI_QUEUE_DAILY, QUEUE_DAY,
                        row("2026-03-02", "support", 3, 0, 0, 3, 0, 0, 120))
                .expect(Table.GOLD_KPI_ORG_DAILY, "date_local, agents_active, calls_answered, offered, abandon_rate_pct, aht_s",
                        row("2026-03-02", 0, 0, 3, 100.0, null));
    }
}
