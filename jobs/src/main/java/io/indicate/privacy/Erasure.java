package io.indicate.privacy;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Right to erasure: deletes one person's records from bronze (raw identifiers) and silver (pseudonyms) with
 * Delta DELETE, and says which local dates the marts must be rebuilt for so that they equal a build from
 * sources without that person. A caller is every queue call they entered (ENTERQUEUE with their number) and
 * every CDR row from or to their number; a requester is every ticket they asked, with its metrics and
 * ratings. Quarantined lines holding the identifier go too. Deleted rows stay in older table versions until
 * VACUUM removes those files.
 */
public final class Erasure {
    /** What was deleted (rows per table) and which built dates changed. */
    public record Report(Map<Table, Long> removed, SortedSet<LocalDate> datesToRebuild) {
        public long total() {
            return removed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Warehouse warehouse;
    private final Pseudonymiser pseudonymiser;
    private final SparkSession spark;

    public Erasure(Warehouse warehouse, Pseudonymiser pseudonymiser) {
        this.warehouse = warehouse;
        this.pseudonymiser = pseudonymiser;
        this.spark = warehouse.spark();
    }

    public Report forgetCaller(String number) {
        String normalised = Pseudonymiser.normalisePhone(number);
        if (normalised == null) throw new IllegalArgumentException("'" + number + "' is not a phone number");
        String hash = pseudonymiser.ofPhoneNumber(number);
        Pseudonymiser p = pseudonymiser;
        spark.udf().register("erasure_phone_hash", (UDF1<String, String>) p::ofPhoneNumber, DataTypes.StringType);
        SortedSet<LocalDate> dates = new TreeSet<>();
        dates.addAll(dates("select distinct date_local from silver.fact_queue_call where caller_hash = " + quote(hash)));
        dates.addAll(dates("select distinct date_local from silver.fact_outbound_call where dst_hash = " + quote(hash)));

        Map<Table, Long> removed = new LinkedHashMap<>();
        removed.put(Table.BRONZE_QUEUE_LOG, warehouse.delete(Table.BRONZE_QUEUE_LOG,
                "event = 'ENTERQUEUE' and erasure_phone_hash(data2) = " + quote(hash)));
        removed.put(Table.BRONZE_CDR, warehouse.delete(Table.BRONZE_CDR,
                "erasure_phone_hash(src) = " + quote(hash) + " or erasure_phone_hash(dst) = " + quote(hash)
                        + " or instr(clid, " + quote(normalised) + ") > 0"));
        removed.put(Table.BRONZE_QUARANTINE, warehouse.delete(Table.BRONZE_QUARANTINE,
                "source in ('queue_log', 'cdr') and (instr(raw, " + quote(normalised) + ") > 0 or instr(raw, " + quote(number.trim()) + ") > 0)"));
        removed.put(Table.SILVER_FACT_QUEUE_CALL, warehouse.delete(Table.SILVER_FACT_QUEUE_CALL, "caller_hash = " + quote(hash)));
        removed.put(Table.SILVER_FACT_OUTBOUND_CALL, warehouse.delete(Table.SILVER_FACT_OUTBOUND_CALL, "dst_hash = " + quote(hash)));
        return new Report(removed, dates);
    }

    public Report forgetRequester(String requesterId) {
        if (requesterId == null || requesterId.isBlank()) throw new IllegalArgumentException("the requester id is empty");
        String id = requesterId.trim();
        String hash = pseudonymiser.ofIdentifier("requester", id);
        List<Long> tickets = new ArrayList<>();
        for (Row r : spark.sql("select distinct id from bronze.crm_ticket where requester_id = " + quote(id)).collectAsList()) {
            tickets.add(r.getLong(0));
        }
        for (Row r : spark.sql("select distinct ticket_id from silver.fact_ticket where requester_hash = " + quote(hash)).collectAsList()) {
            if (!tickets.contains(r.getLong(0))) tickets.add(r.getLong(0));
        }
        String ids = tickets.isEmpty() ? "null" : tickets.stream().map(String::valueOf).collect(Collectors.joining(", "));
        SortedSet<LocalDate> dates = new TreeSet<>();
        dates.addAll(dates("select distinct date_local from silver.fact_ticket where ticket_id in (" + ids + ")"));
        dates.addAll(dates("select distinct date_local from silver.fact_csat where ticket_id in (" + ids + ")"));

        Map<Table, Long> removed = new LinkedHashMap<>();
        removed.put(Table.BRONZE_CRM_TICKET, warehouse.delete(Table.BRONZE_CRM_TICKET, "id in (" + ids + ")"));
        removed.put(Table.BRONZE_CRM_TICKET_METRIC, warehouse.delete(Table.BRONZE_CRM_TICKET_METRIC, "ticket_id in (" + ids + ")"));
        removed.put(Table.BRONZE_CRM_SATISFACTION_RATING, warehouse.delete(Table.BRONZE_CRM_SATISFACTION_RATING, "ticket_id in (" + ids + ")"));
        // a quarantined page or record is raw JSON: the requester appears as "requester_id": 123 or "123"
        removed.put(Table.BRONZE_QUARANTINE, warehouse.delete(Table.BRONZE_QUARANTINE,
                "source = 'crm' and raw rlike " + quote("\"requester_id\"\\s*:\\s*\"?" + java.util.regex.Pattern.quote(id) + "\"?[,}\\s]")));
        removed.put(Table.SILVER_FACT_TICKET, warehouse.delete(Table.SILVER_FACT_TICKET, "ticket_id in (" + ids + ")"));
        removed.put(Table.SILVER_FACT_CSAT, warehouse.delete(Table.SILVER_FACT_CSAT, "ticket_id in (" + ids + ")"));
        return new Report(removed, dates);
    }

    private SortedSet<LocalDate> dates(String sql) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : spark.sql(sql).collectAsList()) out.add(r.getDate(0).toLocalDate());
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
