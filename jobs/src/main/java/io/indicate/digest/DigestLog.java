package io.indicate.digest;

import io.indicate.roster.Role;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the digest has sent, in {@code meta.digest_log}: one row per mail the SMTP server accepted, appended (one
 * commit) right after it did, so a run that stops half-way leaves exactly the mails it sent recorded. A kill between
 * the server's acceptance and the commit (well under a second) leaves that one mail unrecorded: the next run sends it
 * again, with the same Message-ID.
 */
final class DigestLog {
    private static final StructType ROW = new StructType()
            .add("date_local", DataTypes.DateType, false)
            .add("agent_id", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("forced", DataTypes.BooleanType, false)
            .add("sent_at", DataTypes.TimestampType, false);

    private final Warehouse warehouse;

    DigestLog(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** How many digest mails of {@code date} each person has been sent, by agent id (absent: none). */
    Map<String, Long> sentOn(LocalDate date) {
        Map<String, Long> sent = new HashMap<>();
        for (Row r : warehouse.sql("select agent_id, count(*) from meta.digest_log where date_local = DATE'" + date
                + "' group by agent_id").collectAsList()) {
            sent.put(r.getString(0), r.getLong(1));
        }
        return sent;
    }

    void recordSent(LocalDate date, String agentId, Role role, boolean forced) {
        Row row = RowFactory.create(Date.valueOf(date), agentId, role.code(), forced, Timestamp.from(Instant.now()));
        warehouse.append(Table.META_DIGEST_LOG, warehouse.spark().createDataFrame(List.of(row), ROW));
    }
}
