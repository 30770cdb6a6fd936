package io.indicate.build;

import io.indicate.config.Settings;
import io.indicate.crm.CrmIngest;
import io.indicate.goals.GoalsIngest;
import io.indicate.roster.RosterIngest;
import io.indicate.telephony.CdrIngest;
import io.indicate.telephony.QueueLogIngest;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

/**
 * Decides which local dates a build must replace. An incremental build replaces the dates the batches not yet
 * built touch, so its cost follows the new data; it keeps them per input ({@link ModelGraph}), so that each
 * table replaces only the dates of the inputs it reads:
 * <ul>
 *   <li>every local date between the first and last event of each new file (duplicates included, so a file
 *       re-read after a crash still rebuilds its dates);</li>
 *   <li>the ENTERQUEUE date of every call with an event in those files: a call is dated by its ENTERQUEUE, so
 *       an ending that arrives after midnight, or in a later file, rebuilds the day the call belongs to;</li>
 *   <li>the dates from the previous newest event to the new one: sessions left open at the old watermark are
 *       extended;</li>
 *   <li>the dates of calls up to repeat_window_days earlier from callers who enter a queue again in those
 *       files: such a call has just become a repeat contact (for the marts that count repeats only);</li>
 *   <li>for CRM pages, every local date any version of a ticket they touch is dated by (created_at, the
 *       metrics' solved_at, its ratings' created_at): a ticket solved again, or a rating changed, leaves the
 *       date it was counted on;</li>
 *   <li>for CDR files, the local dates of the calls' start;</li>
 *   <li>for roster changes, every built date from the earliest new valid_from on (a move changes attribution
 *       from its date);</li>
 *   <li>for goals changes, likewise every built date from the earliest new valid_from on (only the goals marts
 *       read the goals);</li>
 *   <li>the local dates the batches ran on, for the data-quality counts of the ingest log.</li>
 * </ul>
 */
public final class BuildPlanner {
    private final Warehouse warehouse;
    private final ZoneId zone;
    private final int repeatWindowDays;

    public BuildPlanner(Warehouse warehouse, Settings settings) {
        this.warehouse = warehouse;
        this.zone = settings.zone();
        this.repeatWindowDays = settings.repeatWindowDays();
    }

    private record Ingested(String batchId, String source, Long minEpoch, Long maxEpoch, LocalDate ingestedDate, long rowsLoaded) {}

    public BuildPlan incremental() {
        return incremental(false);
    }

    /**
     * The batches not yet built, on the dates they touch. With {@code deferRepeats} (the intraday cycle), the earlier
     * dates whose calls have just become repeat contacts (input {@link ModelGraph#RETURNING_CALLERS}) are left out
     * unless the new data falls on them anyway, and owed (recorded in meta.build_log) until a build without deferral:
     * that build, a range build or a full one rebuilds them, so its tables equal a full rebuild's again.
     */
    public BuildPlan incremental(boolean deferRepeats) {
        List<Ingested> all = ingested();
        Set<String> built = builtBatches();
        List<Ingested> pending = all.stream().filter(i -> !built.contains(i.batchId())).toList();
        SortedSet<LocalDate> owed = owedRepeatDates();
        if (pending.isEmpty() && (deferRepeats || owed.isEmpty())) {
            return new BuildPlan("incremental", List.of(), new TreeSet<>(), Map.of());
        }

        Map<String, SortedSet<LocalDate>> byInput = new TreeMap<>();
        byInput.put(ModelGraph.INGEST_LOG, new TreeSet<>(pending.stream().map(Ingested::ingestedDate).toList()));

        List<long[]> ranges = new ArrayList<>();
        SortedSet<LocalDate> queueDates = new TreeSet<>();
        for (Ingested i : pending) {
            if (QueueLogIngest.SOURCE.equals(i.source()) && i.minEpoch() != null) {
                queueDates.addAll(localDates(i.minEpoch(), i.maxEpoch()));
                ranges.add(new long[]{i.minEpoch(), i.maxEpoch()});
            }
        }
        queueDates.addAll(enterDatesOfCallsIn(ranges));
        Long previousWatermark = all.stream().filter(i -> built.contains(i.batchId()))
                .filter(i -> QueueLogIngest.SOURCE.equals(i.source()) && i.maxEpoch() != null)
                .map(Ingested::maxEpoch).max(Long::compare).orElse(null);
        Long watermark = watermark(all);
        if (previousWatermark != null && watermark != null && watermark > previousWatermark) {
            queueDates.addAll(localDates(previousWatermark, watermark));
        }
        if (!batchesOf(pending, QueueLogIngest.SOURCE).isEmpty()) {
            byInput.put(QueueLogIngest.SOURCE, queueDates);
            // an earlier call turns into a repeat contact: its facts stay, the marts that count repeats change
            byInput.put(ModelGraph.RETURNING_CALLERS, datesOfEarlierCallsOfReturningCallers(ranges));
        }
        List<String> crmBatches = batchesOf(pending, CrmIngest.SOURCE);
        if (!crmBatches.isEmpty()) byInput.put(CrmIngest.SOURCE, crmDates(crmBatches));
        List<String> cdrBatches = batchesOf(pending, CdrIngest.SOURCE);
        if (!cdrBatches.isEmpty()) byInput.put(CdrIngest.SOURCE, cdrDates(cdrBatches));

        // a roster change re-attributes every built date from its valid_from on, whatever reads the roster; a goals
        // change likewise changes which goal applies from its valid_from on
        Map<String, SortedSet<LocalDate>> fromValidFrom = new TreeMap<>();
        for (Map.Entry<String, Table> source : Map.of(RosterIngest.SOURCE, Table.BRONZE_ROSTER, GoalsIngest.SOURCE, Table.BRONZE_GOALS).entrySet()) {
            List<String> batches = batchesOf(pending, source.getKey());
            if (batches.isEmpty()) continue;
            SortedSet<LocalDate> dates = new TreeSet<>();
            LocalDate from = earliestValidFrom(source.getValue(), batches);
            if (from != null) {
                SortedSet<LocalDate> known = builtDates();
                byInput.values().forEach(known::addAll);
                dates.addAll(known.tailSet(from));
            }
            fromValidFrom.put(source.getKey(), dates);
        }
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
        return new BuildPlan("incremental", pending.stream().map(Ingested::batchId).distinct().sorted().toList(), dates, byInput,
                queueLogLinesOn(all, dates), owed);
    }

