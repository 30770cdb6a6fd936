package io.indicate.crm;

import io.indicate.build.DatesTouched;
import io.indicate.build.SourceBatches;
import io.indicate.ingest.FileReport;
import io.indicate.ingest.IngestRun;
import io.indicate.ingest.Source;
import io.indicate.privacy.ErasedPerson;
import io.indicate.privacy.ErasedRows;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Zendesk incremental-export pages ({@link CrmIngest}) in the CRM bronze tables. Its new pages touch every local date
 * any version of a ticket they touch is dated by (created_at, the metrics' solved_at, its ratings' created_at): a
 * ticket solved again, or a rating changed, leaves the date it was counted on. A requester is erased with the tickets
 * they asked, their metrics and ratings; an agent is re-keyed where tickets and ratings are assigned to them.
 */
public final class CrmSource implements Source {
    private static final String AGENT_CRM_USER = "erasure_agent_crm_user";
    private static final String AGENT_CRM_JSON = "erasure_agent_crm_json";

    @Override
    public String name() {
        return CrmIngest.SOURCE;
    }

    @Override
    public List<Table> bronzeTables() {
        return List.of(Table.BRONZE_CRM_TICKET, Table.BRONZE_CRM_TICKET_METRIC, Table.BRONZE_CRM_SATISFACTION_RATING);
    }

    @Override
    public List<FileReport> ingest(String location, IngestRun run) throws IOException {
        return new CrmIngest(run.warehouse(), run.chunkLines(), run.limits(), run.erased(), run.agents())
                .ingest(location, run.batch(), run.quarantine());
    }

    @Override
    public DatesTouched datesTouched(SourceBatches batches) {
        return DatesTouched.of(Map.of(name(), ticketDates(batches, SourceBatches.batchIds(batches.pending()))));
    }

    /**
     * Every local date the CRM tables' rows are dated by ({@link #datesOf}): all batches touch all tickets, so each
     * table is read once, without {@link #ticketDates}'s join through the touched tickets and its list of every batch id.
     */
    @Override
    public SortedSet<LocalDate> datesCovered(SourceBatches batches) {
        if (batches.all().isEmpty()) return new TreeSet<>();
        return datesOf(batches, """
                with ticket as (select * from bronze.crm_ticket),
                metric as (select * from bronze.crm_ticket_metric),
                rating as (select * from bronze.crm_satisfaction_rating)
                """);
    }

    /** Every local date any version of a ticket touched by those batches is dated by ({@link #datesOf}). */
    private static SortedSet<LocalDate> ticketDates(SourceBatches batches, List<String> batchIds) {
        if (batchIds.isEmpty()) return new TreeSet<>();
        String in = batchIds.stream().map(b -> "'" + b.replace("'", "''") + "'").collect(Collectors.joining(", "));
        return datesOf(batches, """
                with touched as (
                    select id as ticket_id from bronze.crm_ticket where _batch_id in (%1$s)
                    union select ticket_id from bronze.crm_ticket_metric where _batch_id in (%1$s)
                    union select ticket_id from bronze.crm_satisfaction_rating where _batch_id in (%1$s)
                ),
                ticket as (select t.* from bronze.crm_ticket t join touched on t.id = touched.ticket_id),
                metric as (select m.* from bronze.crm_ticket_metric m join touched using (ticket_id)),
                rating as (select r.* from bronze.crm_satisfaction_rating r join touched using (ticket_id))
                """.formatted(in));
    }

    /**
     * The local dates a ticket is dated by: its creation (updated_at when a row has no created_at), its metric's
     * solve, its ratings' creation (likewise). {@code rows} is the SQL that names the rows to date: three common table
     * expressions, {@code ticket}, {@code metric} and {@code rating}, over the three bronze tables.
     */
    private static SortedSet<LocalDate> datesOf(SourceBatches batches, String rows) {
        return SourceBatches.datesOf(batches.warehouse().sql(rows + """
                , times as (
                    select coalesce(created_at, updated_at) as at from ticket
                    union all select solved_at from metric
                    union all select coalesce(created_at, updated_at) from rating
                )
                select distinct to_date(from_utc_timestamp(at, '%s')) from times where at is not null
                """.formatted(batches.zone().getId())));
    }

    @Override
    public ErasedRows erase(Warehouse warehouse, ErasedPerson person) {
        Map<Table, Long> rows = new LinkedHashMap<>();
        if (person instanceof ErasedPerson.Requester requester) {
            String ids = requester.ticketIds();
            rows.put(Table.BRONZE_CRM_TICKET, warehouse.delete(Table.BRONZE_CRM_TICKET, "id in (" + ids + ")"));
            rows.put(Table.BRONZE_CRM_TICKET_METRIC, warehouse.delete(Table.BRONZE_CRM_TICKET_METRIC, "ticket_id in (" + ids + ")"));
            rows.put(Table.BRONZE_CRM_SATISFACTION_RATING, warehouse.delete(Table.BRONZE_CRM_SATISFACTION_RATING, "ticket_id in (" + ids + ")"));
        } else if (person instanceof ErasedPerson.Agent agent) {
            // the functions the UPDATEs use, so the statements Delta keeps in the log name neither the agent nor their ids
            warehouse.spark().udf().register(AGENT_CRM_USER, (UDF1<String, String>) agent.agents()::crmUser, DataTypes.StringType);
            warehouse.spark().udf().register(AGENT_CRM_JSON, (UDF1<String, String>) agent.agents()::crmJson, DataTypes.StringType);
            for (Table table : List.of(Table.BRONZE_CRM_TICKET, Table.BRONZE_CRM_SATISFACTION_RATING)) {
                rows.put(table, warehouse.update(table, AGENT_CRM_USER + "(assignee_id) <> assignee_id", Map.of(
                        "assignee_id", AGENT_CRM_USER + "(assignee_id)", "record", AGENT_CRM_JSON + "(record)")));
            }
        }
        return rows.isEmpty() ? ErasedRows.NONE : new ErasedRows(rows, Collections.emptySortedSet());
    }
}
