package io.indicate.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.indicate.ingest.Batch;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestLimits;
import io.indicate.ingest.IngestManifest;
import io.indicate.ingest.LandedFile;
import io.indicate.ingest.QuarantineRecord;
import io.indicate.ingest.SourceFiles;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedSubjects;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;

/**
 * Lands a folder of Zendesk incremental-export pages ({@code {"tickets": [...]}}, {@code {"ticket_metrics":
 * [...]}}, {@code {"satisfaction_ratings": [...]}}, as the API returns them or as files) in the CRM bronze
 * tables. Contract:
 * <ul>
 *   <li>a page whose content was loaded before (under any name) is skipped;</li>
 *   <li>each record is stored once per version, keyed by (id, updated_at) (metrics: ticket_id), so a page
 *       delivered twice, or overlapping pages, add nothing new; a later version is a new row. A metrics record
 *       may lack updated_at (SOURCES.md section 3): such a version is keyed by its content, and its versions
 *       are ordered by arrival (later batch, later page, later position in the page);</li>
 *   <li>a record's full JSON is kept (fields not typed here included, free text removed);</li>
 *   <li>a page that is not valid JSON, or not an export page, is quarantined whole with the reason; a record
 *       that breaks the contract (no id, a time that is not ISO-8601, a count that is not a whole number, an
 *       object where a value belongs) is quarantined with its index in the page and the field named.</li>
 * </ul>
 * A record of an erased requester ({@link ErasedSubjects}: a ticket they asked, its metrics or rating, any record
 * whose {@code requester_id} is theirs, readable or not) is dropped before it is stored or quarantined, and counted
 * as erased. Counts per page: rows_in (records) = loaded + duplicate + quarantined + erased; an unreadable page
 * counts one row.
 */
public final class CrmIngest {
    public static final String SOURCE = "crm";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<CrmRecords, Table> TABLES = Map.of(
            CrmRecords.TICKETS, Table.BRONZE_CRM_TICKET,
            CrmRecords.TICKET_METRICS, Table.BRONZE_CRM_TICKET_METRIC,
            CrmRecords.SATISFACTION_RATINGS, Table.BRONZE_CRM_SATISFACTION_RATING);

    private final Warehouse warehouse;
    private final Configuration hadoopConf;
    private final IngestLimits limits;
    private final ErasedSubjects erased;
    private final AnonymousAgents agents;

    /** {@code agents}: how a record assigned to an erased agent is re-keyed before it is stored (it is kept). */
    public CrmIngest(Warehouse warehouse, IngestLimits limits, ErasedSubjects erased, AnonymousAgents agents) {
        this.warehouse = warehouse;
        this.hadoopConf = warehouse.spark().sparkContext().hadoopConfiguration();
        this.limits = limits;
        this.erased = erased;
        this.agents = agents;
    }

    /** Reads every page of {@code dir}; returns one report per page and adds what cannot be stored to {@code quarantine}. */
    public List<FileReport> ingest(String dir, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        IngestManifest manifest = IngestManifest.load(warehouse, SOURCE);
        List<FileReport> reports = new ArrayList<>();
        for (String file : SourceFiles.list(hadoopConf, dir)) {
            reports.add(ingestPage(file, batch, manifest, quarantine));
        }
        return reports;
    }

