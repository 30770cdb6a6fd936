package io.indicate.telephony;

import io.indicate.ingest.Batch;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestManifest;
import io.indicate.ingest.LandedFile;
import io.indicate.ingest.LineSlice;
import io.indicate.ingest.QuarantineRecord;
import io.indicate.ingest.SourceFiles;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * Lands Asterisk queue_log files in {@code bronze.queue_log}. Per file: a content already loaded (under any
 * name) is skipped; a file that grew since the last batch is read from where that batch stopped; a line
 * already in bronze (same text) counts as a duplicate and is not stored again; an unreadable line goes to
 * quarantine with file, line number and reason; a last line without its newline waits for a later batch.
 * Each file's new lines are appended in one commit, so the cost follows the new data.
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

    public QueueLogIngest(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.hadoopConf = warehouse.spark().sparkContext().hadoopConfiguration();
    }

    /** Reads every file of {@code dir}; returns one report per file and adds quarantined lines to {@code quarantine}. */
    public List<FileReport> ingest(String dir, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        IngestManifest manifest = IngestManifest.load(warehouse, SOURCE);
        List<FileReport> reports = new ArrayList<>();
        for (String file : SourceFiles.list(hadoopConf, dir)) {
            reports.add(ingestFile(file, batch, manifest, quarantine));
        }
        return reports;
    }

    private FileReport ingestFile(String file, Batch batch, IngestManifest manifest, List<QuarantineRecord> quarantine) {
        LandedFile landed = LandedFile.open(hadoopConf, file, SOURCE, manifest, quarantine);
        if (landed.settled() != null) return landed.settled();
        byte[] bytes = landed.bytes();
        String checksum = landed.checksum();
        LineSlice slice = landed.unreadLines(manifest);

        List<Row> parsed = new ArrayList<>();
        Set<String> hashesInFile = new HashSet<>();
        TreeSet<LocalDate> eventDates = new TreeSet<>();
        long rowsIn = 0;
        long quarantined = 0;
        long duplicatesInFile = 0;
        Long minEpoch = null;
        Long maxEpoch = null;
        for (LineSlice.Line line : slice.lines()) {
            if (line.text().isBlank()) continue;
            rowsIn++;
            QueueLogParser.Result r = QueueLogParser.parse(line.text());
            if (!r.ok()) {
                quarantined++;
                quarantine.add(new QuarantineRecord(SOURCE, file, line.number(), line.text(), r.reason()));
                continue;
            }
            QueueLogEvent e = r.event();
            minEpoch = minEpoch == null ? e.epoch() : Math.min(minEpoch, e.epoch());
            maxEpoch = maxEpoch == null ? e.epoch() : Math.max(maxEpoch, e.epoch());
            String hash = SourceFiles.sha256(line.text());
            if (!hashesInFile.add(hash)) {
                duplicatesInFile++;
                continue;
            }
            LocalDate eventDate = Instant.ofEpochSecond(e.epoch()).atOffset(ZoneOffset.UTC).toLocalDate();
            eventDates.add(eventDate);
            parsed.add(RowFactory.create(hash, e.epoch(), e.callid(), e.queue(), e.agent(), e.event(), e.data1(),
                    e.data2(), e.data3(), e.data4(), e.data5(), line.text(), Date.valueOf(eventDate), file,
                    line.number(), batch.startedAtTimestamp(), batch.id()));
        }
        long loaded = 0;
        if (!parsed.isEmpty()) {
            Dataset<Row> batchRows = warehouse.spark().createDataFrame(parsed, BRONZE);
            Set<String> existing = existingHashes(batchRows, eventDates);
            Dataset<Row> fresh = existing.isEmpty() ? batchRows
                    : batchRows.filter(not(col("line_hash").isin(existing.toArray())));
            loaded = parsed.size() - existing.size();
            if (loaded > 0) warehouse.append(Table.BRONZE_QUEUE_LOG, fresh);
        }
        manifest.remember(file, checksum);
        long duplicates = rowsIn - quarantined - loaded;
        long consumed = slice.endOffset();
        return new FileReport(file, checksum, consumed, slice.endLineCount(), SourceFiles.sha256(bytes, (int) consumed),
                rowsIn, loaded, duplicates, quarantined, slice.pendingLines(), minEpoch, maxEpoch, null);
    }

    /** Line hashes of this file that bronze already holds, looking only at the event dates the file touches. */
    private Set<String> existingHashes(Dataset<Row> batchRows, Set<LocalDate> eventDates) {
        Dataset<Row> hashes = batchRows.select("line_hash");
        List<String> found = warehouse.read(Table.BRONZE_QUEUE_LOG)
                .filter(Warehouse.inDates("event_date", eventDates))
                .select("line_hash")
                .join(hashes, "line_hash")
                .as(Encoders.STRING())
                .collectAsList();
        return new HashSet<>(found);
    }
}
