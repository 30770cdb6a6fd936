package io.indicate.telephony;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The event-time spans of the new queue_log files (inclusive epoch seconds), merged where they overlap or touch, and
 * the bronze rows that fall in them.
 *
 * <p>A few spans (a cycle's one slice) become one {@code epoch BETWEEN} per span, which Delta's data skipping and
 * Parquet's statistics use to read only the files and row groups of those seconds. Many spans (a first load of a
 * year of daily files: 365 disjoint days) do not: an OR of hundreds of comparisons is more code than Spark's code
 * generator compiles ({@code failed to compile}, then evaluated row by row) and took 187 s to plan the first build of
 * 100 agents × 365 days. Those are cut at UTC midnight and joined on the partition column {@code event_date} (each
 * row compared with its own day's spans only, the spans broadcast).
 */
final class EpochRanges {
    /** Up to this many merged spans are written as comparisons; more are joined. */
    static final int MAX_PREDICATES = 8;
    private static final StructType PIECES = new StructType()
            .add("_range_day", DataTypes.DateType, false)
            .add("_range_from", DataTypes.LongType, false)
            .add("_range_to", DataTypes.LongType, false);

    private final List<long[]> merged;

    private EpochRanges(List<long[]> merged) {
        this.merged = merged;
    }

    /** The spans {@code [from, to]} (any order, overlapping or not) merged into disjoint ones in time order. */
    static EpochRanges of(List<long[]> spans) {
        List<long[]> sorted = new ArrayList<>();
        for (long[] s : spans) {
            if (s[0] > s[1]) throw new IllegalArgumentException("a span ends before it begins: " + s[0] + " > " + s[1]);
            sorted.add(new long[]{s[0], s[1]});
        }
        sorted.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] s : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], s[1]);
            } else {
                merged.add(s);
            }
        }
        return new EpochRanges(merged);
    }

    boolean isEmpty() {
        return merged.isEmpty();
    }

    /** The merged spans, in time order (copies). */
    List<long[]> spans() {
        return merged.stream().map(long[]::clone).toList();
    }

    /**
     * The rows of {@code rows} whose {@code epoch} lies in a span; {@code rows} has the bronze columns {@code epoch}
     * and {@code event_date} (the UTC date of epoch).
     */
    Dataset<Row> keep(Dataset<Row> rows) {
        if (merged.size() <= MAX_PREDICATES) {
            Column in = lit(false);
            for (long[] s : merged) in = in.or(col("epoch").between(s[0], s[1]));
            return rows.filter(in);
        }
        List<Row> pieces = new ArrayList<>();
        for (long[] s : merged) {
            for (long from = s[0]; from <= s[1]; ) {
                LocalDate day = QueueLogIngest.eventDate(from);
                long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
                long to = Math.min(s[1], dayEnd);
                pieces.add(RowFactory.create(java.sql.Date.valueOf(day), from, to));
                from = to + 1;
            }
        }
        Dataset<Row> spans = broadcast(rows.sparkSession().createDataFrame(pieces, PIECES));
        return rows.join(spans, col("event_date").equalTo(col("_range_day"))
                .and(col("epoch").between(col("_range_from"), col("_range_to"))), "left_semi");
    }
}
