package io.indicate.build;

import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One source's files in {@code meta.ingest_log}, as the build planner dates them ({@link io.indicate.ingest.Source#datesTouched},
 * {@link io.indicate.ingest.Source#datesCovered}): those of the batches not built yet and those built, with the
 * warehouse they are read from, its time zone and the repeat-contact window.
 */
public final class SourceBatches {
    /** One file's row of {@code meta.ingest_log}. */
    public record Ingested(String batchId, String source, Long minEpoch, Long maxEpoch, LocalDate ingestedDate, long rowsLoaded) {}

    private final Warehouse warehouse;
    private final ZoneId zone;
    private final int repeatWindowDays;
    private final List<Ingested> pending;
    private final List<Ingested> built;

    SourceBatches(Warehouse warehouse, ZoneId zone, int repeatWindowDays, List<Ingested> pending, List<Ingested> built) {
        this.warehouse = warehouse;
        this.zone = zone;
        this.repeatWindowDays = repeatWindowDays;
        this.pending = pending;
        this.built = built;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public ZoneId zone() {
        return zone;
    }

    public int repeatWindowDays() {
        return repeatWindowDays;
    }

    /** The files of the batches no build took yet. */
    public List<Ingested> pending() {
        return pending;
    }

    /** The files of the batches a build took. */
    public List<Ingested> built() {
        return built;
    }

    public List<Ingested> all() {
        return Stream.concat(built.stream(), pending.stream()).toList();
    }

    /** The ids of the batches of {@code files}, each once. */
    public static List<String> batchIds(List<Ingested> files) {
        return files.stream().map(Ingested::batchId).distinct().toList();
    }

    /** Every local date from the one of {@code fromEpoch} to the one of {@code toEpoch}. */
    public SortedSet<LocalDate> localDates(long fromEpoch, long toEpoch) {
        SortedSet<LocalDate> out = new TreeSet<>();
        LocalDate last = Instant.ofEpochSecond(toEpoch).atZone(zone).toLocalDate();
        for (LocalDate d = Instant.ofEpochSecond(fromEpoch).atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /** The dates of a query with one date column. */
    public static SortedSet<LocalDate> datesOf(Dataset<Row> oneDateColumn) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : oneDateColumn.collectAsList()) out.add(r.getDate(0).toLocalDate());
        return out;
    }
}
