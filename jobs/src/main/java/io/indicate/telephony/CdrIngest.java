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
import java.util.List;

/**
 * Lands Asterisk CDR files ({@code Master.csv}, rotated or not) in {@code bronze.cdr}, like
 * {@link QueueLogIngest} does queue_log: a content already loaded is skipped; a file that grew is read from
 * where the last batch stopped; a line already in bronze counts as a duplicate; an unreadable line goes to
 * quarantine with file, line number and reason; a last line without its newline waits for a later batch. Files
 * are streamed and staged in chunks, as queue_log's are.
 */
public final class CdrIngest {
    public static final String SOURCE = "cdr";
    private static final String[] COLUMNS = {"accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel",
            "lastapp", "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
            "uniqueid", "userfield", "linkedid", "peeraccount", "sequence"};
    private static final StructType BRONZE = bronzeSchema();

    private final Warehouse warehouse;
    private final Configuration hadoopConf;
    private final int chunkLines;
    private final IngestLimits limits;
    private final ErasedSubjects erased;
    private final AnonymousAgents agents;

    /**
     * {@code chunkLines}: how many parsed lines are held in memory at most (see {@link StagedLines}); {@code limits}:
     * the files and lines refused as hostile; {@code erased}: whose lines are dropped (a call from or to an erased caller,
     * their number in the caller-id text or in an unreadable line), counted as erased; {@code agents}: how a line naming
     * an erased agent is re-keyed before it is stored.
     */
    public CdrIngest(Warehouse warehouse, int chunkLines, IngestLimits limits, ErasedSubjects erased, AnonymousAgents agents) {
        this.warehouse = warehouse;
        this.hadoopConf = warehouse.spark().sparkContext().hadoopConfiguration();
        this.chunkLines = chunkLines;
        this.limits = limits;
        this.erased = erased;
        this.agents = agents;
    }

    private static StructType bronzeSchema() {
        StructType s = new StructType().add("line_hash", DataTypes.StringType);
        for (String c : COLUMNS) {
            s = s.add(c, c.equals("duration") || c.equals("billsec") ? DataTypes.LongType : DataTypes.StringType);
        }
        return s.add("raw", DataTypes.StringType).add("start_date", DataTypes.DateType)
                .add("_source_file", DataTypes.StringType).add("_source_line", DataTypes.LongType)
                .add("_ingested_at", DataTypes.TimestampType).add("_batch_id", DataTypes.StringType);
    }

    /** Reads every file of {@code dir}; returns one report per file and adds quarantined lines to {@code quarantine}. */
    public List<FileReport> ingest(String dir, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        IngestManifest manifest = IngestManifest.load(warehouse, SOURCE);
        StagingFolder.removeLeftovers(warehouse, Table.BRONZE_CDR);
        try (StagedLines staged = StagedLines.open(warehouse, Table.BRONZE_CDR, BRONZE, "start_date", chunkLines, batch)) {
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
        for (LineSlice.Line line = slice.next(); line != null; line = slice.next()) {
            if (line.problem() == null && line.text().isBlank()) continue;
            rowsIn++;
            CdrParser.Result r = line.problem() == null ? CdrParser.parse(line.text()) : null;
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
            // as Erasure deletes a caller: their number as src or dst, or anywhere in the caller-id text
            if (erased.caller(r.fields().get(1)) || erased.caller(r.fields().get(2)) || erased.callerInText(r.fields().get(4))) {
                erasedRows++;
                continue;
            }
            String text = agents.cdrLine(line.text(), r.fields(), r.startDate());
            if (!text.equals(line.text())) r = CdrParser.parse(text);
            Object[] row = new Object[BRONZE.size()];
            row[0] = SourceFiles.sha256(text);
            for (int i = 0; i < COLUMNS.length; i++) row[i + 1] = r.fields().get(i);
            row[13] = r.duration();
            row[14] = r.billsec();
            row[22] = text;
            row[23] = Date.valueOf(r.startDate());
            row[24] = file;
            row[25] = line.number();
            row[26] = batch.startedAtTimestamp();
            row[27] = batch.id();
            staged.add(slot, RowFactory.create(row), r.startDate());
        }
        manifest.remember(file, landed.checksum());
        return new FileReport(file, landed.checksum(), slice.endOffset(), slice.endLineCount(), slice.consumedChecksum(),
                rowsIn, 0, rowsIn - quarantined - erasedRows, quarantined, erasedRows, slice.pendingLines(), null, null, null);
    }
}
