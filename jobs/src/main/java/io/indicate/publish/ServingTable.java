package io.indicate.publish;

import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one Delta table is laid out in PostgreSQL schema {@code serving}: same name, same columns in the same
 * order, types mapped, NOT NULL kept, every identifier quoted (a mart has a column named {@code check}).
 *
 * <p>Timestamps: a Spark TIMESTAMP is an instant and becomes {@code timestamptz}, except columns named
 * {@code *_local}, which hold the contact centre's wall-clock time (written in a UTC session) and become
 * {@code timestamp} without zone, so a dashboard shows 08:15 whatever its own time zone. Values cross as
 * {@code LocalDate}, {@code LocalDateTime} and {@code OffsetDateTime} made from epoch days and microseconds, never
 * through the JVM's default time zone.
 */
final class ServingTable {
    private static final List<String> INDEXED = List.of("date_local", "agent_login", "agent_id", "team_id", "login", "lead_login");
    /**
     * The agent dashboard's access pattern, chosen from EXPLAIN ANALYZE of the "My performance" queries on 1,000
     * agents (README, *Serving at 1,000 agents*): row-level security on {@code agent_id}, then a time range (the
     * last 30 days, today's intervals). A single-column index on the leading column of one of these is left out
     * (and dropped where an older publish made it): the composite serves every query it served.
     */
    private static final Map<String, List<List<String>>> COMPOSITE = Map.of(
            "kpi_agent_daily", List.of(List.of("agent_id", "date_local")),
            "kpi_agent_interval", List.of(List.of("agent_id", "interval_start_local")),
            "kpi_team_daily", List.of(List.of("team_id", "date_local")));

    private final String name;
    private final StructType schema;

    ServingTable(String name, StructType schema) {
        this.name = name;
        this.schema = schema;
        for (StructField f : schema.fields()) pgType(f);
    }

    String name() { return name; }

    String qualified() { return "serving." + quote(name); }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    String createSql() {
        return "CREATE TABLE " + qualified() + " (" + java.util.Arrays.stream(schema.fields())
                .map(f -> quote(f.name()) + " " + pgType(f) + (f.nullable() ? "" : " NOT NULL"))
                .collect(Collectors.joining(", ")) + ")";
    }

    List<String> indexSql() {
        Set<String> names = Set.of(schema.fieldNames());
        List<List<String>> composites = COMPOSITE.getOrDefault(name, List.of());
        List<String> sql = new ArrayList<>();
        for (String c : INDEXED) {
            if (!names.contains(c)) continue;
            if (composites.stream().anyMatch(k -> k.get(0).equals(c))) {
                sql.add("DROP INDEX IF EXISTS serving." + quote(indexName(List.of(c))));
            } else {
                sql.add(createIndex(List.of(c)));
            }
        }
        for (List<String> columns : composites) sql.add(createIndex(columns));
        return sql;
    }

    private String createIndex(List<String> columns) {
        return "CREATE INDEX IF NOT EXISTS " + quote(indexName(columns)) + " ON " + qualified() + " ("
                + columns.stream().map(ServingTable::quote).collect(Collectors.joining(", ")) + ")";
    }

    private String indexName(List<String> columns) {
        return name + "_" + String.join("_", columns) + "_idx";
    }

    /**
     * Columns the Delta table gained since the serving table was created, added as nullable: rows published
     * before have no value for them until their dates are published again.
     */
    List<String> addColumnsSql(Set<String> existingColumns) {
        List<String> sql = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!existingColumns.contains(f.name())) {
                sql.add("ALTER TABLE " + qualified() + " ADD COLUMN " + quote(f.name()) + " " + pgType(f));
            }
        }
        return sql;
    }

    String insertSql() {
        String cols = java.util.Arrays.stream(schema.fieldNames()).map(ServingTable::quote).collect(Collectors.joining(", "));
        String params = java.util.Arrays.stream(schema.fieldNames()).map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + qualified() + " (" + cols + ") VALUES (" + params + ")";
    }

    /**
     * Binds one row of the Delta table, its values as {@link io.indicate.delta.KernelTable} gives them (a date as
     * {@code LocalDate}, a timestamp as {@code Instant}), in the schema's order.
     */
    void bind(PreparedStatement ps, Object[] row) throws SQLException {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            int p = i + 1;
            Object v = row[i];
            if (v == null) {
                ps.setNull(p, sqlType(fields[i].dataType()));
            } else if (v instanceof Instant instant) {
                if (isWallClock(fields[i])) ps.setObject(p, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
                else ps.setObject(p, instant.atOffset(ZoneOffset.UTC));
            } else {
                ps.setObject(p, v);
            }
        }
    }

    private static boolean isWallClock(StructField f) {
        return f.dataType() instanceof TimestampNTZType || f.name().endsWith("_local");
    }

    String pgType(StructField f) {
        DataType t = f.dataType();
        if (t instanceof StringType) return "text";
        if (t instanceof LongType) return "bigint";
        if (t instanceof IntegerType) return "integer";
        if (t instanceof ShortType) return "smallint";
        if (t instanceof DoubleType) return "double precision";
        if (t instanceof FloatType) return "real";
        if (t instanceof BooleanType) return "boolean";
        if (t instanceof DateType) return "date";
        if (t instanceof DecimalType d) return "numeric(" + d.precision() + "," + d.scale() + ")";
        if (t instanceof TimestampType || t instanceof TimestampNTZType) return isWallClock(f) ? "timestamp" : "timestamptz";
        throw new IllegalArgumentException("cannot publish " + name + "." + f.name() + ": type " + t.simpleString()
                + " has no PostgreSQL mapping (expected a scalar: string, integer, floating, decimal, boolean, date, timestamp)");
    }

    private static int sqlType(DataType t) {
        if (t instanceof StringType) return Types.VARCHAR;
        if (t instanceof LongType) return Types.BIGINT;
        if (t instanceof IntegerType) return Types.INTEGER;
        if (t instanceof ShortType) return Types.SMALLINT;
        if (t instanceof DoubleType) return Types.DOUBLE;
        if (t instanceof FloatType) return Types.REAL;
        if (t instanceof BooleanType) return Types.BOOLEAN;
        if (t instanceof DateType) return Types.DATE;
        if (t instanceof DecimalType) return Types.NUMERIC;
        return Types.TIMESTAMP;
    }
}
