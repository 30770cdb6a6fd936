package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * silver.fact_csat: the latest rating of each ticket, dated by the local date (Europe/Stockholm, UTC+1 in March) of
 * its created_at, by the roster agent whose crm_user_id is its assignee (KPI-DEFINITIONS.md, CRM: the agent's day).
 */
@ModelTest
class FactCsatModelTest {
    private static final String RATING = "id, ticket_id, score, assignee_id, created_at, updated_at, _ingested_at";
    private static final String FACT = "date_local, ticket_id, rating_id, score, agent_id";

    private static ModelHarness withAgents() {
        return ModelHarness.forDates("2026-03-02")
                .given(Table.SILVER_DIM_AGENT, "agent_id, login, crm_user_id, role, valid_from, valid_to",
                        row("A1", "anna.one", "101", "agent", "2025-01-01", null));
    }

    @Test
    void theLatestRatingOfATicketWinsTiesByTheLaterDelivery() {
        // ticket 1: rated bad at 10:00, changed to good at 12:00 (good). Ticket 2: two deliveries of the same update
        // (the later one, bad)
        withAgents()
                .given(Table.BRONZE_CRM_SATISFACTION_RATING, RATING,
                        row(11, 1, "bad", "101", "2026-03-02 09:00:00", "2026-03-02 10:00:00", "2026-03-02 10:05:00"),
                        row(11, 1, "good", "101", "2026-03-02 09:00:00", "2026-03-02 12:00:00", "2026-03-02 12:05:00"),
                        row(21, 2, "good", "101", "2026-03-02 09:00:00", "2026-03-02 10:00:00", "2026-03-02 10:05:00"),
                        row(22, 2, "bad", "101", "2026-03-02 09:00:00", "2026-03-02 10:00:00", "2026-03-02 11:05:00"))
                .expect(Table.SILVER_FACT_CSAT, FACT,
                        row("2026-03-02", 1, 11, "good", "A1"),
                        row("2026-03-02", 2, 22, "bad", "A1"));
    }

    @Test
    void aRatingIsDatedByTheLocalDateOfItsCreation() {
        // 2026-03-01 23:30 UTC is 00:30 on the 2nd in Stockholm; 2026-03-02 23:30 UTC is already the 3rd
        withAgents()
                .given(Table.BRONZE_CRM_SATISFACTION_RATING, RATING,
                        row(31, 3, "good", "101", "2026-03-01 23:30:00", "2026-03-02 08:00:00", "2026-03-02 08:05:00"),
                        row(41, 4, "good", "101", "2026-03-02 23:30:00", "2026-03-02 23:40:00", "2026-03-02 23:45:00"))
                .expect(Table.SILVER_FACT_CSAT, FACT,
                        row("2026-03-02", 3, 31, "good", "A1"));
    }

    @Test
    void anAssigneeNoRosterRowExplainsIsKeptAsUnknown() {
        withAgents()
                .given(Table.BRONZE_CRM_SATISFACTION_RATING, RATING,
                        row(51, 5, "bad", "999", "2026-03-02 09:00:00", "2026-03-02 09:00:00", "2026-03-02 09:05:00"))
                .expect(Table.SILVER_FACT_CSAT, FACT,
                        row("2026-03-02", 5, 51, "bad", "unknown:999"));
    }
}
