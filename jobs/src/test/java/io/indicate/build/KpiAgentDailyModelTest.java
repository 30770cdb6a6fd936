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

    private static final String CALL = "date_local, queue, callid, caller_hash, entered_at_utc, outcome, agent_id, is_completed";

    @Test
    void aCallerBackExactlySevenDaysLaterIsARepeatContactOneSecondLaterIsNot() {
        // A1 answers h1 and h2 on the 10th at 10:00 UTC; h1 enters sales exactly 7 days later (within the window, in
        // another queue), h2 7 days and 1 s later (outside). An anonymous caller (no pseudonym) is nobody's repeat
        ModelHarness.forDates("2026-03-10")
                .given(Table.SILVER_FACT_QUEUE_CALL, CALL,
                        row("2026-03-10", "support", "c1", "h1", "2026-03-10 10:00:00", "answered", "A1", true),
                        row("2026-03-10", "support", "c2", "h2", "2026-03-10 10:00:00", "answered", "A1", true),
                        row("2026-03-10", "support", "c3", null, "2026-03-10 11:00:00", "answered", "A1", true),
                        row("2026-03-10", "support", "c4", null, "2026-03-10 11:30:00", "abandoned", null, false),
                        row("2026-03-17", "sales", "c5", "h1", "2026-03-17 10:00:00", "abandoned", null, false),
                        row("2026-03-17", "support", "c6", "h2", "2026-03-17 10:00:01", "abandoned", null, false))
                .expect(Table.GOLD_KPI_AGENT_DAILY, "date_local, agent_id, calls_answered, repeat_contacts, repeat_contact_rate_pct",
                        row("2026-03-10", "A1", 3, 1, 100.0 / 3));
    }

    /**
     * The window is repeat_window_days of 24 hours (README, KPI definitions added here): across the autumn DST change
     * the same local time a week later is 169 hours later, outside it.
     */
    @Test
    void theRepeatWindowIsSevenTimes24HoursSoTheSameLocalTimeAWeekLaterAcrossTheAutumnDstChangeIsOutsideIt() {
        // Tuesday 2026-10-20 10:00 CEST (08:00 UTC); Tuesday 2026-10-27 10:00 CET (09:00 UTC)
        ModelHarness.forDates("2026-10-20")
                .given(Table.SILVER_FACT_QUEUE_CALL, CALL,
                        row("2026-10-20", "support", "c1", "h1", "2026-10-20 08:00:00", "answered", "A1", true),
                        row("2026-10-27", "support", "c2", "h1", "2026-10-27 09:00:00", "abandoned", null, false))
                .expect(Table.GOLD_KPI_AGENT_DAILY, "date_local, agent_id, calls_answered, repeat_contacts",
                        row("2026-10-20", "A1", 1, 0));
    }
}
