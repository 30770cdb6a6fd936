package io.indicate.privacy;

import io.indicate.ingest.Source;
import io.indicate.ingest.Sources;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import java.time.Instant;
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
 *
 * <p>Each erasure first records the person's keyed hash in the erasure registry ({@link ErasedSubjects}), which
 * every later ingest consults, so a record of theirs delivered again is dropped before it is stored: a requester
 * with the tickets they asked (whose metrics and ratings do not name them). Recording is idempotent, and comes
 * first so that an erasure killed half-way and run again leaves nothing for an ingest in between to bring back.
 *
 * <p>What a person is in bronze, each source says ({@link Source#erase}, over {@link Sources#ALL}); this class keeps
 * what is common to them: the registry, the quarantine, silver, the digest log and the dates to rebuild.
 */
public final class Erasure {
    /**
     * What was deleted and re-keyed (rows per table), which built dates changed, and the tables the rebuild of those
     * dates rewrites whose earlier files held the person (an agent's silver and gold rows).
     */
    public record Report(Map<Table, Long> removed, Map<Table, Long> rekeyed, SortedSet<LocalDate> datesToRebuild,
                         List<Table> rebuiltHoldingThem) {
        public Report(Map<Table, Long> removed, SortedSet<LocalDate> datesToRebuild) {
            this(removed, Map.of(), datesToRebuild, List.of());
        }

        public long total() {
            return removed.values().stream().mapToLong(Long::longValue).sum()
                    + rekeyed.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The tables rows were deleted from or re-keyed in, or rebuilt from them: the only ones holding files with the person's rows. */
        public List<Table> changed() {
            java.util.Set<Table> out = new java.util.LinkedHashSet<>();
            removed.forEach((t, n) -> { if (n > 0) out.add(t); });
            rekeyed.forEach((t, n) -> { if (n > 0) out.add(t); });
            if (total() > 0) out.addAll(rebuiltHoldingThem);
            return List.copyOf(out);
        }
    }

    /** The kinds the pseudonymiser hashes requester and ticket ids under ({@link Pseudonymiser#ofIdentifier}). */
    static final String REQUESTER = "requester";
    static final String TICKET = "ticket";
    static final String PHONE_HASH = "erasure_phone_hash";
    private static final String REQUESTER_HASH = "erasure_requester_hash";
    static final String PHONE_HASHES_IN = "erasure_phone_hashes_in";
    private static final String REQUESTER_HASHES_IN = "erasure_requester_hashes_in";
    private static final String IS_AGENT = "erasure_is_agent";
    private static final String AGENT_TEXT = "erasure_agent_text";
    /** The silver facts with an agent_id: the dates an agent worked. */
    private static final List<Table> AGENT_FACTS = List.of(Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION,
            Table.SILVER_FACT_RING_NO_ANSWER, Table.SILVER_FACT_TICKET, Table.SILVER_FACT_CSAT, Table.SILVER_FACT_OUTBOUND_CALL);
    /** The silver and gold tables a rebuild rewrites that hold agents' identities (their earlier files, an erased one's). */
    private static final List<Table> AGENT_REBUILT = List.of(Table.SILVER_DIM_AGENT, Table.SILVER_DIM_TEAM,
            Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION, Table.SILVER_FACT_RING_NO_ANSWER,
            Table.SILVER_FACT_TICKET, Table.SILVER_FACT_CSAT, Table.SILVER_FACT_OUTBOUND_CALL,
            Table.GOLD_KPI_AGENT_INTERVAL, Table.GOLD_KPI_AGENT_DAILY, Table.GOLD_KPI_TEAM_DAILY,
            Table.SILVER_DIM_GOAL, Table.GOLD_KPI_AGENT_GOAL_DAILY, Table.GOLD_KPI_TEAM_GOAL_DAILY, Table.GOLD_KPI_COACHING_DAILY);
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
        ErasedSubjects.record(warehouse, List.of(new ErasedSubjects.Entry(ErasedSubjects.Kind.CALLER, hash)), Instant.now());
        registerMatchers();
        ErasedPerson.Caller caller = new ErasedPerson.Caller(hash);
        SortedSet<LocalDate> dates = new TreeSet<>();
        dates.addAll(dates("select distinct date_local from silver.fact_queue_call where caller_hash = " + quote(hash)));
        dates.addAll(dates("select distinct date_local from silver.fact_outbound_call where dst_hash = " + quote(hash)));

        Map<Table, Long> removed = new LinkedHashMap<>();
        List<String> holding = eraseFromSources(caller, removed, dates);
        removed.put(Table.BRONZE_QUARANTINE, warehouse.delete(Table.BRONZE_QUARANTINE,
                sourceIn(holding) + " and " + caller.inText("raw")));
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
        List<ErasedSubjects.Entry> erased = new ArrayList<>();
        erased.add(new ErasedSubjects.Entry(ErasedSubjects.Kind.REQUESTER, hash));
        for (Long t : tickets) erased.add(new ErasedSubjects.Entry(ErasedSubjects.Kind.TICKET, pseudonymiser.ofIdentifier(TICKET, String.valueOf(t))));
        ErasedSubjects.record(warehouse, erased, Instant.now());
        ErasedPerson.Requester requester = new ErasedPerson.Requester(hash, tickets);
        String ids = requester.ticketIds();
        SortedSet<LocalDate> dates = new TreeSet<>();
        dates.addAll(dates("select distinct date_local from silver.fact_ticket where ticket_id in (" + ids + ")"));
        dates.addAll(dates("select distinct date_local from silver.fact_csat where ticket_id in (" + ids + ")"));

        Map<Table, Long> removed = new LinkedHashMap<>();
        List<String> holding = eraseFromSources(requester, removed, dates);
        removed.put(Table.BRONZE_QUARANTINE, warehouse.delete(Table.BRONZE_QUARANTINE,
                sourceIn(holding) + " and array_contains(" + REQUESTER_HASHES_IN + "(raw), " + quote(hash) + ")"));
        removed.put(Table.SILVER_FACT_TICKET, warehouse.delete(Table.SILVER_FACT_TICKET, "ticket_id in (" + ids + ")"));
        removed.put(Table.SILVER_FACT_CSAT, warehouse.delete(Table.SILVER_FACT_CSAT, "ticket_id in (" + ids + ")"));
        return new Report(removed, dates);
    }

    /**
     * Forgets an agent who leaves, keeping their numbers: every identifier of theirs (agent id, login, name, e-mail,
     * CRM user id, telephony member and extension, from their rows in {@code silver.dim_agent}) is recorded in the
     * registry with one anonymous id, {@code erased-} and 12 hex digits of their keyed hash (not reversible
     * without the pseudonymisation key), and replaced by it in bronze ({@link AnonymousAgents}: roster, goals, queue_log,
     * CDR, CRM tickets and ratings, quarantine) and in {@code meta.digest_log}; the rebuild of the dates they worked then writes silver and gold
     * under the anonymous id, so their team, queue and organisation totals stay exactly the same. A member,
     * extension or login is re-keyed only on the days it was theirs (an extension given to the next person stays
     * the next person's); a roster row without an end is theirs until the day of the erasure. {@code zone}: the
     * warehouse's time zone, the one a queue_log epoch's date is read in. Forgetting an agent again changes nothing.
     */
    public Report forgetAgent(String agentId, java.time.ZoneId zone) {
        List<Row> versions = agentVersions(agentId);
        String agentHash = ErasedSubjects.hash(pseudonymiser, ErasedSubjects.Kind.AGENT, agentId);
        if (versions.isEmpty()) {
            boolean erasedBefore = warehouse.read(Table.META_ERASED_SUBJECT).filter(org.apache.spark.sql.functions.col("kind")
                    .equalTo(ErasedSubjects.Kind.AGENT.stored()).and(org.apache.spark.sql.functions.col("subject_hash").equalTo(agentHash))).count() > 0;
            if (erasedBefore) return new Report(Map.of(), Map.of(), new TreeSet<>(), List.of());
            throw new IllegalArgumentException("no agent with that id in silver.dim_agent (ingest their roster rows and build first)");
        }
        String anonymous = "erased-" + agentHash.substring(0, 12);
        LocalDate erasureDay = LocalDate.now(zone);
        List<ErasedSubjects.Entry> entries = new ArrayList<>();
        entries.add(new ErasedSubjects.Entry(ErasedSubjects.Kind.AGENT, agentHash, anonymous, null, null));
        for (Row v : versions) {
            LocalDate from = v.getDate(5).toLocalDate();
            LocalDate to = v.isNullAt(6) ? erasureDay.plusDays(1) : v.getDate(6).toLocalDate();
            // from their leaving day on, their login and extension may be someone else's
            if (!"left".equals(v.getString(7))) addIdentifier(entries, ErasedSubjects.Kind.LOGIN, v.getString(0), anonymous, from, to);
            addIdentifier(entries, ErasedSubjects.Kind.NAME, v.getString(1), anonymous, null, null);
            addIdentifier(entries, ErasedSubjects.Kind.EMAIL, v.getString(2), anonymous, null, null);
            if (!"left".equals(v.getString(7))) addIdentifier(entries, ErasedSubjects.Kind.MEMBER, v.getString(3), anonymous, from, to);
            if (!"left".equals(v.getString(7)) && v.getString(3) != null && v.getString(3).contains("/")) {
                addIdentifier(entries, ErasedSubjects.Kind.EXTENSION, AnonymousAgents.extensionOf(v.getString(3)), anonymous, from, to);
            }
            addIdentifier(entries, ErasedSubjects.Kind.CRM_USER, v.getString(4), anonymous, null, null);
        }
        ErasedSubjects.record(warehouse, entries, Instant.now());
        AnonymousAgents agents = new AnonymousAgents(ErasedSubjects.of(pseudonymiser, entries), zone);
        spark.udf().register(AGENT_TEXT, (UDF1<String, String>) agents::text, DataTypes.StringType);

        SortedSet<LocalDate> dates = new TreeSet<>();
        for (Table fact : AGENT_FACTS) {
            dates.addAll(dates("select distinct date_local from " + fact.qualifiedName() + " where " + IS_AGENT + "(agent_id)"));
        }
        // a goal they set applies also on days they did not work (their team's, a colleague's)
        for (Table goals : List.of(Table.GOLD_KPI_AGENT_GOAL_DAILY, Table.GOLD_KPI_TEAM_GOAL_DAILY)) {
            dates.addAll(dates("select distinct date_local from " + goals.qualifiedName() + " where " + AGENT_TEXT + "(goal_set_by) <> goal_set_by"));
        }
        Map<Table, Long> rekeyed = new LinkedHashMap<>();
        eraseFromSources(new ErasedPerson.Agent(agents), rekeyed, dates);
        rekeyed.put(Table.BRONZE_QUARANTINE, warehouse.update(Table.BRONZE_QUARANTINE,
                AGENT_TEXT + "(coalesce(raw, '')) <> coalesce(raw, '') or " + AGENT_TEXT + "(reason) <> reason",
                Map.of("raw", AGENT_TEXT + "(raw)", "reason", AGENT_TEXT + "(reason)")));
        // the digest mails they were sent stay recorded as sent (no second mail of those dates), under the anonymous id
        rekeyed.put(Table.META_DIGEST_LOG, warehouse.update(Table.META_DIGEST_LOG, IS_AGENT + "(agent_id)",
                Map.of("agent_id", quote(anonymous))));
        return new Report(Map.of(), rekeyed, dates, AGENT_REBUILT);
    }

    /** What names an agent in a landing file: their id, logins, names, e-mails and members; and their CRM user ids. */
    public record AgentIdentity(java.util.Set<String> identifiers, java.util.Set<String> crmUserIds) {}

    /** The agent's identifiers as {@code silver.dim_agent} has them (empty sets for an agent it does not know). */
    public AgentIdentity agentIdentity(String agentId) {
        java.util.Set<String> identifiers = new java.util.LinkedHashSet<>();
        java.util.Set<String> crmUsers = new java.util.LinkedHashSet<>();
        List<Row> versions = agentVersions(agentId);
        if (!versions.isEmpty()) identifiers.add(agentId.trim());
        for (Row v : versions) {
            for (int i = 0; i < 4; i++) if (v.getString(i) != null && !v.getString(i).isBlank()) identifiers.add(v.getString(i));
            if (v.getString(4) != null && !v.getString(4).isBlank()) crmUsers.add(v.getString(4));
        }
        return new AgentIdentity(identifiers, crmUsers);
    }

    /** The agent's rows of silver.dim_agent: login, full_name, email, telephony_id, crm_user_id, valid_from, valid_to, role. */
    private List<Row> agentVersions(String agentId) {
        if (agentId == null || agentId.isBlank()) throw new IllegalArgumentException("the agent id is empty");
        String wanted = agentId.trim();
        // the agent is matched in a function, so no statement names them
        spark.udf().register(IS_AGENT, (UDF1<String, Boolean>) id -> id != null && id.trim().equalsIgnoreCase(wanted), DataTypes.BooleanType);
        return spark.sql("select login, full_name, email, telephony_id, crm_user_id, valid_from, valid_to, role"
                + " from silver.dim_agent where " + IS_AGENT + "(agent_id)").collectAsList();
    }

    private void addIdentifier(List<ErasedSubjects.Entry> entries, ErasedSubjects.Kind kind, String value, String anonymous,
                               LocalDate from, LocalDate to) {
        if (value == null || value.isBlank()) return;
        entries.add(new ErasedSubjects.Entry(kind, ErasedSubjects.hash(pseudonymiser, kind, value), anonymous, from, to));
    }

    /**
     * Erases the person from every source's bronze tables, adding the rows changed to {@code changed} and the dates to
     * rebuild to {@code dates}; returns the names of the sources that hold people of that kind.
     */
    private List<String> eraseFromSources(ErasedPerson person, Map<Table, Long> changed, SortedSet<LocalDate> dates) {
        List<String> holding = new ArrayList<>();
        for (Source source : Sources.ALL) {
            ErasedRows erased = source.erase(warehouse, person);
            if (!erased.holdsTheKind()) continue;
            holding.add(source.name());
            changed.putAll(erased.rows());
            dates.addAll(erased.dates());
        }
        return holding;
    }

    /** A condition on bronze.quarantine: the record came from one of {@code sources}. */
    private static String sourceIn(List<String> sources) {
        if (sources.size() == 1) return "source = " + quote(sources.get(0));
        return "source in (" + sources.stream().map(Erasure::quote).collect(Collectors.joining(", ")) + ")";
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

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
