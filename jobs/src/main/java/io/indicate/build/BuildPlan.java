package io.indicate.build;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one build does: the local dates whose silver and gold partitions it replaces, and the ingest batches
 * it folds in (recorded in meta.build_log once the build has finished).
 *
 * <p>An incremental plan also knows which inputs changed on which dates ({@code datesByInput}: a source of
 * {@link ModelGraph}, e.g. {@code crm}, to the dates its new batches touch). Each table then replaces only the
 * dates of the inputs it reads, and a table none of whose inputs changed is left alone: a cycle with new
 * queue_log lines rewrites no CRM fact. Without that map (a full, range or erasure build) every table
 * replaces every date of the plan.
 *
 * <p>{@code queueLogLines} is about how many queue_log lines the plan's dates hold (what the build reads, which
 * sizes its Spark settings), or -1 when the planner did not count them.
 *
 * <p>{@code owedRepeatDates}: the earlier dates whose repeat contacts are still to be rebuilt once this build is
 * done ({@link BuildPlanner#incremental(boolean)} with deferral: the dates it left, plus those owed before; a plan
 * that includes every owed date: empty), recorded in meta.build_log; null for a plan that neither defers nor settles
 * them (an erasure's), which carries the owed dates of the build before it forward.
 */
public record BuildPlan(String kind, List<String> batchIds, SortedSet<LocalDate> dates,
                        Map<String, SortedSet<LocalDate>> datesByInput, long queueLogLines, SortedSet<LocalDate> owedRepeatDates) {

    /** A plan that replaces every date of {@code dates} in every table. */
    public BuildPlan(String kind, List<String> batchIds, SortedSet<LocalDate> dates) {
        this(kind, batchIds, dates, null, -1, null);
    }

    /** A plan with per-input dates whose lines are not counted. */
    public BuildPlan(String kind, List<String> batchIds, SortedSet<LocalDate> dates, Map<String, SortedSet<LocalDate>> datesByInput) {
        this(kind, batchIds, dates, datesByInput, -1, null);
    }

    public boolean isEmpty() {
        return batchIds.isEmpty() && dates.isEmpty();
    }

    /** The dates a table reading {@code inputs} replaces. */
    public SortedSet<LocalDate> datesFor(Collection<String> inputs) {
        if (datesByInput == null) return dates;
        SortedSet<LocalDate> out = new TreeSet<>();
        for (String input : inputs) out.addAll(datesByInput.getOrDefault(input, new TreeSet<>()));
        return out;
    }

    /** Whether new data of any of {@code inputs} is folded in (always, for a plan without per-input dates). */
    public boolean changes(Collection<String> inputs) {
        return datesByInput == null || inputs.stream().anyMatch(datesByInput::containsKey);
    }
}
