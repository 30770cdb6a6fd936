package io.indicate.build;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a source's new data makes a build replace ({@link io.indicate.ingest.Source#datesTouched}): either dates per
 * build input, or, for data that changes attribution from a day on (a roster move, a new goal), every date built or
 * otherwise rebuilt from that day on.
 */
public final class DatesTouched {
    private final Map<String, SortedSet<LocalDate>> byInput;
    private final String inputFrom;
    private final LocalDate from;

    private DatesTouched(Map<String, SortedSet<LocalDate>> byInput, String inputFrom, LocalDate from) {
        this.byInput = byInput;
        this.inputFrom = inputFrom;
        this.from = from;
    }

    /** These dates, per input. */
    public static DatesTouched of(Map<String, SortedSet<LocalDate>> byInput) {
        return new DatesTouched(new TreeMap<>(byInput), null, null);
    }

    /** For {@code input}, every date the build knows (built before, or rebuilt for other new data) from {@code from} on; none when {@code from} is null. */
    public static DatesTouched everyDateFrom(String input, LocalDate from) {
        return new DatesTouched(Map.of(), input, from);
    }

    /** The dates per input, with {@code known} (every date built or otherwise rebuilt) for the from-a-day form. */
    Map<String, SortedSet<LocalDate>> resolve(java.util.function.Supplier<SortedSet<LocalDate>> known) {
        if (inputFrom == null) return byInput;
        SortedSet<LocalDate> dates = from == null ? new TreeSet<>() : new TreeSet<>(known.get().tailSet(from));
        return Map.of(inputFrom, dates);
    }

    /** True when the dates depend on what else is rebuilt ({@link #everyDateFrom}). */
    boolean fromADay() {
        return inputFrom != null;
    }
}
