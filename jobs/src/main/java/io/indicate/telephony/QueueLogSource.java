package io.indicate.telephony;

import io.indicate.build.DatesTouched;
import io.indicate.build.ModelGraph;
import io.indicate.build.SourceBatches;
import io.indicate.build.SourceBatches.Ingested;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestRun;
import io.indicate.ingest.Source;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedPerson;
import io.indicate.privacy.ErasedRows;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * Asterisk queue_log files ({@link QueueLogIngest}) in {@code bronze.queue_log}. Its new lines touch:
 * <ul>
 *   <li>every local date between the first and last event of each new file (duplicates included, so a file
 *       re-read after a crash still rebuilds its dates);</li>
 *   <li>the ENTERQUEUE date of every call with an event in those files: a call is dated by its ENTERQUEUE, so
 *       an ending that arrives after midnight, or in a later file, rebuilds the day the call belongs to;</li>
 *   <li>the dates from the previous newest event (the old watermark) to the new one, when a session or pause was
 *       still open at the old watermark: it was closed there, and now goes on (over midnight, over days without
 *       data); when every segment had ended, the new lines' own dates are all that changes, so the first cycle
 *       of a day does not rebuild the day before;</li>
 *   <li>as input {@link ModelGraph#RETURNING_CALLERS}, the dates of calls up to repeat_window_days earlier from callers
 *       who enter a queue again in those files: such a call has just become a repeat contact.</li>
 * </ul>
 * A caller is erased with every call they entered (the ENTERQUEUE with their number); an agent is re-keyed in every
 * line naming them on a day the member or login was theirs.
 */
public final class QueueLogSource implements Source {
    private static final String AGENT_QUEUE_LOG = "erasure_agent_queue_log";
    private static final String AGENT_QUEUE_LOG_FIELD = "erasure_agent_queue_log_field";

    @Override
    public String name() {
        return QueueLogIngest.SOURCE;
    }

    @Override
    public List<Table> bronzeTables() {
        return List.of(Table.BRONZE_QUEUE_LOG);
    }

    @Override
    public List<FileReport> ingest(String location, IngestRun run) throws IOException {
        return new QueueLogIngest(run.warehouse(), run.chunkLines(), run.limits(), run.erased(), run.agents())
                .ingest(location, run.batch(), run.quarantine());
    }

    @Override
    public DatesTouched datesTouched(SourceBatches batches) {
        List<long[]> ranges = new ArrayList<>();
        SortedSet<LocalDate> queueDates = new TreeSet<>();
        for (Ingested i : batches.pending()) {
            if (i.minEpoch() != null) {
                queueDates.addAll(batches.localDates(i.minEpoch(), i.maxEpoch()));
                ranges.add(new long[]{i.minEpoch(), i.maxEpoch()});
            }
        }
        EpochRanges spans = EpochRanges.of(ranges);
        queueDates.addAll(enterDatesOfCallsIn(batches, spans));
        Long previousWatermark = newestEvent(batches.built());
        Long watermark = watermark(batches);
        if (previousWatermark != null && watermark != null && watermark > previousWatermark
                && segmentOpenAt(batches, previousWatermark)) {
            queueDates.addAll(batches.localDates(previousWatermark, watermark));
        }
        Map<String, SortedSet<LocalDate>> byInput = new TreeMap<>();
        byInput.put(name(), queueDates);
        // an earlier call turns into a repeat contact: its facts stay, the marts that count repeats change
        byInput.put(ModelGraph.RETURNING_CALLERS, datesOfEarlierCallsOfReturningCallers(batches, spans));
        return DatesTouched.of(byInput);
    }

    @Override
    public SortedSet<LocalDate> datesCovered(SourceBatches batches) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (Ingested i : batches.all()) {
            if (i.minEpoch() != null) dates.addAll(batches.localDates(i.minEpoch(), i.maxEpoch()));
        }
        return dates;
    }

    /** The newest event time of all the files read so far, or null before any. */
    public Long watermark(SourceBatches batches) {
        return newestEvent(batches.all());
    }

    /**
     * About how many lines the local {@code dates} hold: each file's loaded lines in the share of its event span that
     * falls on those dates (a file of one day counts whole, a month-long file a 30th per day).
     */
    public long linesOn(SourceBatches batches, SortedSet<LocalDate> dates) {
        if (dates.isEmpty()) return 0;
        long from = dates.first().atStartOfDay(batches.zone()).toEpochSecond();
        long to = dates.last().plusDays(1).atStartOfDay(batches.zone()).toEpochSecond() - 1;
        double lines = 0;
        for (Ingested i : batches.all()) {
            if (i.minEpoch() == null || i.maxEpoch() < from || i.minEpoch() > to) continue;
            lines += (double) i.rowsLoaded() * (Math.min(i.maxEpoch(), to) - Math.max(i.minEpoch(), from) + 1)
                    / (i.maxEpoch() - i.minEpoch() + 1);
        }
        return Math.round(lines);
    }

    @Override
    public ErasedRows erase(Warehouse warehouse, ErasedPerson person) {
        if (person instanceof ErasedPerson.Caller caller) {
            return ErasedRows.of(Table.BRONZE_QUEUE_LOG, warehouse.delete(Table.BRONZE_QUEUE_LOG,
                    "event = 'ENTERQUEUE' and " + caller.numberIs("data2")));
        }
        if (person instanceof ErasedPerson.Agent agent) {
            registerRekeying(warehouse, agent.agents());
            String line = AGENT_QUEUE_LOG + "(raw, epoch)";
            return ErasedRows.of(Table.BRONZE_QUEUE_LOG, warehouse.update(Table.BRONZE_QUEUE_LOG, line + " <> raw", Map.of(
                    "raw", line, "line_hash", "sha2(" + line + ", 256)",
                    "agent", AGENT_QUEUE_LOG_FIELD + "(raw, epoch, 'agent')", "data1", AGENT_QUEUE_LOG_FIELD + "(raw, epoch, 'data1')")));
        }
        return ErasedRows.NONE;
    }

    /** The functions the re-keying UPDATE uses, so the statement Delta keeps in the log names neither the agent nor their identifiers. */
    private static void registerRekeying(Warehouse warehouse, AnonymousAgents agents) {
        warehouse.spark().udf().register(AGENT_QUEUE_LOG, (UDF2<String, Long, String>) agents::queueLogLine, DataTypes.StringType);
        warehouse.spark().udf().register(AGENT_QUEUE_LOG_FIELD, (UDF3<String, Long, String, String>) (raw, epoch, field) -> {
            QueueLogParser.Result r = QueueLogParser.parse(agents.queueLogLine(raw, epoch));
            return "agent".equals(field) ? r.event().agent() : r.event().data1();
        }, DataTypes.StringType);
    }

    /**
     * Whether a session or pause was open at {@code watermark}: silver.fact_agent_session holds a segment closed
     * there (SessionSegmenter closes what is still open at the newest event, is_open; dated by the local date it
     * ends on, the watermark's, or the day before when the watermark is a local midnight), or a session began at
     * that very second (a session begun by the newest event has no segment yet: it is empty).
     */
    private static boolean segmentOpenAt(SourceBatches batches, long watermark) {
        boolean closedThere = !batches.warehouse().read(Table.SILVER_FACT_AGENT_SESSION)
                .filter(Warehouse.inDates("date_local", batches.localDates(watermark - 1, watermark)) + " and is_open")
                .limit(1).isEmpty();
        return closedThere || !batches.warehouse().read(Table.BRONZE_QUEUE_LOG)
                .filter(Warehouse.inDates("event_date", List.of(QueueLogIngest.eventDate(watermark))))
                .filter(col("epoch").equalTo(watermark).and(col("event").isin(SessionSegmenter.SESSION_STARTS.toArray())))
                .limit(1).isEmpty();
    }

    private static Long newestEvent(List<Ingested> files) {
        return files.stream().filter(i -> i.maxEpoch() != null).map(Ingested::maxEpoch).max(Long::compare).orElse(null);
    }

    /**
     * Local dates of ENTERQUEUEs within repeat_window_days before the new ones, from the same caller (numbers
     * compared as Pseudonymiser normalises them: without spaces, dashes, brackets and dots, 00 read as +).
     */
    private static SortedSet<LocalDate> datesOfEarlierCallsOfReturningCallers(SourceBatches batches, EpochRanges ranges) {
        if (ranges.isEmpty()) return new TreeSet<>();
        long windowS = batches.repeatWindowDays() * 86_400L;
        List<long[]> spans = ranges.spans();
        long first = spans.get(0)[0];
        long last = spans.get(spans.size() - 1)[1];
        SortedSet<LocalDate> utcDates = new TreeSet<>();
        LocalDate lastDate = QueueLogIngest.eventDate(last);
        for (LocalDate d = QueueLogIngest.eventDate(first - windowS); !d.isAfter(lastDate); d = d.plusDays(1)) utcDates.add(d);
        Dataset<Row> entries = batches.warehouse().read(Table.BRONZE_QUEUE_LOG)
                .filter(Warehouse.inDates("event_date", utcDates))
                .filter(col("event").equalTo("ENTERQUEUE"))
                .selectExpr("epoch", "event_date", "regexp_replace(regexp_replace(data2, '[\\\\s().-]', ''), '^00', '+') as caller")
                .filter("caller is not null and caller <> ''");
        Dataset<Row> returning = ranges.keep(entries).select("caller").distinct();
        return SourceBatches.datesOf(entries.filter(col("epoch").between(first - windowS, last)).join(returning, "caller")
                .selectExpr("to_date(from_utc_timestamp(timestamp_seconds(epoch), '" + batches.zone().getId() + "'))").distinct());
    }

    private static SortedSet<LocalDate> enterDatesOfCallsIn(SourceBatches batches, EpochRanges ranges) {
        if (ranges.isEmpty()) return new TreeSet<>();
        SortedSet<LocalDate> utcDates = new TreeSet<>();
        for (long[] r : ranges.spans()) {
            LocalDate first = QueueLogIngest.eventDate(r[0]).minusDays(1);
            for (LocalDate d = first; !d.isAfter(QueueLogIngest.eventDate(r[1])); d = d.plusDays(1)) utcDates.add(d);
        }
        Dataset<Row> window = batches.warehouse().read(Table.BRONZE_QUEUE_LOG).filter(Warehouse.inDates("event_date", utcDates));
        Dataset<Row> touchedCalls = ranges.keep(window).filter(col("callid").isNotNull()).select("callid").distinct();
        return SourceBatches.datesOf(window.filter(col("event").equalTo("ENTERQUEUE"))
                .join(touchedCalls, "callid")
                .selectExpr("to_date(from_utc_timestamp(timestamp_seconds(epoch), '" + batches.zone().getId() + "')) as date_local")
                .distinct());
    }
}
