package io.indicate.build;

import io.indicate.build.SourceBatches.Ingested;
import io.indicate.config.Settings;
import io.indicate.ingest.Source;
import io.indicate.ingest.Sources;
import io.indicate.progress.Progress;
import io.indicate.spark.SparkSizing;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * Decides which local dates a build must replace. An incremental build replaces the dates the batches not yet
 * built touch, so its cost follows the new data; it keeps them per input ({@link ModelGraph}), so that each
 * table replaces only the dates of the inputs it reads: for each source with new batches, the dates it says they
 * touch ({@link Source#datesTouched}: queue_log its events' dates, the ENTERQUEUE dates of their calls, the dates
 * since the last watermark, and as {@link ModelGraph#RETURNING_CALLERS} the earlier calls of callers who called again;
 * CDR the calls' start dates; CRM every date a touched ticket is dated by; roster and goals every built date from
 * their earliest new valid_from on); and, as {@link ModelGraph#INGEST_LOG}, the local dates the batches ran on, for
 * the data-quality counts of the ingest log.
 */
public final class BuildPlanner {
    private final Warehouse warehouse;
    private final ZoneId zone;
    private final int repeatWindowDays;
    private final Progress progress;

    public BuildPlanner(Warehouse warehouse, Settings settings) {
        this(warehouse, settings, Progress.silent());
    }

    /** A planner that reports how long an incremental plan took, and each source's share of it, on {@code progress}. */
    public BuildPlanner(Warehouse warehouse, Settings settings, Progress progress) {
        this.warehouse = warehouse;
        this.zone = settings.zone();
        this.repeatWindowDays = settings.repeatWindowDays();
        this.progress = progress;
    }

    public BuildPlan incremental() {
        return incremental(false);
    }

    /**
     * The batches not yet built, on the dates they touch. With {@code deferRepeats} (the intraday cycle), the earlier
     * dates whose calls have just become repeat contacts (input {@link ModelGraph#RETURNING_CALLERS}) are left out
     * unless the new data falls on them anyway, and owed (recorded in meta.build_log) until a build without deferral:
     * that build, a range build or a full one rebuilds them, so its tables equal a full rebuild's again.
     * While a silver or gold table that gained a column awaits a full build ({@link Warehouse#rebuildRequired}),
     * the plan is {@link #full()}; so is the first build, before any batch was built: every date is new then, and
     * the dates a full plan covers come from the ingest log alone, where an incremental one would scan the new data
     * for them (at 100 agents × 30 days, 24 s of a first build).
     */
    public BuildPlan incremental(boolean deferRepeats) {
        // a table that gained a column (a new KPI or flag) has older rows without it: those are rebuilt first
        if (!warehouse.rebuildRequired().isEmpty()) return full();
        long t0 = System.nanoTime();
        // the plan's queries read the ingest log and bronze windows of a few days: small-data settings (the build
        // then sizes itself by the lines it reads)
        SparkSizing.apply(warehouse.spark(), SparkSizing.Size.SMALL);
        List<Ingested> all = ingested();
        Set<String> built = builtBatches();
        if (built.isEmpty() && !all.isEmpty()) return full(all, built);
        List<Ingested> pending = all.stream().filter(i -> !built.contains(i.batchId())).toList();
        SortedSet<LocalDate> owed = owedRepeatDates();
        if (pending.isEmpty() && (deferRepeats || owed.isEmpty())) {
            return new BuildPlan("incremental", List.of(), new TreeSet<>(), Map.of());
        }

        Map<String, SortedSet<LocalDate>> byInput = new TreeMap<>();
        byInput.put(ModelGraph.INGEST_LOG, new TreeSet<>(pending.stream().map(Ingested::ingestedDate).toList()));
        List<DatesTouched> fromADay = new ArrayList<>();
        List<String> perSource = new ArrayList<>();
        for (Source source : Sources.ALL) {
            SourceBatches batches = batchesOf(source, all, built);
            if (batches.pending().isEmpty()) continue;
            long s0 = System.nanoTime();
            DatesTouched touched = source.datesTouched(batches);
            perSource.add(String.format(Locale.ROOT, "%s %.1f s", source.name(), (System.nanoTime() - s0) / 1e9));
            if (touched.fromADay()) fromADay.add(touched);
            else byInput.putAll(touched.resolve(null));
        }
        // a roster change re-attributes every built date from its valid_from on, whatever reads the roster; a goals
        // change likewise changes which goal applies from its valid_from on
        Supplier<SortedSet<LocalDate>> known = new Supplier<>() {
            private SortedSet<LocalDate> dates;

            @Override
            public SortedSet<LocalDate> get() {
                if (dates == null) {
                    dates = builtDates();
                    byInput.values().forEach(dates::addAll);
                }
                return dates;
            }
        };
        Map<String, SortedSet<LocalDate>> fromValidFrom = new TreeMap<>();
        for (DatesTouched touched : fromADay) fromValidFrom.putAll(touched.resolve(known));
        byInput.putAll(fromValidFrom);
        // repeat contacts to rebuild: the earlier calls of callers in the new data, and those owed by deferring builds
        SortedSet<LocalDate> returning = new TreeSet<>(owed);
        returning.addAll(byInput.getOrDefault(ModelGraph.RETURNING_CALLERS, new TreeSet<>()));
        owed.clear();
        if (deferRepeats) {
            // a date other new data falls on is rebuilt now (the marts that count repeats replace it whole anyway)
            SortedSet<LocalDate> otherwise = new TreeSet<>();
            byInput.forEach((input, d) -> { if (!input.equals(ModelGraph.RETURNING_CALLERS)) otherwise.addAll(d); });
            for (LocalDate d : returning) if (!otherwise.contains(d)) owed.add(d);
            returning.removeAll(owed);
        }
        if (!returning.isEmpty() || byInput.containsKey(ModelGraph.RETURNING_CALLERS)) byInput.put(ModelGraph.RETURNING_CALLERS, returning);
        SortedSet<LocalDate> dates = new TreeSet<>();
        byInput.values().forEach(dates::addAll);
        progress.line(String.format(Locale.ROOT, "build: planned in %.1f s (the dates new data touches: %s)",
                (System.nanoTime() - t0) / 1e9, String.join(", ", perSource)));
        return new BuildPlan("incremental", pending.stream().map(Ingested::batchId).distinct().sorted().toList(), dates, byInput,
                queueLogLinesOn(all, dates), owed);
    }

    /** Every date the data covers, and every pending batch. */
    public BuildPlan full() {
        return full(ingested(), builtBatches());
    }

    private BuildPlan full(List<Ingested> all, Set<String> built) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (Ingested i : all) dates.add(i.ingestedDate());
        for (Source source : Sources.ALL) dates.addAll(source.datesCovered(batchesOf(source, all, built)));
        dates.addAll(builtDates());
        List<String> pending = all.stream().map(Ingested::batchId).filter(b -> !built.contains(b)).distinct().sorted().toList();
        return new BuildPlan("full", pending, dates, null, queueLogLinesOn(all, dates), new TreeSet<>());
    }

    /**
     * Exactly the dates from..to (inclusive), and the marts that count repeat contacts also on the dates owed to them
     * ({@link #incremental(boolean)}); batches not yet built stay pending for the next incremental build.
     */
    public BuildPlan range(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        SortedSet<LocalDate> range = new TreeSet<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) range.add(d);
        SortedSet<LocalDate> owed = owedRepeatDates();
        if (owed.isEmpty()) return new BuildPlan("range", List.of(), range);
        Map<String, SortedSet<LocalDate>> byInput = new TreeMap<>();
        for (String input : ModelGraph.INPUTS) byInput.put(input, range);
        SortedSet<LocalDate> returning = new TreeSet<>(range);
        returning.addAll(owed);
        byInput.put(ModelGraph.RETURNING_CALLERS, returning);
        return new BuildPlan("range", List.of(), returning, byInput, -1, new TreeSet<>());
    }

    /**
     * The earlier dates whose repeat contacts deferring builds left to a later one: what the latest build recorded
     * (meta.build_log.owed_repeat_dates; none before the column existed).
     */
    public SortedSet<LocalDate> owedRepeatDates() {
        SortedSet<LocalDate> out = new TreeSet<>();
        Row latest = warehouse.read(Table.META_BUILD_LOG).orderBy(col("finished_at").desc(), col("build_id").desc())
                .select("owed_repeat_dates").limit(1).collectAsList().stream().findFirst().orElse(null);
        if (latest != null && !latest.isNullAt(0)) {
            for (Object d : latest.getList(0)) out.add(((java.sql.Date) d).toLocalDate());
        }
        return out;
    }

    /**
     * About how many queue_log lines the local {@code dates} hold ({@link io.indicate.telephony.QueueLogSource#linesOn}):
     * what a build of those dates reads, from the ingest log alone, without touching bronze.
     */
    public long queueLogLinesOn(SortedSet<LocalDate> dates) {
        return queueLogLinesOn(ingested(), dates);
    }

    private long queueLogLinesOn(List<Ingested> all, SortedSet<LocalDate> dates) {
        return Sources.QUEUE_LOG.linesOn(batchesOf(Sources.QUEUE_LOG, all, Set.of()), dates);
    }

    /** The newest event time of all queue_log files read so far, or null before any. */
    public Long watermark() {
        return Sources.QUEUE_LOG.watermark(batchesOf(Sources.QUEUE_LOG, ingested(), Set.of()));
    }

    private SourceBatches batchesOf(Source source, List<Ingested> all, Set<String> built) {
        List<Ingested> own = all.stream().filter(i -> source.name().equals(i.source())).toList();
        return new SourceBatches(warehouse, zone, repeatWindowDays,
                own.stream().filter(i -> !built.contains(i.batchId())).toList(),
                own.stream().filter(i -> built.contains(i.batchId())).toList());
    }

    private List<Ingested> ingested() {
        List<Ingested> out = new ArrayList<>();
        for (Row r : warehouse.read(Table.META_INGEST_LOG)
                .select("batch_id", "source", "min_epoch", "max_epoch", "ingested_date_local", "rows_loaded").collectAsList()) {
            out.add(new Ingested(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getLong(2),
                    r.isNullAt(3) ? null : r.getLong(3), r.getDate(4).toLocalDate(), r.getLong(5)));
        }
        return out;
    }

    private Set<String> builtBatches() {
        return new HashSet<>(warehouse.read(Table.META_BUILD_LOG).select(explode(col("batch_ids")))
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    private SortedSet<LocalDate> builtDates() {
        return SourceBatches.datesOf(warehouse.read(Table.SILVER_DIM_DATE).select("date_local"));
    }
}
