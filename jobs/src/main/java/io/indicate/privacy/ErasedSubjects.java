package io.indicate.privacy;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The erasure registry ({@code meta.erased_subject}) as an ingest meets it: the keyed hashes of everyone
 * {@code forget} erased, so a record of theirs arriving again (a re-delivered or rotated file, a re-extracted CRM
 * page) is recognised before it is written anywhere. Holds only hashes, loaded once per batch into a set on the
 * driver, where every record is read; an empty registry is known from the table's log alone (no query) and then
 * nothing is hashed. A source ingest asks about the fields {@link Erasure} matches the same person by, so what
 * ingest drops is what a {@code forget} would delete.
 */
public final class ErasedSubjects implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Distinct values remembered per kind with their hash: a member name recurs on most queue_log lines. */
    private static final int CACHED_VALUES = 10_000;

    /** What an erased identifier was; stored lower-case in {@code kind}. */
    public enum Kind {
        /** a caller's phone number */
        CALLER,
        /** a CRM requester id */
        REQUESTER,
        /** a CRM ticket id of an erased requester: its metrics and ratings name no requester */
        TICKET,
        /** an erased agent's agent_id */
        AGENT,
        /** an erased agent's login (may pass to a new person: dated) */
        LOGIN,
        /** an erased agent's full name */
        NAME,
        /** an erased agent's e-mail address */
        EMAIL,
        /** an erased agent's CRM user id (a ticket's or rating's assignee) */
        CRM_USER,
        /** an erased agent's telephony id, the queue_log member name (may pass to a new person: dated) */
        MEMBER,
        /** the extension of an erased agent's telephony id, a CDR src or dst (may pass to a new person: dated) */
        EXTENSION;

        public String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String stored) {
            return valueOf(stored.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One registry row: an identifier's keyed hash, its kind, the anonymous id replacing it (null: its records are
     * dropped) and the local dates it was the person's (null: always).
     */
    public record Entry(Kind kind, String hash, String replacedBy, LocalDate validFrom, LocalDate validTo) implements Serializable {
        /** An identifier whose records are dropped. */
        public Entry(Kind kind, String hash) {
            this(kind, hash, null, null, null);
        }

        boolean covers(LocalDate day) {
            return day == null || ((validFrom == null || !day.isBefore(validFrom)) && (validTo == null || day.isBefore(validTo)));
        }
    }

    private static final StructType SCHEMA = new StructType()
            .add("subject_hash", DataTypes.StringType).add("kind", DataTypes.StringType)
            .add("replaced_by", DataTypes.StringType).add("valid_from", DataTypes.DateType)
            .add("valid_to", DataTypes.DateType).add("erased_at", DataTypes.TimestampType);

    /** Nobody erased: every question answers false without hashing. */
    public static final ErasedSubjects NONE = new ErasedSubjects(null, new EnumMap<>(Kind.class));

    private final Pseudonymiser pseudonymiser;
    /** Per kind, the entries of each hash (an identifier held in several periods has one per period). */
    private final Map<Kind, Map<String, List<Entry>>> entries;
    private final Map<Kind, Map<String, String>> hashCache = new ConcurrentHashMap<>();

    private ErasedSubjects(Pseudonymiser pseudonymiser, Map<Kind, Map<String, List<Entry>>> entries) {
        this.pseudonymiser = pseudonymiser;
        this.entries = entries;
    }

    /** The registry holding {@code entries}, hashed with {@code pseudonymiser}: what an erasure applies to the warehouse. */
    public static ErasedSubjects of(Pseudonymiser pseudonymiser, Collection<Entry> entries) {
        Map<Kind, Map<String, List<Entry>>> byKind = new EnumMap<>(Kind.class);
        for (Entry e : entries) byKind.computeIfAbsent(e.kind(), k -> new HashMap<>()).computeIfAbsent(e.hash(), h -> new ArrayList<>()).add(e);
        return byKind.isEmpty() ? NONE : new ErasedSubjects(pseudonymiser, byKind);
    }

    /**
     * The registry of {@code warehouse}; {@code key} is asked for the pseudonymiser only when someone was erased (the
     * same key {@code forget} hashed with, else nothing would match).
     */
    public static ErasedSubjects load(Warehouse warehouse, Supplier<Pseudonymiser> key) {
        // version 0 is the table's creation: nothing was ever recorded
        if (warehouse.version(Table.META_ERASED_SUBJECT) == 0) return NONE;
        List<Entry> entries = new ArrayList<>();
        for (Row r : warehouse.read(Table.META_ERASED_SUBJECT)
                .select("kind", "subject_hash", "replaced_by", "valid_from", "valid_to").collectAsList()) {
            entries.add(new Entry(Kind.of(r.getString(0)), r.getString(1), r.getString(2),
                    r.isNullAt(3) ? null : r.getDate(3).toLocalDate(), r.isNullAt(4) ? null : r.getDate(4).toLocalDate()));
        }
        return entries.isEmpty() ? NONE : of(key.get(), entries);
    }

    /**
     * Adds entries not in the registry yet (by kind, hash and valid_from), all with the same erasure time, in one
     * commit; recording an identifier twice adds nothing. Returns how many were new.
     */
    public static long record(Warehouse warehouse, Collection<Entry> entries, Instant erasedAt) {
        if (entries.isEmpty()) return 0;
        Map<String, Entry> distinct = new HashMap<>();
        for (Entry e : entries) distinct.putIfAbsent(e.kind().stored() + ":" + e.hash() + ":" + e.validFrom(), e);
        List<Row> rows = new ArrayList<>();
        for (Entry e : distinct.values()) {
            rows.add(RowFactory.create(e.hash(), e.kind().stored(), e.replacedBy(),
                    e.validFrom() == null ? null : Date.valueOf(e.validFrom()), e.validTo() == null ? null : Date.valueOf(e.validTo()),
                    Timestamp.from(erasedAt)));
        }
        return warehouse.insertUnmatched(Table.META_ERASED_SUBJECT, warehouse.spark().createDataFrame(rows, SCHEMA),
                "t.kind = s.kind AND t.subject_hash = s.subject_hash AND t.valid_from <=> s.valid_from", null);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The anonymous id replacing {@code value} as an identifier of that kind on {@code day} (null: any day), or null. */
    public String replacement(Kind kind, String value, LocalDate day) {
        if (!has(kind) || value == null || value.isBlank()) return null;
        List<Entry> matching = entries.get(kind).get(hash(kind, value));
        if (matching == null) return null;
        for (Entry e : matching) if (e.replacedBy() != null && e.covers(day)) return e.replacedBy();
        return null;
    }

    /** Whether an agent was erased: only then are identifiers looked up for replacing. */
    public boolean hasAgents() {
        return has(Kind.AGENT);
    }

    /** Whether the phone number (any notation) is an erased caller's. */
    public boolean caller(String number) {
        return has(Kind.CALLER) && entries.get(Kind.CALLER).containsKey(pseudonymiser.ofPhoneNumber(number));
    }

    /** Whether a free text (a CDR caller id, an unreadable line) holds an erased caller's number. */
    public boolean callerInText(String text) {
        if (!has(Kind.CALLER)) return false;
        for (String n : PhoneNumbersInText.candidates(text)) if (caller(n)) return true;
        return false;
    }

    /** Whether the CRM requester id is an erased requester's. */
    public boolean requester(String id) {
        return has(Kind.REQUESTER) && entries.get(Kind.REQUESTER).containsKey(pseudonymiser.ofIdentifier(Erasure.REQUESTER, id));
    }

    /** Whether a JSON text, readable or not, has a {@code requester_id} field naming an erased requester. */
    public boolean requesterInText(String text) {
        if (!has(Kind.REQUESTER)) return false;
        for (String id : Erasure.requesterIdsIn(text)) if (requester(id)) return true;
        return false;
    }

    /** Whether the CRM ticket is one an erased requester asked. */
    public boolean ticket(Long id) {
        return id != null && has(Kind.TICKET) && entries.get(Kind.TICKET).containsKey(pseudonymiser.ofIdentifier(Erasure.TICKET, String.valueOf(id)));
    }

    /** The keyed hash an identifier of that kind is registered under. */
    public static String hash(Pseudonymiser pseudonymiser, Kind kind, String value) {
        return pseudonymiser.ofIdentifier(kind.stored(), value);
    }

    private String hash(Kind kind, String value) {
        Map<String, String> cache = hashCache.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
        String h = cache.get(value);
        if (h == null) {
            if (cache.size() >= CACHED_VALUES) cache.clear();
            h = hash(pseudonymiser, kind, value);
            cache.put(value, h);
        }
        return h;
    }

    private boolean has(Kind kind) {
        Map<String, List<Entry>> m = entries.get(kind);
        return m != null && !m.isEmpty();
    }
}
