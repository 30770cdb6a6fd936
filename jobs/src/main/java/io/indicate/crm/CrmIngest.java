package io.indicate.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.indicate.ingest.Batch;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestLimits;
import io.indicate.ingest.IngestManifest;
import io.indicate.ingest.LandedFile;
import io.indicate.ingest.NewRows;
import io.indicate.ingest.QuarantineRecord;
import io.indicate.ingest.SourceFiles;
import io.indicate.ingest.StagingFolder;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedSubjects;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;
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
    /** A row's page within the run, while it waits to be written (not stored). */
    private static final String SLOT = "_page_slot";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<CrmRecords, Table> TABLES = Map.of(
            CrmRecords.TICKETS, Table.BRONZE_CRM_TICKET,
            CrmRecords.TICKET_METRICS, Table.BRONZE_CRM_TICKET_METRIC,
            CrmRecords.SATISFACTION_RATINGS, Table.BRONZE_CRM_SATISFACTION_RATING);

    private final Warehouse warehouse;
    private final int chunkRecords;
    private final Configuration hadoopConf;
    private final IngestLimits limits;
    private final ErasedSubjects erased;
    private final AnonymousAgents agents;

    /**
     * {@code chunkRecords}: records held in memory before they are written (settings {@code ingest_chunk_lines});
     * {@code agents}: how a record assigned to an erased agent is re-keyed before it is stored (it is kept).
     */
    public CrmIngest(Warehouse warehouse, int chunkRecords, IngestLimits limits, ErasedSubjects erased, AnonymousAgents agents) {
        if (chunkRecords <= 0) throw new IllegalArgumentException("chunkRecords must be > 0, got " + chunkRecords);
        this.warehouse = warehouse;
        this.chunkRecords = chunkRecords;
        this.hadoopConf = warehouse.spark().sparkContext().hadoopConfiguration();
        this.limits = limits;
        this.erased = erased;
        this.agents = agents;
    }

    /**
     * Reads every page of {@code dir}; returns one report per page and adds what cannot be stored to {@code quarantine}.
     * The records of all pages are written together, one commit per table per {@code chunkRecords} records (not one
     * per page: a write costs about a second whatever its size, and an export of a month is hundreds of pages); a
     * version repeated across the run's pages counts at its first page.
     */
    public List<FileReport> ingest(String dir, Batch batch, List<QuarantineRecord> quarantine) throws IOException {
        IngestManifest manifest = IngestManifest.load(warehouse, SOURCE);
        TABLES.values().forEach(t -> StagingFolder.removeLeftovers(warehouse, t));
        List<FileReport> reports = new ArrayList<>();
        Pending pending = new Pending(batch);
        for (String file : SourceFiles.list(hadoopConf, dir)) {
            FileReport settled = readPage(file, batch, manifest, quarantine, pending, reports.size());
            reports.add(settled);
            if (pending.records >= chunkRecords) pending.write(reports);
        }
        pending.write(reports);
        return reports;
    }

    /**
     * The report of a page that is settled without storing anything (known, unreadable, not an export page, wholly
     * erased), or null when its records were added to {@code pending} (reported at {@code slot} once written).
     */
    private FileReport readPage(String file, Batch batch, IngestManifest manifest, List<QuarantineRecord> quarantine,
                                Pending pending, int slot) throws IOException {
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

        ParsedPage parsed = new ParsedPage(slot, file, checksum, bytes.length);
        for (Map.Entry<CrmRecords, JsonNode> e : arrays.entrySet()) {
            CrmRecords kind = e.getKey();
            int index = 0;
            for (JsonNode record : e.getValue()) {
                parsed.rowsIn++;
                try {
                    agents.crmRecord(record);
                    Object[] typed = kind.typedValues(record);
                    String json = kind.storedJson(record);
                    if (erased.ticket(kind.ticketId(typed)) || erased.requesterInText(json)) {
                        parsed.erased++;
                    } else {
                        Object[] row = java.util.Arrays.copyOf(typed, typed.length + 6);
                        row[typed.length] = json;
                        row[typed.length + 1] = file;
                        row[typed.length + 2] = (long) index;
                        row[typed.length + 3] = batch.startedAtTimestamp();
                        row[typed.length + 4] = batch.id();
                        row[typed.length + 5] = slot;
                        pending.add(kind, row);
                    }
                } catch (CrmRecords.Unreadable u) {
                    if (erased.requesterInText(record.toString())) {
                        parsed.erased++;
                    } else {
                        parsed.quarantined++;
                        quarantine.add(new QuarantineRecord(SOURCE, file, index, agents.text(record.toString()), kind.pageKey() + "[" + index + "]: " + u.getMessage()));
                    }
                }
                index++;
            }
        }
        pending.pages.add(parsed);
        return null;
    }

    /** A page whose records wait in {@link Pending}; its loaded count is known once they are written. */
    private static final class ParsedPage {
        final int slot;
        final String file;
        final String checksum;
        final long bytes;
        long rowsIn;
        long quarantined;
        long erased;

        ParsedPage(int slot, String file, String checksum, long bytes) {
            this.slot = slot;
            this.file = file;
            this.checksum = checksum;
            this.bytes = bytes;
        }
    }

    /** The records of the pages read since the last write, per table; each row ends with its page's slot. */
    private final class Pending {
        private final Batch batch;
        private final Map<CrmRecords, List<Object[]>> rows = new EnumMap<>(CrmRecords.class);
        private final List<ParsedPage> pages = new ArrayList<>();
        private long records;

        Pending(Batch batch) {
            this.batch = batch;
        }

        void add(CrmRecords kind, Object[] row) {
            rows.computeIfAbsent(kind, k -> new ArrayList<>()).add(row);
            records++;
        }

        /**
         * Writes the records (one commit per table: appended by {@link NewRows}, or an insert-only MERGE when the run
         * takes over a dead batch's rows) and fills in the pages' reports. A page's loaded records are its
         * versions that neither bronze (apart from rows of a batch killed before it was recorded, which this batch
         * takes over) nor an earlier position of this run holds; the rest are duplicates.
         */
        void write(List<FileReport> reports) {
            Map<Integer, Long> loadedBySlot = new HashMap<>();
            for (Map.Entry<CrmRecords, List<Object[]>> e : rows.entrySet()) {
                CrmRecords kind = e.getKey();
                Table table = TABLES.get(kind);
                StructType schema = kind.bronzeSchema().add(SLOT, DataTypes.IntegerType, false);
                // staged as Parquet by the driver and read back: a local relation of the records is slow to analyse
                try (StagingFolder staged = StagingFolder.open(warehouse, table, batch)) {
                    staged.write(schema, e.getValue());
                    write(kind, table, staged.read(schema), loadedBySlot);
                }
            }
            for (ParsedPage p : pages) {
                long loaded = loadedBySlot.getOrDefault(p.slot, 0L);
                reports.set(p.slot, new FileReport(p.file, p.checksum, p.bytes, 0, p.checksum, p.rowsIn, loaded,
                        p.rowsIn - loaded - p.quarantined - p.erased, p.quarantined, p.erased, 0, null, null, null));
            }
            rows.clear();
            pages.clear();
            records = 0;
        }

        /** Stores one table's records of the pages read since the last write and adds each page's loaded count. */
        private void write(CrmRecords kind, Table table, Dataset<Row> staged, Map<Integer, Long> loadedBySlot) {
            var firstPosition = Window.partitionBy(col(kind.idColumn()), expr(kind.versionIdentity()))
                    .orderBy(col(SLOT), col("_source_line"));
            Dataset<Row> firsts = staged
                    .withColumn("_position", row_number().over(firstPosition))
                    .where(col("_position").equalTo(1)).drop("_position");
            Dataset<Row> stored = warehouse.read(table);
            if (batch.unrecorded().isEmpty()) {
                // the usual run: what bronze does not hold, appended and counted per page in one pass
                Map<String, Long> byPage = NewRows.append(warehouse, table,
                        firsts.as("s").join(stored.as("t"), expr(kind.sameVersion()), "left_anti").drop(SLOT),
                        batch.id(), null, pages.stream().map(p -> p.file).toList());
                for (ParsedPage p : pages) loadedBySlot.merge(p.slot, byPage.getOrDefault(p.file, 0L), Long::sum);
                return;
            }
            stored = stored.where(not(col("_batch_id").isin(batch.unrecorded().toArray())));
            long counted = 0;
            for (Row r : firsts.as("s").join(stored.as("t"), expr(kind.sameVersion()), "left_anti")
                    .groupBy(SLOT).count().collectAsList()) {
                loadedBySlot.merge(r.getInt(0), r.getLong(1), Long::sum);
                counted += r.getLong(1);
            }
            NewRows.checkCount(table, warehouse.insertUnmatched(table, firsts.drop(SLOT), kind.sameVersion(), null,
                    batch.unrecorded()), counted);
        }
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