    /** Every date the data covers, and every pending batch. */
    public BuildPlan full() {
        List<Ingested> all = ingested();
        Set<String> built = builtBatches();
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (Ingested i : all) {
            dates.add(i.ingestedDate());
            if (QueueLogIngest.SOURCE.equals(i.source()) && i.minEpoch() != null) {
                dates.addAll(localDates(i.minEpoch(), i.maxEpoch()));
            }
        }
        dates.addAll(builtDates());
        dates.addAll(crmDates(batchesOf(all, CrmIngest.SOURCE)));
        dates.addAll(cdrDates(batchesOf(all, CdrIngest.SOURCE)));
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
     * About how many queue_log lines the local {@code dates} hold: each file's loaded lines in the share of its event
     * span that falls on those dates (a file of one day counts whole, a month-long file a 30th per day). What a build
     * of those dates reads, from the ingest log alone, without touching bronze.
     */
    public long queueLogLinesOn(SortedSet<LocalDate> dates) {
        return queueLogLinesOn(ingested(), dates);
    }

    private long queueLogLinesOn(List<Ingested> all, SortedSet<LocalDate> dates) {
        if (dates.isEmpty()) return 0;
        long from = dates.first().atStartOfDay(zone).toEpochSecond();
        long to = dates.last().plusDays(1).atStartOfDay(zone).toEpochSecond() - 1;
        double lines = 0;
        for (Ingested i : all) {
            if (!QueueLogIngest.SOURCE.equals(i.source()) || i.minEpoch() == null || i.maxEpoch() < from || i.minEpoch() > to) continue;
            lines += (double) i.rowsLoaded() * (Math.min(i.maxEpoch(), to) - Math.max(i.minEpoch(), from) + 1)
                    / (i.maxEpoch() - i.minEpoch() + 1);
        }
        return Math.round(lines);
    }

    /** The newest event time of all queue_log files read so far, or null before any. */
    public Long watermark() {
        return watermark(ingested());
    }

    private static Long watermark(List<Ingested> all) {
        return all.stream().filter(i -> QueueLogIngest.SOURCE.equals(i.source()) && i.maxEpoch() != null)
                .map(Ingested::maxEpoch).max(Long::compare).orElse(null);
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
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : warehouse.read(Table.SILVER_DIM_DATE).select("date_local").collectAsList()) {
            out.add(r.getDate(0).toLocalDate());
        }
        return out;
    }

    private LocalDate earliestValidFrom(Table bronze, List<String> batches) {
        if (batches.isEmpty()) return null;
        Row r = warehouse.read(bronze)
                .filter(col("_batch_id").isin(batches.toArray()))
                .selectExpr("min(to_date(valid_from))").first();
        return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
    }

