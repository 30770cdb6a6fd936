package io.indicate.privacy;

import io.indicate.warehouse.Table;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedSet;
import java.util.Collections;

/**
 * What erasing a person changed in one source's bronze tables ({@link io.indicate.ingest.Source#erase}): rows deleted
 * or re-keyed per table, in the order they were changed, and the built dates that changed with them beyond those the
 * silver facts show.
 */
public record ErasedRows(Map<Table, Long> rows, SortedSet<LocalDate> dates) {
    /** The source holds no one of that kind. */
    public static final ErasedRows NONE = new ErasedRows(Map.of(), Collections.emptySortedSet());

    public static ErasedRows of(Table table, long rows) {
        return new ErasedRows(Map.of(table, rows), Collections.emptySortedSet());
    }

    public boolean holdsTheKind() {
        return !rows.isEmpty();
    }
}
