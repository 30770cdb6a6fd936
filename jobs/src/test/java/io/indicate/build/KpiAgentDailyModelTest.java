package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * gold.kpi_agent_daily's flag is_active: an agent worked that day when they answered a call, were logged in, solved
 * a ticket or made an outbound call (not when they were only rung or only rated: a customer rates when they choose);
 * the team and organisation marts count those agents (agents_active), and only those days are judged against goals.
 */
@ModelTest
class KpiAgentDailyModelTest {
    @Test
    void anAgentIsActiveOnADayOfWorkAndNotOnADayOfOnlyUnansweredRingsOrOnlyRatings() {
        // A1 only let a call ring unanswered: a row (ring_no_answer 1), not active. A2 was only rated (a customer's
        // rating of an earlier ticket, given on A2's day off): a row (csat_good 1), not active. A3 logged in for an
        // hour: active
        ModelHarness.forDates("2026-03-02")
                .given(Table.SILVER_FACT_RING_NO_ANSWER, "date_local, agent_id, member",
                        row("2026-03-02", "A1", "PJSIP/201"))
                .given(Table.SILVER_FACT_CSAT, "date_local, ticket_id, rating_id, score, agent_id",
                        row("2026-03-02", 7, 70, "good", "A2"))
                .given(Table.SILVER_FACT_AGENT_SESSION, "date_local, agent_id, segment, seconds",
                        row("2026-03-02", "A3", "logged_in", 3600))
                .expect(Table.GOLD_KPI_AGENT_DAILY, "agent_id, ring_no_answer, csat_good, logged_in_s, is_active",
                        row("A1", 1, 0, 0, false),
                        row("A2", 0, 1, 0, false),
                        row("A3", 0, 0, 3600, true));
    }

    @Test
    void aTicketCountsAsSolvedWhenFactTicketSaysSo() {
        // is_solved is silver.fact_ticket's (solved, assigned, not deleted): the mart counts those and no others
        ModelHarness.forDates("2026-03-02")
                .given(Table.SILVER_FACT_TICKET, "date_local, ticket_id, agent_id, status, solved_at_utc, is_solved",
                        row("2026-03-02", 1, "A1", "solved", "2026-03-02 10:00:00", true),
                        row("2026-03-02", 2, "A1", "deleted", "2026-03-02 11:00:00", false))
                .expect(Table.GOLD_KPI_AGENT_DAILY, "agent_id, tickets_solved, is_active",
                        row("A1", 1, true));
    }
}
