package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A backfill Airflow accepted: it creates one run per schedule point between the two dates, then runs them.
 * {@code completedAt} is {@code null} until every run of it has finished (successfully or not).
 */
public record Backfill(long id, String dagId, String fromDate, String toDate, String reprocessBehavior,
                       String completedAt) {

    public boolean isCompleted() {
        return completedAt != null;
    }

    static Backfill fromJson(JsonNode backfill) {
        return new Backfill(backfill.path("id").asLong(), DagRun.text(backfill, "dag_id"),
                DagRun.text(backfill, "from_date"), DagRun.text(backfill, "to_date"),
                DagRun.text(backfill, "reprocess_behavior"), DagRun.text(backfill, "completed_at"));
    }
}