    /**
     * Local dates of ENTERQUEUEs within repeat_window_days before the new ones, from the same caller (numbers
     * compared as Pseudonymiser normalises them: without spaces, dashes, brackets and dots, 00 read as +).
     */
    private SortedSet<LocalDate> datesOfEarlierCallsOfReturningCallers(List<long[]> ranges) {
        if (ranges.isEmpty()) return new TreeSet<>();
        long windowS = repeatWindowDays * 86_400L;
        long first = ranges.stream().mapToLong(r -> r[0]).min().orElseThrow();
        long last = ranges.stream().mapToLong(r -> r[1]).max().orElseThrow();
        SortedSet<LocalDate> utcDates = new TreeSet<>();
        for (LocalDate d = utcDate(first - windowS); !d.isAfter(utcDate(last)); d = d.plusDays(1)) utcDates.add(d);
        Column inRanges = lit(false);
        for (long[] r : ranges) inRanges = inRanges.or(col("epoch").between(r[0], r[1]));
        Dataset<Row> entries = warehouse.read(Table.BRONZE_QUEUE_LOG)
                .filter(Warehouse.inDates("event_date", utcDates))
                .filter(col("event").equalTo("ENTERQUEUE"))
                .selectExpr("epoch", "regexp_replace(regexp_replace(data2, '[\\\\s().-]', ''), '^00', '+') as caller")
                .filter("caller is not null and caller <> ''");
        Dataset<Row> returning = entries.filter(inRanges).select("caller").distinct();
        return localDatesOf(entries.filter(col("epoch").between(first - windowS, last)).join(returning, "caller")
                .selectExpr("to_date(from_utc_timestamp(timestamp_seconds(epoch), '" + zone.getId() + "'))").distinct());
    }

    private static List<String> batchesOf(List<Ingested> ingested, String source) {
        return ingested.stream().filter(i -> source.equals(i.source())).map(Ingested::batchId).distinct().toList();
    }

    /** Every local date any version of a ticket touched by those batches is dated by. */
    private SortedSet<LocalDate> crmDates(List<String> batches) {
        if (batches.isEmpty()) return new TreeSet<>();
        String in = batches.stream().map(b -> "'" + b.replace("'", "''") + "'").collect(java.util.stream.Collectors.joining(", "));
        return localDatesOf("""
                with touched as (
                    select id as ticket_id from bronze.crm_ticket where _batch_id in (%1$s)
                    union select ticket_id from bronze.crm_ticket_metric where _batch_id in (%1$s)
                    union select ticket_id from bronze.crm_satisfaction_rating where _batch_id in (%1$s)
                ),
                times as (
                    select coalesce(t.created_at, t.updated_at) as at from bronze.crm_ticket t join touched on t.id = touched.ticket_id
                    union all select m.solved_at from bronze.crm_ticket_metric m join touched using (ticket_id)
                    union all select coalesce(r.created_at, r.updated_at) from bronze.crm_satisfaction_rating r join touched using (ticket_id)
                )
                select distinct to_date(from_utc_timestamp(at, '%2$s')) from times where at is not null
                """.formatted(in, zone.getId()));
    }

    /** The local start dates of the CDR rows of those batches. */
    private SortedSet<LocalDate> cdrDates(List<String> batches) {
        if (batches.isEmpty()) return new TreeSet<>();
        return localDatesOf(warehouse.read(Table.BRONZE_CDR).filter(col("_batch_id").isin(batches.toArray()))
                .select("start_date").distinct());
    }

    private SortedSet<LocalDate> localDatesOf(String sql) {
        return localDatesOf(warehouse.sql(sql));
    }

    private static SortedSet<LocalDate> localDatesOf(Dataset<Row> oneDateColumn) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : oneDateColumn.collectAsList()) out.add(r.getDate(0).toLocalDate());
        return out;
    }

    private SortedSet<LocalDate> enterDatesOfCallsIn(List<long[]> ranges) {
        SortedSet<LocalDate> out = new TreeSet<>();
        if (ranges.isEmpty()) return out;
        SortedSet<LocalDate> utcDates = new TreeSet<>();
        Column inRanges = lit(false);
        for (long[] r : ranges) {
            LocalDate first = utcDate(r[0]).minusDays(1);
            for (LocalDate d = first; !d.isAfter(utcDate(r[1])); d = d.plusDays(1)) utcDates.add(d);
            inRanges = inRanges.or(col("epoch").between(r[0], r[1]));
        }
        Dataset<Row> window = warehouse.read(Table.BRONZE_QUEUE_LOG).filter(Warehouse.inDates("event_date", utcDates));
        Dataset<Row> touchedCalls = window.filter(inRanges).filter(col("callid").isNotNull()).select("callid").distinct();
        List<Row> enterDates = window.filter(col("event").equalTo("ENTERQUEUE"))
                .join(touchedCalls, "callid")
                .selectExpr("to_date(from_utc_timestamp(timestamp_seconds(epoch), '" + zone.getId() + "')) as date_local")
                .distinct()
                .collectAsList();
        for (Row r : enterDates) out.add(r.getDate(0).toLocalDate());
        return out;
    }

    private SortedSet<LocalDate> localDates(long fromEpoch, long toEpoch) {
        SortedSet<LocalDate> out = new TreeSet<>();
        LocalDate last = Instant.ofEpochSecond(toEpoch).atZone(zone).toLocalDate();
        for (LocalDate d = Instant.ofEpochSecond(fromEpoch).atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    private static LocalDate utcDate(long epoch) {
        return Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
