package io.indicate.telephony;

import io.indicate.ingest.Batch;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestLedger;
import io.indicate.ingest.IngestLimits;
import io.indicate.ingest.IngestManifest;
import io.indicate.ingest.LandedFile;
import io.indicate.ingest.LineSlice;
import io.indicate.ingest.QuarantineRecord;
import io.indicate.ingest.SourceFiles;
import io.indicate.ingest.StagedLines;
import io.indicate.ingest.StagingFolder;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedSubjects;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Lands Asterisk queue_log files in {@code bronze.queue_log}. Per file: a content already loaded (under any
 * name) is skipped; a file that grew since the last batch is read from where that batch stopped; a line
 * already in bronze (same text) counts as a duplicate and is not stored again; an unreadable line goes to
 * quarantine with file, line number and reason; a last line without its newline waits for a later batch.
 * The new lines of all files of a run are added in one commit (a line in two files counts at the first one read),
 * so the cost follows the new data, not the number of files; files are streamed and their lines staged in chunks
 * ({@link StagedLines}), so memory follows the chunk size, not the files'.
 */
public final class QueueLogIngest {
    public static final String SOURCE = "queue_log";

    private static final StructType BRONZE = new StructType()
            .add("line_hash", DataTypes.StringType).add("epoch", DataTypes.LongType)
            .add("callid", DataTypes.StringType).add("queue", DataTypes.StringType)
            .add("agent", DataTypes.StringType).add("event", DataTypes.StringType)
            .add("data1", DataTypes.StringType).add("data2", DataTypes.StringType)
            .add("data3", DataTypes.StringType).add("data4", DataTypes.StringType)
            .add("data5", DataTypes.StringType).add("raw", DataTypes.StringType)
            .add("event_date", DataTypes.DateType).add("_source_file", DataTypes.StringType)
            .add("_source_line", DataTypes.LongType).add("_ingested_at", DataTypes.TimestampType)
            .add("_batch_id", DataTypes.StringType);

    private final Warehouse warehouse;
    private final Configuration hadoopConf;
    private final int chunkLines;
    private final IngestLimits limits;
    private final ErasedSubjects erased;
    private final AnonymousAgents agents;

    /**
     * {@code chunkLines}: how many parsed lines are held in memory at most (see {@link StagedLines}); {@code limits}:
     * the files and lines refused as hostile; {@code erased}: whose lines are dropped (an erased caller's ENTERQUEUE, an
     * unreadable line holding their number), counted as erased; {@code agents}: how a line naming an erased agent is
     * re-keyed before it is stored (it is kept, so the team's numbers stay whole).
     */
    public QueueLogIngest(Warehouse warehouse, int chunkLines, IngestLimits limits, ErasedSubjects erased, AnonymousAgents agents) {
        this.warehouse = warehouse;
        this.hadoopConf = warehouse.spark().sparkContext().hadoopConfiguration();
        this.chunkLines = chunkLines;
        this.limits = limits;
        this.erased = erased;
        this.agents = agents;
    }

    /** Reads every file of {@code dir}; returns one report per file and adds quarantined lines to {@code quarantine}. */
    public List<FileReport> ingest(String dir, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        IngestManifest manifest = IngestManifest.load(warehouse, SOURCE);
        StagingFolder.removeLeftovers(warehouse, Table.BRONZE_QUEUE_LOG);
        try (StagedLines staged = StagedLines.open(warehouse, Table.BRONZE_QUEUE_LOG, BRONZE, "event_date", chunkLines, batch)) {
            return staged.insertNew(LandedFile.readEach(hadoopConf, dir, SOURCE, manifest, quarantine, limits,
                    landed -> stageLines(landed, staged, batch, manifest, quarantine)));
        }
    }

    /** Stages a file's new lines; its report counts them as duplicates until the run's one write says which are new. */
    private FileReport stageLines(LandedFile landed, StagedLines staged, Batch batch, IngestManifest manifest,
                                  List<QuarantineRecord> quarantine) throws IOException {
        String file = landed.file();
        int slot = staged.file(file);
        LineSlice slice = landed.unreadLines();
        long rowsIn = 0;
        long quarantined = 0;
        long erasedRows = 0;
        Long minEpoch = null;
        Long maxEpoch = null;
        for (LineSlice.Line line = slice.next(); line != null; line = slice.next()) {
            if (line.problem() == null && line.text().isBlank()) continue;
            rowsIn++;
            QueueLogParser.Result r = line.problem() == null ? QueueLogParser.parse(line.text()) : null;
            if (r == null || !r.ok()) {
                if (erased.callerInText(line.text())) {
                    erasedRows++;
                    continue;
                }
                quarantined++;
                quarantine.add(new QuarantineRecord(SOURCE, file, line.number(), agents.text(line.text()),
                        r == null ? line.problem() : r.reason()));
                IngestLedger.quarantineWhenFull(warehouse, batch, quarantine, chunkLines);
                continue;
            }
            QueueLogEvent e = r.event();
            // as Erasure deletes a caller: their number is the callerid of the call's ENTERQUEUE
            if ("ENTERQUEUE".equals(e.event()) && erased.caller(e.data2())) {
                erasedRows++;
                continue;
            }
            String text = agents.queueLogLine(line.text(), e.epoch());
            if (!text.equals(line.text())) e = QueueLogParser.parse(text).event();
            minEpoch = minEpoch == null ? e.epoch() : Math.min(minEpoch, e.epoch());
            maxEpoch = maxEpoch == null ? e.epoch() : Math.max(maxEpoch, e.epoch());
            LocalDate eventDate = eventDate(e.epoch());
            staged.add(slot, RowFactory.create(SourceFiles.sha256(text), e.epoch(), e.callid(), e.queue(), e.agent(),
                    e.event(), e.data1(), e.data2(), e.data3(), e.data4(), e.data5(), text, Date.valueOf(eventDate),
                    file, line.number(), batch.startedAtTimestamp(), batch.id()), eventDate);
        }
        manifest.remember(file, landed.checksum());
        return new FileReport(file, landed.checksum(), slice.endOffset(), slice.endLineCount(), slice.consumedChecksum(),
                rowsIn, 0, rowsIn - quarantined - erasedRows, quarantined, erasedRows, slice.pendingLines(), minEpoch, maxEpoch, null);
    }

    /** bronze.queue_log's partition {@code event_date}: the UTC date of an event's epoch second. */
    public static LocalDate eventDate(long epoch) {
        return Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