    private FileReport ingestPage(String file, Batch batch, IngestManifest manifest, List<QuarantineRecord> quarantine)
            throws IOException {
        LandedFile.Whole whole = LandedFile.readWhole(hadoopConf, file, SOURCE, manifest, quarantine, limits, false);
        if (whole.settled() != null) return whole.settled();
        byte[] bytes = whole.bytes();
        String checksum = whole.checksum();
        manifest.remember(file, checksum);

        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonNode page;
        try {
            page = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            if (erased.requesterInText(text)) return erasedPage(file, checksum, bytes.length);
            return quarantinedPage(file, checksum, bytes.length, text,
                    "not valid JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr(), quarantine);
        } catch (IOException e) {
            if (erased.requesterInText(text)) return erasedPage(file, checksum, bytes.length);
            return quarantinedPage(file, checksum, bytes.length, text, "not valid JSON: " + e.getMessage(), quarantine);
        }
        Map<CrmRecords, JsonNode> arrays = new EnumMap<>(CrmRecords.class);
        if (page != null && page.isObject()) {
            for (CrmRecords kind : CrmRecords.values()) {
                if (page.get(kind.pageKey()) != null && page.get(kind.pageKey()).isArray()) arrays.put(kind, page.get(kind.pageKey()));
            }
        }
        if (arrays.isEmpty()) {
            if (erased.requesterInText(text)) return erasedPage(file, checksum, bytes.length);
            return quarantinedPage(file, checksum, bytes.length, text,
                    "not a Zendesk incremental-export page: expected an object with a tickets, ticket_metrics or"
                            + " satisfaction_ratings array", quarantine);
        }

        long rowsIn = 0;
        long quarantined = 0;
        long loaded = 0;
        long erasedRecords = 0;
        for (Map.Entry<CrmRecords, JsonNode> e : arrays.entrySet()) {
            CrmRecords kind = e.getKey();
            List<Row> rows = new ArrayList<>();
            int index = 0;
            for (JsonNode record : e.getValue()) {
                rowsIn++;
                try {
                    agents.crmRecord(record);
                    Object[] typed = kind.typedValues(record);
                    String json = kind.storedJson(record);
                    if (erased.ticket(kind.ticketId(typed)) || erased.requesterInText(json)) {
                        erasedRecords++;
                    } else {
                        Object[] row = java.util.Arrays.copyOf(typed, typed.length + 5);
                        row[typed.length] = json;
                        row[typed.length + 1] = file;
                        row[typed.length + 2] = (long) index;
                        row[typed.length + 3] = batch.startedAtTimestamp();
                        row[typed.length + 4] = batch.id();
                        rows.add(RowFactory.create(row));
                    }
                } catch (CrmRecords.Unreadable u) {
                    if (erased.requesterInText(record.toString())) {
                        erasedRecords++;
                    } else {
                        quarantined++;
                        quarantine.add(new QuarantineRecord(SOURCE, file, index, agents.text(record.toString()), kind.pageKey() + "[" + index + "]: " + u.getMessage()));
                    }
                }
                index++;
            }
            if (!rows.isEmpty()) {
                // a version repeated within the page counts at its first position, as one already stored does
                var firstPosition = Window.partitionBy(col(kind.idColumn()), expr(kind.versionIdentity())).orderBy(col("_source_line"));
                var df = warehouse.spark().createDataFrame(rows, kind.bronzeSchema())
                        .withColumn("_position", row_number().over(firstPosition))
                        .where(col("_position").equalTo(1)).drop("_position");
                loaded += warehouse.insertUnmatched(TABLES.get(kind), df, kind.sameVersion(), null, batch.unrecorded());
            }
        }
        return new FileReport(file, checksum, bytes.length, 0, checksum, rowsIn, loaded, rowsIn - loaded - quarantined - erasedRecords,
                quarantined, erasedRecords, 0, null, null, null);
    }

    /** A page that cannot be read and names an erased requester: dropped, not quarantined, counted as one erased row. */
    private static FileReport erasedPage(String file, String checksum, long bytes) {
        return new FileReport(file, checksum, bytes, 0, checksum, 1, 0, 0, 0, 1, 0, null, null, null);
    }

    private static FileReport quarantinedPage(String file, String checksum, long bytes, String text, String reason,
                                              List<QuarantineRecord> quarantine) {
        quarantine.add(new QuarantineRecord(SOURCE, file, 0, text, reason));
        return new FileReport(file, checksum, bytes, 0, checksum, 1, 0, 0, 1, 0, 0, null, null, null);
    }
}
