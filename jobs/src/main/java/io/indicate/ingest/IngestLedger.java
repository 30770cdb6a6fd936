package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what a batch did: quarantined records (insert-only, so a re-run after a crash adds no copies; written
 * early when they pile up) and then, last, the batch's rows in {@code meta.ingest_log}, which is what marks the
 * files as read.
 */
public final class IngestLedger {
    private static final StructType QUARANTINE = new StructType()
            .add("source", DataTypes.StringType).add("_source_file", DataTypes.StringType)
            .add("_source_line", DataTypes.LongType).add("raw", DataTypes.StringType)
            .add("reason", DataTypes.StringType).add("_ingested_at", DataTypes.TimestampType)
            .add("_batch_id", DataTypes.StringType);

    private static final StructType LOG = new StructType()
            .add("batch_id", DataTypes.StringType).add("source", DataTypes.StringType)
            .add("file_name", DataTypes.StringType).add("file_checksum", DataTypes.StringType)
            .add("bytes_consumed", DataTypes.LongType).add("lines_consumed", DataTypes.LongType)
            .add("prefix_checksum", DataTypes.StringType)
            .add("rows_in", DataTypes.LongType).add("rows_loaded", DataTypes.LongType)
            .add("rows_duplicate", DataTypes.LongType).add("rows_quarantined", DataTypes.LongType)
            .add("rows_erased", DataTypes.LongType).add("rows_pending", DataTypes.LongType)
            .add("min_epoch", DataTypes.LongType).add("max_epoch", DataTypes.LongType)
            .add("ingested_at", DataTypes.TimestampType).add("ingested_date_local", DataTypes.DateType);

    private IngestLedger() {}

    public static void quarantine(Warehouse w, Batch batch, List<QuarantineRecord> records) {
        if (records.isEmpty()) return;
        List<Row> rows = new ArrayList<>();
        for (QuarantineRecord q : records) {
            rows.add(RowFactory.create(q.source(), q.file(), q.line(), q.raw(), q.reason(),
                    batch.startedAtTimestamp(), batch.id()));
        }
        Dataset<Row> df = w.spark().createDataFrame(rows, QUARANTINE);
        w.insertNew(Table.BRONZE_QUARANTINE, df, List.of("source", "_source_file", "_source_line", "raw"), null);
    }

    /**
     * Writes the quarantined records collected so far once there are {@code atLeast} of them, and empties the
     * list, so a file of many bad lines does not fill memory. Writing early changes nothing a re-run would see:
     * quarantine is insert-only, and the files stay unread until their log rows are written.
     */
    public static void quarantineWhenFull(Warehouse w, Batch batch, List<QuarantineRecord> records, int atLeast) {
        if (records.size() < atLeast) return;
        quarantine(w, batch, records);
        records.clear();
    }

    /**
     * Appends the batch's file reports of every source in one commit; skipped files are not recorded (their
     * content is already known).
     */
    public static void record(Warehouse w, Batch batch, Map<String, List<FileReport>> reportsBySource) {
        List<Row> rows = new ArrayList<>();
        reportsBySource.forEach((source, reports) -> {
            for (FileReport r : reports) {
                if (r.isSkipped()) continue;
                rows.add(RowFactory.create(batch.id(), source, r.file(), r.checksum(), r.bytesConsumed(), r.linesConsumed(),
                        r.prefixChecksum(), r.rowsIn(), r.rowsLoaded(), r.rowsDuplicate(), r.rowsQuarantined(),
                        r.rowsErased(), r.rowsPending(), r.minEpoch(), r.maxEpoch(), batch.startedAtTimestamp(),
                        Date.valueOf(batch.localDate())));
            }
        });
        if (rows.isEmpty()) return;
        w.append(Table.META_INGEST_LOG, w.spark().createDataFrame(rows, LOG));
    }
}
