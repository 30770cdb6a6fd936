package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * The source-level rules of the staging models (sql/staging), the one place each bronze table is read: which version
 * of a record counts (SOURCES.md sections 3 and 4) and the types the text of a CSV source becomes.
 */
@ModelTest
class StagingModelTest {
    private static ModelHarness harness() {
        return ModelHarness.forDates("2026-03-02");
    }

    @Test
    void theLatestVersionOfATicketWinsTiesByTheLaterDelivery() {
        // ticket 1 changed from open to solved; ticket 2's same update delivered twice (the later delivery, pending)
        harness()
                .given(Table.BRONZE_CRM_TICKET, "id, updated_at, status, _ingested_at",
                        row(1, "2026-03-02 10:00:00", "open", "2026-03-02 12:05:00"),
                        row(1, "2026-03-02 12:00:00", "solved", "2026-03-02 12:05:00"),
                        row(2, "2026-03-02 10:00:00", "open", "2026-03-02 10:05:00"),
                        row(2, "2026-03-02 10:00:00", "pending", "2026-03-02 11:05:00"))
                .expectView("stg_crm_ticket", "ticket_id, status, updated_at",
                        row(1, "solved", "2026-03-02 12:00:00"),
                        row(2, "pending", "2026-03-02 10:00:00"));
    }

    @Test
    void ticketMetricsAreOrderedByUpdatedAtOnlyWhenEveryVersionHasIt() {
        // ticket 3: both versions dated, the older one delivered later; ticket 4: one version undated, so arrival orders
        harness()
                .given(Table.BRONZE_CRM_TICKET_METRIC, "ticket_id, updated_at, replies, _ingested_at",
                        row(3, "2026-03-02 10:00:00", 2, "2026-03-02 10:05:00"),
                        row(3, "2026-03-02 09:00:00", 1, "2026-03-02 11:05:00"),
                        row(4, "2026-03-02 12:00:00", 5, "2026-03-02 10:05:00"),
                        row(4, null, 6, "2026-03-02 11:05:00"))
                .expectView("stg_crm_ticket_metric", "ticket_id, replies",
                        row(3, 2),
                        row(4, 6));
    }

    @Test
    void aRatingOfNoTicketIsLeftOut() {
        harness()
                .given(Table.BRONZE_CRM_SATISFACTION_RATING, "id, ticket_id, score, updated_at",
                        row(60, null, "good", "2026-03-02 09:00:00"),
                        row(61, 6, "bad", "2026-03-02 09:00:00"))
                .expectView("stg_crm_satisfaction_rating", "ticket_id, rating_id, score",
                        row(6, 61, "bad"));
    }

    @Test
    void aRosterRowDeliveredAgainReplacesTheEarlierDeliveryOfThatVersion() {
        // A1 from 2026-03-01: corrected (team T2) in a later export; from 2026-03-10 a move to team T3
        harness()
                .given(Table.BRONZE_ROSTER, "agent_id, team_id, role, valid_from, _ingested_at",
                        row("A1", "T1", "Agent", "2026-03-01", "2026-03-01 06:00:00"),
                        row("A1", "T2", "agent", "2026-03-01", "2026-03-02 06:00:00"),
                        row("A1", "T3", "team_lead", "2026-03-10", "2026-03-02 06:00:00"))
                .expectView("stg_roster", "agent_id, team_id, role, valid_from",
                        row("A1", "T2", "agent", "2026-03-01"),
                        row("A1", "T3", "team_lead", "2026-03-10"));
    }

    @Test
    void aGoalsValueBecomesANumberAndTheOrganisationsScopeIdEmpty() {
        harness()
                .given(Table.BRONZE_GOALS, "scope, scope_id, kpi, direction, value, valid_from, _ingested_at",
                        row("Org", null, "service_level", "AT_LEAST", "0.8", "2026-03-01", "2026-03-01 06:00:00"))
                .expectView("stg_goals", "scope, scope_id, kpi, direction, goal_value, valid_from",
                        row("org", "", "service_level", "at_least", 0.8, "2026-03-01"));
    }

    @Test
    void aCdrRowOfTheBuildsDatesGetsItsLocalTimesInUtc() {
        // Stockholm is UTC+1 in March; a row of another start_date is outside the build's dates
        harness()
                .given(Table.BRONZE_CDR, "line_hash, src, duration, start, answer, end, start_date",
                        row("h1", "201", 30, "2026-03-02 09:00:00", "", "2026-03-02 09:00:30", "2026-03-02"),
                        row("h2", "201", 30, "2026-03-03 09:00:00", "", "2026-03-03 09:00:30", "2026-03-03"))
                .expectView("stg_cdr", "line_hash, date_local, start_utc, answer_utc, end_utc, duration_s",
                        row("h1", "2026-03-02", "2026-03-02 08:00:00", null, "2026-03-02 08:00:30", 30));
    }
}
