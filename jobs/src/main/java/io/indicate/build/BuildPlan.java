package io.indicate.build;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

/**
 * What one build does: the local dates whose silver and gold partitions it replaces completely, and the
 * ingest batches it folds in (recorded in meta.build_log once the build has finished).
 */
public record BuildPlan(String kind, List<String> batchIds, SortedSet<LocalDate> dates) {
    public boolean isEmpty() {
        return batchIds.isEmpty() && dates.isEmpty();
    }
}
