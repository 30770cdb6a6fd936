package io.indicate.airflow;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What to back-fill: the runs of {@code dagId} whose logical date lies in [{@code from}, {@code to}] (both
 * inclusive, as Airflow counts them). By default every date is run again, also those that already succeeded,
 * because the usual reason for a back-fill is late data or a corrected KPI rule; and one run at a time, because
 * the runs of one DAG write the same Delta tables.
 */
public record BackfillRequest(String dagId, OffsetDateTime from, OffsetDateTime to, Reprocess reprocess,
                              int maxActiveRuns) {

    /** Airflow's {@code reprocess_behavior}: which dates that already have a run are run again. */
    public enum Reprocess {
        /** only dates without a run */
        none,
        /** also dates whose run failed */
        failed,
        /** every date */
        completed
    }

    public BackfillRequest {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(reprocess, "reprocess");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("backfill of " + dagId + ": from " + from + " is after to " + to);
        }
        if (maxActiveRuns < 1) {
            throw new IllegalArgumentException("maxActiveRuns must be >= 1, got " + maxActiveRuns);
        }
    }

    public static BackfillRequest of(String dagId, OffsetDateTime from, OffsetDateTime to) {
        return new BackfillRequest(dagId, from, to, Reprocess.completed, 1);
    }

    public BackfillRequest withReprocess(Reprocess value) {
        return new BackfillRequest(dagId, from, to, value, maxActiveRuns);
    }

    public BackfillRequest withMaxActiveRuns(int value) {
        return new BackfillRequest(dagId, from, to, reprocess, value);
    }
}
