package io.indicate.telephony;

import io.indicate.build.DatesTouched;
import io.indicate.build.SourceBatches;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestRun;
import io.indicate.ingest.Source;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedPerson;
import io.indicate.privacy.ErasedRows;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * Asterisk CDR files ({@link CdrIngest}) in {@code bronze.cdr}. Its new rows touch the local dates of the calls' start.
 * A caller is erased with every row from or to their number, or with it anywhere in the caller-id text; an agent is
 * re-keyed in every row naming them.
 */
public final class CdrSource implements Source {
    private static final String AGENT_CDR = "erasure_agent_cdr";
    private static final String AGENT_CDR_FIELD = "erasure_agent_cdr_field";
    /** The columns an agent's re-keying changes, with their position in a CDR line. */
    private static final Map<String, Integer> REKEYED_COLUMNS = Map.of("src", 1, "dst", 2, "clid", 4, "channel", 5, "dstchannel", 6);

    @Override
    public String name() {
        return CdrIngest.SOURCE;
    }

    @Override
    public List<Table> bronzeTables() {
        return List.of(Table.BRONZE_CDR);
    }

    @Override
    public List<FileReport> ingest(String location, IngestRun run) throws IOException {
        return new CdrIngest(run.warehouse(), run.chunkLines(), run.limits(), run.erased(), run.agents())
                .ingest(location, run.batch(), run.quarantine());
    }

    @Override
    public DatesTouched datesTouched(SourceBatches batches) {
        return DatesTouched.of(Map.of(name(), startDates(batches, SourceBatches.batchIds(batches.pending()))));
    }

    @Override
    public SortedSet<LocalDate> datesCovered(SourceBatches batches) {
        return startDates(batches, SourceBatches.batchIds(batches.all()));
    }

    /** The local start dates of the rows of those batches. */
    private static SortedSet<LocalDate> startDates(SourceBatches batches, List<String> batchIds) {
        if (batchIds.isEmpty()) return new TreeSet<>();
        return SourceBatches.datesOf(batches.warehouse().read(Table.BRONZE_CDR).filter(col("_batch_id").isin(batchIds.toArray()))
                .select("start_date").distinct());
    }

    @Override
    public ErasedRows erase(Warehouse warehouse, ErasedPerson person) {
        if (person instanceof ErasedPerson.Caller caller) {
            String rows = caller.numberIs("src") + " or " + caller.numberIs("dst") + " or " + caller.inText("clid");
            // a row with the number in its caller-id text only: its silver row goes with the rebuild of its date
            SortedSet<LocalDate> dates = SourceBatches.datesOf(warehouse.spark().sql("select distinct start_date from bronze.cdr where " + rows));
            return new ErasedRows(Map.of(Table.BRONZE_CDR, warehouse.delete(Table.BRONZE_CDR, rows)), dates);
        }
        if (person instanceof ErasedPerson.Agent agent) {
            registerRekeying(warehouse, agent.agents());
            String cdr = AGENT_CDR + "(raw)";
            Map<String, String> set = new LinkedHashMap<>(Map.of("raw", cdr, "line_hash", "sha2(" + cdr + ", 256)"));
            for (String column : REKEYED_COLUMNS.keySet()) set.put(column, AGENT_CDR_FIELD + "(raw, '" + column + "')");
            return ErasedRows.of(Table.BRONZE_CDR, warehouse.update(Table.BRONZE_CDR, cdr + " <> raw", set));
        }
        return ErasedRows.NONE;
    }

    /** The functions the re-keying UPDATE uses, so the statement Delta keeps in the log names neither the agent nor their identifiers. */
    private static void registerRekeying(Warehouse warehouse, AnonymousAgents agents) {
        warehouse.spark().udf().register(AGENT_CDR, (UDF1<String, String>) raw -> {
            CdrParser.Result r = CdrParser.parse(raw);
            return r.ok() ? agents.cdrLine(raw, r.fields(), r.startDate()) : raw;
        }, DataTypes.StringType);
        warehouse.spark().udf().register(AGENT_CDR_FIELD, (UDF2<String, String, String>) (raw, column) -> {
            CdrParser.Result r = CdrParser.parse(raw);
            if (!r.ok()) return null;
            CdrParser.Result rekeyed = CdrParser.parse(agents.cdrLine(raw, r.fields(), r.startDate()));
            return rekeyed.fields().get(REKEYED_COLUMNS.get(column));
        }, DataTypes.StringType);
    }
}
