package io.indicate.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The three record kinds of a Zendesk incremental-export page: the page key each comes under, the bronze
 * columns typed from it (besides the full JSON text and lineage), the id of the thing versioned and the rule
 * by which a version is stored once ({@link #sameVersion()}).
 * Reading a record either gives those typed values or the reason it cannot be stored.
 */
enum CrmRecords {
    TICKETS("tickets", "id", new StructType()
            .add("id", DataTypes.LongType).add("updated_at", DataTypes.TimestampType)
            .add("created_at", DataTypes.TimestampType).add("status", DataTypes.StringType)
            .add("assignee_id", DataTypes.StringType).add("group_id", DataTypes.StringType)
            .add("requester_id", DataTypes.StringType).add("channel", DataTypes.StringType)),
    TICKET_METRICS("ticket_metrics", "ticket_id", new StructType()
            .add("ticket_id", DataTypes.LongType).add("updated_at", DataTypes.TimestampType)
            .add("id", DataTypes.LongType).add("reply_time_min", DataTypes.LongType)
            .add("full_resolution_time_min", DataTypes.LongType).add("reopens", DataTypes.LongType)
            .add("replies", DataTypes.LongType).add("solved_at", DataTypes.TimestampType)),
    SATISFACTION_RATINGS("satisfaction_ratings", "id", new StructType()
            .add("id", DataTypes.LongType).add("updated_at", DataTypes.TimestampType)
            .add("ticket_id", DataTypes.LongType).add("assignee_id", DataTypes.StringType)
            .add("score", DataTypes.StringType).add("created_at", DataTypes.TimestampType));

    private final String pageKey;
    private final String idColumn;
    private final StructType typed;

    CrmRecords(String pageKey, String idColumn, StructType typed) {
        this.pageKey = pageKey;
        this.idColumn = idColumn;
        this.typed = typed;
    }

    String pageKey() { return pageKey; }

    /** The column naming the thing a record is a version of (ticket, its metrics, rating). */
    String idColumn() { return idColumn; }

    /** The ticket a record is or belongs to, from its {@link #typedValues} (null when it names none). */
    Long ticketId(Object[] typed) {
        return (Long) typed[this == SATISFACTION_RATINGS ? 2 : 0];
    }

    /** The typed columns, then record, _source_file, _source_line, _ingested_at, _batch_id. */
    StructType bronzeSchema() {
        return typed.add("record", DataTypes.StringType).add("_source_file", DataTypes.StringType)
                .add("_source_line", DataTypes.LongType).add("_ingested_at", DataTypes.TimestampType)
                .add("_batch_id", DataTypes.StringType);
    }

    /** A record that cannot be stored, and why. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) { super(reason, null, false, false); }
    }

    /** The typed values of one record, in {@link #bronzeSchema()} order up to (excluding) record. */
    Object[] typedValues(JsonNode r) throws Unreadable {
        if (!r.isObject()) throw new Unreadable("a " + pageKey + " entry is not a JSON object");
        return switch (this) {
            case TICKETS -> new Object[]{requiredId(r, "id"), requiredTime(r, "updated_at"), time(r, "created_at"),
                    text(r, "status"), text(r, "assignee_id"), text(r, "group_id"),
                    text(r, "requester_id"), text(object(r, "via"), "channel", "via.channel")};
            // SOURCES.md section 3: a metrics record usually, not always, has updated_at
            case TICKET_METRICS -> new Object[]{requiredId(r, "ticket_id"), time(r, "updated_at"), id(r, "id"),
                    number(object(r, "reply_time_in_minutes"), "calendar", "reply_time_in_minutes.calendar"),
                    number(object(r, "full_resolution_time_in_minutes"), "calendar", "full_resolution_time_in_minutes.calendar"),
                    number(r, "reopens", "reopens"), number(r, "replies", "replies"), time(r, "solved_at")};
            case SATISFACTION_RATINGS -> new Object[]{requiredId(r, "id"), requiredTime(r, "updated_at"), id(r, "ticket_id"),
                    text(r, "assignee_id"), text(r, "score"), time(r, "created_at")};
        };
    }

    /**
     * The condition (over the stored rows {@code t} and the new rows {@code s}) under which a new row is a
     * version already stored. Tickets and ratings: the same id and updated_at. Metrics: the same ticket_id and
     * updated_at, or, for a record without updated_at, the same ticket_id and the same stored JSON.
     */
    String sameVersion() {
        return switch (this) {
            case TICKET_METRICS -> "t.`ticket_id` = s.`ticket_id` AND t.`updated_at` <=> s.`updated_at`"
                    + " AND (s.`updated_at` IS NOT NULL OR t.`record` = s.`record`)";
            default -> "t.`" + idColumn + "` = s.`" + idColumn + "` AND t.`updated_at` = s.`updated_at`";
        };
    }

    /** A SQL expression that is equal for two rows of one page exactly when {@link #sameVersion()} holds. */
    String versionIdentity() {
        return this == TICKET_METRICS ? "coalesce(cast(`updated_at` as string), `record`)" : "cast(`updated_at` as string)";
    }

    /** The JSON text kept in bronze: the record without free text (SOURCES.md: comments are not loaded). */
    String storedJson(JsonNode r) {
        ObjectNode copy = ((ObjectNode) r).deepCopy();
        switch (this) {
            case TICKETS -> copy.remove(List.of("description", "comment"));
            case SATISFACTION_RATINGS -> copy.remove("comment");
            default -> { }
        }
        return copy.toString();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static String text(JsonNode parent, String field) throws Unreadable {
        return text(parent, field, field);
    }

    private static String text(JsonNode parent, String field, String name) throws Unreadable {
        JsonNode n = parent.get(field);
        if (n != null && n.isContainerNode()) {
            throw new Unreadable(name + " is a JSON " + (n.isArray() ? "array" : "object") + ", expected a single value");
        }
        return text(n);
    }

    /** A nested object such as {@code reply_time_in_minutes}; missing or null reads as an empty object. */
    private static JsonNode object(JsonNode parent, String field) throws Unreadable {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        if (!n.isObject()) throw new Unreadable(field + " '" + n + "' is not a JSON object");
        return n;
    }

    private static Long requiredId(JsonNode r, String field) throws Unreadable {
        Long v = id(r, field);
        if (v == null) throw new Unreadable(field + " is missing");
        return v;
    }

    private static Long id(JsonNode r, String field) throws Unreadable {
        return number(r, field, field);
    }

    private static Long number(JsonNode parent, String field, String name) throws Unreadable {
        JsonNode n = parent.get(field);
        if (n != null && n.isNumber()) {
            if (n.canConvertToExactIntegral() && n.canConvertToLong()) return n.asLong();
            throw new Unreadable(name + " '" + n + "' is not a whole number");
        }
        String t = text(parent, field, name);
        if (t == null || t.isBlank()) return null;
        try {
            return Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
            throw new Unreadable(name + " '" + t + "' is not a whole number");
        }
    }

    private static Timestamp requiredTime(JsonNode r, String field) throws Unreadable {
        Timestamp v = time(r, field);
        if (v == null) throw new Unreadable(field + " is missing");
        return v;
    }

    private static Timestamp time(JsonNode r, String field) throws Unreadable {
        String t = text(r, field);
        if (t == null || t.isBlank()) return null;
        try {
            return Timestamp.from(Instant.parse(t));
        } catch (DateTimeParseException e) {
            try {
                return Timestamp.from(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeParseException e2) {
                throw new Unreadable(field + " '" + t + "' is not an ISO-8601 time (expected e.g. 2026-03-10T09:00:00Z)");
            }
        }
    }
}
