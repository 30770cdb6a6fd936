package io.indicate.roster;

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
 * Lands a roster CSV in {@code bronze.roster}: every accepted row whose content is new (a row delivered
 * again in a later export is stored once), rejected rows to quarantine with line and reason. A roster file
 * whose content was loaded before is skipped. A file that cannot be a roster (not UTF-8, a column missing, an
 * agent twice on one date, over the {@link IngestLimits}) is quarantined whole with the reason, and the
 * batch's other sources go on.
 */
public final class RosterIngest {
    public static final String SOURCE = "roster";

    private static final StructType BRONZE = new StructType()
            .add("row_hash", DataTypes.StringType)
            .add("agent_id", DataTypes.StringType).add("login", DataTypes.StringType)
            .add("full_name", DataTypes.StringType).add("email", DataTypes.StringType)
            .add("telephony_id", DataTypes.StringType).add("crm_user_id", DataTypes.StringType)
            .add("team_id", DataTypes.StringType).add("team_name", DataTypes.StringType)
            .add("team_lead_login", DataTypes.StringType).add("role", DataTypes.StringType)
            .add("valid_from", DataTypes.StringType)
            .add("_source_file", DataTypes.StringType).add("_source_line", DataTypes.LongType)
            .add("_ingested_at", DataTypes.TimestampType).add("_batch_id", DataTypes.StringType);

    private final Warehouse warehouse;
    private final IngestLimits limits;
    private final AnonymousAgents agents;

    /** {@code agents}: how a row of an erased agent, or naming them as lead, is re-keyed before it is stored. */
    public RosterIngest(Warehouse warehouse, IngestLimits limits, AnonymousAgents agents) {
        this.warehouse = warehouse;
        this.limits = limits;
        this.agents = agents;
    }

    public FileReport ingest(String file, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        LandedFile.Whole whole = LandedFile.readNamed(warehouse, file, SOURCE, quarantine, limits);
        if (whole.settled() != null) return whole.settled();
        byte[] bytes = whole.bytes();
        String checksum = whole.checksum();

        RosterReader.Result result;
        try {
            result = RosterReader.read(new StringReader(LandedFile.utf8Text(bytes, SOURCE, file)), file);
        } catch (IllegalArgumentException e) {
            quarantine.add(new QuarantineRecord(SOURCE, file, 0, null, agents.text(e.getMessage())));
            return FileReport.refusedWhole(file, checksum, bytes.length);
        }
        for (RosterReader.Reject rej : result.rejected()) {
            quarantine.add(new QuarantineRecord(SOURCE, file, rej.line(), agents.text(rej.raw()), agents.text(rej.reason())));
        }
        List<Row> rows = new ArrayList<>();
        for (RosterRow a : result.accepted()) {
            Map<String, String> raw = agents.rosterRow(result.rawByLine().get(a.sourceLine()));
            rows.add(RowFactory.create(AnonymousAgents.rosterRowHash(raw), raw.get("agent_id"), raw.get("login"), raw.get("full_name"), raw.get("email"),
                    raw.get("telephony_id"), raw.get("crm_user_id"), raw.get("team_id"), raw.get("team_name"),
                    raw.get("team_lead_login"), raw.get("role"), raw.get("valid_from"), file, a.sourceLine(),
                    batch.startedAtTimestamp(), batch.id()));
        }
        long loaded = rows.isEmpty() ? 0 : warehouse.insertNew(Table.BRONZE_ROSTER,
                warehouse.spark().createDataFrame(rows, BRONZE).dropDuplicates("row_hash"), List.of("row_hash"), null, batch.unrecorded());
        return FileReport.readWhole(file, checksum, bytes.length, result.accepted().size(), result.rejected().size(), loaded);
    }
}
