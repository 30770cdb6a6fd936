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
 * VACUUM removes those files; the conditions of the deletes, which Delta keeps in the table's log, hold the
 * person's keyed hash only, never the number or id itself.
 */
public final class Erasure {
    /** What was deleted (rows per table) and which built dates changed. */
    public record Report(Map<Table, Long> removed, SortedSet<LocalDate> datesToRebuild) {
        public long total() {
            return removed.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The tables rows were deleted from: the only ones holding files with the person's rows. */
        public List<Table> changed() {
            return removed.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        }
    }

    private static final String REQUESTER = "requester";
    private static final String PHONE_HASH = "erasure_phone_hash";
    private static final String REQUESTER_HASH = "erasure_requester_hash";
    private static final String PHONE_HASHES_IN = "erasure_phone_hashes_in";
    private static final String REQUESTER_HASHES_IN = "erasure_requester_hashes_in";
    private static final java.util.regex.Pattern REQUESTER_FIELD =
            java.util.regex.Pattern.compile("\"requester_id\"\\s*:\\s*\"?([^\",}\\]\\s]+)");

    private final Warehouse warehouse;
    private final Pseudonymiser pseudonymiser;
    private final SparkSession spark;

    public Erasure(Warehouse warehouse, Pseudonymiser pseudonymiser) {
        this.warehouse = warehouse;
        this.pseudonymiser = pseudonymiser;
        this.spark = warehouse.spark();
    }

    public Report forgetCaller(String number) {
        String hash = pseudonymiser.ofPhoneNumber(number);
        if (hash == null) throw new IllegalArgumentException("the caller number is empty or anonymous");
        registerMatchers();
        String inText = "array_contains(" + PHONE_HASHES_IN + "(%s), " + quote(hash) + ")";
        String cdrRows = PHONE_HASH + "(src) = " + quote(hash) + " or " + PHONE_HASH + "(dst) = " + quote(hash)
                + " or " + inText.formatted("clid");
        SortedSet<LocalDate> dates = new TreeSet<>();
        dates.addAll(dates("select distinct date_local from silver.fact_queue_call where caller_hash = " + quote(hash)));
        dates.addAll(dates("select distinct date_local from silver.fact_outbound_call where dst_hash = " + quote(hash)));
        // a CDR row with the number in its caller-id text only: its silver row goes with the rebuild of its date
        dates.addAll(dates("select distinct start_date from bronze.cdr where " + cdrRows));

        Map<Table, Long> removed = new LinkedHashMap<>();
        removed.put(Table.BRONZE_QUEUE_LOG, warehouse.delete(Table.BRONZE_QUEUE_LOG,
                "event = 'ENTERQUEUE' and " + PHONE_HASH + "(data2) = " + quote(hash)));
        removed.put(Table.BRONZE_CDR, warehouse.delete(Table.BRONZE_CDR, cdrRows));
        removed.put(Table.BRONZE_QUARANTINE, warehouse.delete(Table.BRONZE_QUARANTINE,
                "source in ('queue_log', 'cdr') and " + inText.formatted("raw")));
        removed.put(Table.SILVER_FACT_QUEUE_CALL, warehouse.delete(Table.SILVER_FACT_QUEUE_CALL, "caller_hash = " + quote(hash)));
        removed.put(Table.SILVER_FACT_OUTBOUND_CALL, warehouse.delete(Table.SILVER_FACT_OUTBOUND_CALL, "dst_hash = " + quote(hash)));
        return new Report(removed, dates);
    }

    public Report forgetRequester(String requesterId) {
        String hash = pseudonymiser.ofIdentifier(REQUESTER, requesterId);
        if (hash == null) throw new IllegalArgumentException("the requester id is empty");
        registerMatchers();
        List<Long> tickets = new ArrayList<>();
        for (Row r : spark.sql("select distinct id from bronze.crm_ticket where " + REQUESTER_HASH + "(requester_id) = " + quote(hash)).collectAsList()) {
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
        removed.put(Table.BRONZE_QUARANTINE, warehouse.delete(Table.BRONZE_QUARANTINE,
                "source = 'crm' and array_contains(" + REQUESTER_HASHES_IN + "(raw), " + quote(hash) + ")"));
        removed.put(Table.SILVER_FACT_TICKET, warehouse.delete(Table.SILVER_FACT_TICKET, "ticket_id in (" + ids + ")"));
        removed.put(Table.SILVER_FACT_CSAT, warehouse.delete(Table.SILVER_FACT_CSAT, "ticket_id in (" + ids + ")"));
        return new Report(removed, dates);
    }

    /**
     * The functions the DELETE conditions match with. Delta writes each condition into the table's log, where it
     * stays after VACUUM, so a condition names the erased person only by their keyed hash: these functions hash
     * what a row holds (a number field, every phone number a caller-id or quarantined text holds, every
     * {@code requester_id} of a quarantined JSON text) for comparing with it.
     */
    private void registerMatchers() {
        Pseudonymiser p = pseudonymiser;
        spark.udf().register(PHONE_HASH, (UDF1<String, String>) p::ofPhoneNumber, DataTypes.StringType);
        spark.udf().register(REQUESTER_HASH, (UDF1<String, String>) id -> p.ofIdentifier(REQUESTER, id), DataTypes.StringType);
        spark.udf().register(PHONE_HASHES_IN, (UDF1<String, List<String>>) text -> PhoneNumbersInText.candidates(text).stream()
                .map(p::ofPhoneNumber).toList(), DataTypes.createArrayType(DataTypes.StringType));
        spark.udf().register(REQUESTER_HASHES_IN, (UDF1<String, List<String>>) text -> requesterIdsIn(text).stream()
                .map(id -> p.ofIdentifier(REQUESTER, id)).toList(), DataTypes.createArrayType(DataTypes.StringType));
    }

    /** The values of every {@code "requester_id"} field in a (possibly broken) JSON text, quoted or not. */
    static List<String> requesterIdsIn(String text) {
        if (text == null) return List.of();
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = REQUESTER_FIELD.matcher(text);
        while (m.find()) ids.add(m.group(1));
        return ids;
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
