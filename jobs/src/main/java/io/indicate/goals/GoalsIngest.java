package io.indicate.goals;

import io.indicate.ingest.Batch;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestLimits;
import io.indicate.ingest.LandedFile;
import io.indicate.ingest.QuarantineRecord;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lands a goals CSV ({@link GoalsReader}) in {@code bronze.goals}, as the roster is landed: every accepted row whose
 * content is new (a row delivered again is stored once, a duplicate), rejected rows to quarantine with file, line
 * and reason; a file whose content was loaded before is skipped; a file that cannot be a goals file (not UTF-8, a
 * column missing, over the {@link IngestLimits}) is quarantined whole with the reason, and the batch's other
 * sources go on. History is kept: a changed goal is a new row with a later {@code valid_from}; nothing stored is
 * rewritten.
 */
public final class GoalsIngest {
    public static final String SOURCE = "goals";

    private static final StructType BRONZE = new StructType()
            .add("row_hash", DataTypes.StringType)
            .add("scope", DataTypes.StringType).add("scope_id", DataTypes.StringType).add("kpi", DataTypes.StringType)
            .add("direction", DataTypes.StringType).add("value", DataTypes.StringType)
            .add("valid_from", DataTypes.StringType).add("set_by", DataTypes.StringType)
            .add("_source_file", DataTypes.StringType).add("_source_line", DataTypes.LongType)
            .add("_ingested_at", DataTypes.TimestampType).add("_batch_id", DataTypes.StringType);

    private final Warehouse warehouse;
    private final IngestLimits limits;
    private final AnonymousAgents agents;

    /** {@code agents}: how a goal of an erased agent, or set by them, is re-keyed before it is stored. */
    public GoalsIngest(Warehouse warehouse, IngestLimits limits, AnonymousAgents agents) {
        this.warehouse = warehouse;
        this.limits = limits;
        this.agents = agents;
    }

    public FileReport ingest(String file, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        LandedFile.Whole whole = LandedFile.readNamed(warehouse, file, SOURCE, quarantine, limits);
        if (whole.settled() != null) return whole.settled();
        byte[] bytes = whole.bytes();
        String checksum = whole.checksum();

        GoalsReader.Result result;
        try {
            result = GoalsReader.read(new StringReader(LandedFile.utf8Text(bytes, SOURCE, file)), file);
        } catch (IllegalArgumentException e) {
            quarantine.add(new QuarantineRecord(SOURCE, file, 0, null, agents.text(e.getMessage())));
            return FileReport.refusedWhole(file, checksum, bytes.length);
        }
        for (GoalsReader.Reject rej : result.rejected()) {
            quarantine.add(new QuarantineRecord(SOURCE, file, rej.line(), agents.text(rej.raw()), agents.text(rej.reason())));
        }
        List<Row> rows = new ArrayList<>();
        for (GoalsReader.Accepted a : result.accepted()) {
            Map<String, String> f = agents.goalRow(a.fields());
            rows.add(RowFactory.create(AnonymousAgents.rosterRowHash(f), f.get("scope"), f.get("scope_id"), f.get("kpi"),
                    f.get("direction"), f.get("value"), f.get("valid_from"), f.get("set_by"), file, a.line(),
                    batch.startedAtTimestamp(), batch.id()));
        }
        long loaded = rows.isEmpty() ? 0 : warehouse.insertNew(Table.BRONZE_GOALS,
                warehouse.spark().createDataFrame(rows, BRONZE).dropDuplicates("row_hash"), List.of("row_hash"), null, batch.unrecorded());
        return FileReport.readWhole(file, checksum, bytes.length, result.accepted().size(), result.rejected().size(), loaded);
    }
}
