package io.indicate.roster;

import io.indicate.ingest.Batch;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestManifest;
import io.indicate.ingest.QuarantineRecord;
import io.indicate.ingest.SourceFiles;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lands a roster CSV in {@code bronze.roster}: every accepted row whose content is new (a row delivered
 * again in a later export is stored once), rejected rows to quarantine with line and reason. A roster file
 * whose content was loaded before is skipped.
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

    public RosterIngest(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public FileReport ingest(String file, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        SourceFiles.Content content;
        try {
            content = SourceFiles.read(warehouse.spark().sparkContext().hadoopConfiguration(), file);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("roster file not found: " + file);
        }
        byte[] bytes = content.bytes();
        String checksum = SourceFiles.sha256(bytes, bytes.length);
        IngestManifest manifest = IngestManifest.load(warehouse, SOURCE);
        var earlier = manifest.alreadyLoaded(checksum);
        if (earlier.isPresent()) return FileReport.skipped(file, checksum, "same content as " + earlier.get());

        RosterReader.Result result;
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            result = RosterReader.read(r, file);
        }
        for (RosterReader.Reject rej : result.rejected()) {
            quarantine.add(new QuarantineRecord(SOURCE, file, rej.line(), rej.raw(), rej.reason()));
        }
        List<Row> rows = new ArrayList<>();
        for (RosterRow a : result.accepted()) {
            Map<String, String> raw = result.rawByLine().get(a.sourceLine());
            String hash = SourceFiles.sha256(String.join("\u0001", raw.values().stream().map(v -> v == null ? "" : v).toList()));
            rows.add(RowFactory.create(hash, raw.get("agent_id"), raw.get("login"), raw.get("full_name"), raw.get("email"),
                    raw.get("telephony_id"), raw.get("crm_user_id"), raw.get("team_id"), raw.get("team_name"),
                    raw.get("team_lead_login"), raw.get("role"), raw.get("valid_from"), file, a.sourceLine(),
                    batch.startedAtTimestamp(), batch.id()));
        }
        long loaded = rows.isEmpty() ? 0 : warehouse.insertNew(Table.BRONZE_ROSTER,
                warehouse.spark().createDataFrame(rows, BRONZE).dropDuplicates("row_hash"), List.of("row_hash"), null);
        long in = result.accepted().size() + result.rejected().size();
        return new FileReport(file, checksum, bytes.length, 0, checksum, in, loaded,
                result.accepted().size() - loaded, result.rejected().size(), 0, null, null, null);
    }
}
