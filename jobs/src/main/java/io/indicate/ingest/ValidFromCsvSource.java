package io.indicate.ingest;

import io.indicate.build.DatesTouched;
import io.indicate.build.SourceBatches;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedPerson;
import io.indicate.privacy.ErasedRows;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.io.Reader;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.col;

/**
 * A source delivered as one CSV file of text columns, each row a version that holds from its {@code valid_from} on
 * (the roster, the goals). Landing: every accepted row whose content is new is stored once, keyed by the hash of its
 * content ({@code row_hash}; a row delivered again is a duplicate), rejected rows go to quarantine with file, line
 * and reason; a file whose content was loaded before is skipped; a file that cannot be one of these (not UTF-8, a
 * column missing, over the {@link IngestLimits}) is quarantined whole with the reason, and the batch's other sources
 * go on. History is kept: a change is a new row with a later {@code valid_from}; nothing stored is rewritten.
 *
 * <p>New rows change attribution from their earliest {@code valid_from} on, whatever the models read it for: they
 * touch every built date from that day. An agent is re-keyed in every row naming them ({@link #rekeyed}). Serializable:
 * the re-keying function Spark runs calls it.
 */
public abstract class ValidFromCsvSource implements Source, Serializable {
    private static final long serialVersionUID = 1L;

    /** A row read: its line in the file and its fields, in the order of the source's columns. */
    public record Accepted(long line, Map<String, String> fields) {}

    /** A row refused: its line, its raw text and why. */
    public record Rejected(long line, String raw, String reason) {}

    /** What a file holds; {@code accepted().size() + rejected().size()} is the number of data rows. */
    public record Read(List<Accepted> accepted, List<Rejected> rejected) {}

    private final String name;
    private final Table table;
    private final List<String> columns;
    private final StructType bronze;
    private final String rekeying;

    /** {@code columns}: the file's, stored as text in this order after {@code row_hash}, before the lineage columns. */
    protected ValidFromCsvSource(String name, Table table, List<String> columns) {
        this.name = name;
        this.table = table;
        this.columns = List.copyOf(columns);
        StructType schema = new StructType().add("row_hash", DataTypes.StringType);
        for (String c : columns) schema = schema.add(c, DataTypes.StringType);
        this.bronze = schema.add("_source_file", DataTypes.StringType).add("_source_line", DataTypes.LongType)
                .add("_ingested_at", DataTypes.TimestampType).add("_batch_id", DataTypes.StringType);
        this.rekeying = "erasure_agent_" + name;
    }

    /** Reads a file; throws {@link IllegalArgumentException} when it cannot be such a file as a whole. */
    protected abstract Read read(Reader reader, String file) throws IOException;

    /** The row as it is stored: re-keyed where it names an erased agent (an unchanged row otherwise). */
    protected abstract Map<String, String> rekeyed(AnonymousAgents agents, Map<String, String> row);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Table> bronzeTables() {
        return List.of(table);
    }

    @Override
    public final List<FileReport> ingest(String file, IngestRun run) throws IOException {
        Warehouse warehouse = run.warehouse();
        AnonymousAgents agents = run.agents();
        List<QuarantineRecord> quarantine = run.quarantine();
        LandedFile.Whole whole = LandedFile.readNamed(warehouse, file, name, quarantine, run.limits());
        if (whole.settled() != null) return List.of(whole.settled());
        byte[] bytes = whole.bytes();
        String checksum = whole.checksum();

        Read result;
        try {
            result = read(new StringReader(LandedFile.utf8Text(bytes, name, file)), file);
        } catch (IllegalArgumentException e) {
            quarantine.add(new QuarantineRecord(name, file, 0, null, agents.text(e.getMessage())));
            return List.of(FileReport.refusedWhole(file, checksum, bytes.length));
        }
        for (Rejected rej : result.rejected()) {
            quarantine.add(new QuarantineRecord(name, file, rej.line(), agents.text(rej.raw()), agents.text(rej.reason())));
        }
        List<Row> rows = new ArrayList<>();
        for (Accepted a : result.accepted()) {
            Map<String, String> fields = rekeyed(agents, a.fields());
            Object[] row = new Object[bronze.size()];
            row[0] = AnonymousAgents.rosterRowHash(fields);
            for (int i = 0; i < columns.size(); i++) row[i + 1] = fields.get(columns.get(i));
            row[columns.size() + 1] = file;
            row[columns.size() + 2] = a.line();
            row[columns.size() + 3] = run.batch().startedAtTimestamp();
            row[columns.size() + 4] = run.batch().id();
            rows.add(RowFactory.create(row));
        }
        long loaded = rows.isEmpty() ? 0 : warehouse.insertNew(table,
                warehouse.spark().createDataFrame(rows, bronze).dropDuplicates("row_hash"), List.of("row_hash"), null, run.batch().unrecorded());
        return List.of(FileReport.readWhole(file, checksum, bytes.length, result.accepted().size(), result.rejected().size(), loaded));
    }

    @Override
    public final DatesTouched datesTouched(SourceBatches batches) {
        Row r = batches.warehouse().read(table)
                .filter(col("_batch_id").isin(SourceBatches.batchIds(batches.pending()).toArray()))
                .selectExpr("min(to_date(valid_from))").first();
        return DatesTouched.everyDateFrom(name, r.isNullAt(0) ? null : r.getDate(0).toLocalDate());
    }

    /** None of its own: its rows date no events, and a full build rebuilds every built date anyway. */
    @Override
    public final SortedSet<LocalDate> datesCovered(SourceBatches batches) {
        return Collections.emptySortedSet();
    }

    /** An agent: every row naming them re-keyed, its {@code row_hash} taken again; no one else is held here. */
    @Override
    public final ErasedRows erase(Warehouse warehouse, ErasedPerson person) {
        if (!(person instanceof ErasedPerson.Agent agent)) return ErasedRows.NONE;
        AnonymousAgents agents = agent.agents();
        // the function the UPDATE uses, so the statement Delta keeps in the log names neither the agent nor their ids
        warehouse.spark().udf().register(rekeying, (UDF1<scala.collection.Seq<String>, List<String>>) values -> {
            Map<String, String> row = new LinkedHashMap<>();
            for (int n = 0; n < columns.size(); n++) row.put(columns.get(n), values.apply(n));
            Map<String, String> rekeyed = rekeyed(agents, row);
            List<String> out = new ArrayList<>(rekeyed.values());
            out.add(AnonymousAgents.rosterRowHash(rekeyed));
            return out;
        }, DataTypes.createArrayType(DataTypes.StringType));
        String call = rekeying + "(array(" + String.join(", ", columns) + "))";
        Map<String, String> set = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) set.put(columns.get(i), call + "[" + i + "]");
        set.put("row_hash", call + "[" + columns.size() + "]");
        return ErasedRows.of(table, warehouse.update(table, call + "[" + columns.size() + "] <> row_hash", set));
    }
}
