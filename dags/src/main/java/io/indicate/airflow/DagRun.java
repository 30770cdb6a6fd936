package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One run of a DAG as Airflow reports it. Timestamps are Airflow's ISO-8601 strings, kept as text because they
 * are only shown to people; {@code null} where Airflow has none yet (a queued run has no start date).
 */
public record DagRun(String dagId, String runId, String state, String runType, String logicalDate, String startDate,
                     String endDate) {

    /** True once Airflow will not change the state any more. */
    public boolean isFinished() {
        return "success".equals(state) || "failed".equals(state);
    }

    public boolean failed() {
        return "failed".equals(state);
    }

    public boolean succeeded() {
        return "success".equals(state);
    }

    static DagRun fromJson(JsonNode run) {
        return new DagRun(text(run, "dag_id"), text(run, "dag_run_id"), text(run, "state"), text(run, "run_type"),
                text(run, "logical_date"), text(run, "start_date"), text(run, "end_date"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
