package io.indicate.warehouse;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.indicate.kpi.KpiFormulas;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The contract of one Delta table: the file {@code sql/<layer>/<table>.yml} (beside the model
 * {@code sql/<layer>/<table>.sql} that fills a silver or gold table; bronze and meta tables have a contract and no
 * model). It is the one place a table's columns, types, nullability, key and partition column are written (a gold
 * mart's KPI columns come from {@code sql/kpis.yml}: {@link #withKpiColumns}): {@link Warehouse} creates and migrates the table from it, {@link Table#partitionColumn()} reads it, and tests check
 * the Superset datasets against it.
 *
 * <pre>
 * description: |
 *   What a row is, its rules (key, erasure, ...).
 * key: [date_local, agent_id]        # [] when rows have no unique key (an event or log table)
 * partitioned_by: date_local         # or null
 * personal_data: true                # names persons: a short log and no column statistics (see below)
 * stats_columns: [epoch, ...]        # optional: the columns, none personal, Delta keeps statistics of
 * published: true                    # publish copies it to the serving database (its changed dates)
 * columns:
 *   - {name: date_local, type: DATE, nullable: false}          # type: Spark SQL; description: optional
 * </pre>
 *
 * <p>Table properties are not written per table: a table with {@code personal_data} keeps its log 7 days
 * (checkpoints 2) so an erased person's rows leave the history soon (README, Erasure), and Delta keeps statistics
 * of no column ({@code dataSkippingNumIndexedCols = 0}) or, when {@code stats_columns} is given, of those only. A
 * table without personal data gets Delta's defaults.
 */
public record TableContract(
        String description,
        List<String> key,
        @JsonProperty("partitioned_by") String partitionedBy,
        @JsonProperty("personal_data") boolean personalData,
        @JsonProperty("stats_columns") List<String> statsColumns,
        boolean published,
        List<Column> columns) {

    /** One column: its Spark SQL type as in a CREATE TABLE ({@code BIGINT}, {@code ARRAY<DATE>}, ...). */
    public record Column(String name, String type, Boolean nullable, String description) {
        /** The column as a CREATE TABLE column definition. */
        String ddl() {
            return "`" + name.replace("`", "``") + "` " + type + (nullable ? "" : " NOT NULL");
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<Table, TableContract> LOADED = new EnumMap<>(Table.class);

    public TableContract {
        key = key == null ? List.of() : List.copyOf(key);
        statsColumns = statsColumns == null ? List.of() : List.copyOf(statsColumns);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The classpath resource (and path in the repository) of a table's contract. */
    public static String resource(Table t) {
        return "sql/" + t.layer().database() + "/" + t.tableName() + ".yml";
    }

    /** The contract of a table, read once from {@link #resource(Table)} and checked (see {@link #check}). */
    public static synchronized TableContract of(Table t) {
        TableContract c = LOADED.get(t);
        if (c == null) {
            c = read(resource(t), TableContract.class.getClassLoader()).withKpiColumns(t.tableName(), resource(t));
            LOADED.put(t, c);
        }
        return c;
    }

    static TableContract read(String resource, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing table contract " + resource);
            TableContract c = YAML.readValue(in, TableContract.class);
            c.check(resource);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read table contract " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * The contract with the KPI columns {@code sql/kpis.yml} gives the table (its {@code marts}) after its own
     * columns: nullable DOUBLEs, in the file's order, each described by its label. A contract that lists a KPI
     * column itself, or lacks a measure a KPI's formula reads, is an error naming both files.
     */
    TableContract withKpiColumns(String table, String resource) {
        List<KpiFormulas.Formula> kpis = KpiFormulas.columnsOf(table);
        if (kpis.isEmpty()) return this;
        List<String> own = columnNames();
        List<Column> all = new ArrayList<>(columns);
        for (KpiFormulas.Formula k : kpis) {
            if (own.contains(k.name())) {
                throw new IllegalStateException(resource + ": column " + k.name() + " is the KPI of " + KpiFormulas.RESOURCE
                        + " (its marts name this table): remove it from the contract");
            }
        }
        for (KpiFormulas.Formula k : kpis) {
            for (String measure : k.measures()) {
                if (!own.contains(measure)) {
                    throw new IllegalStateException(KpiFormulas.RESOURCE + ": KPI " + k.name() + " reads " + measure
                            + ", which is not a column of " + resource);
                }
            }
            all.add(new Column(k.name(), "DOUBLE", true, k.label()));
        }
        return new TableContract(description, key, partitionedBy, personalData, statsColumns, published, all);
    }

    /** Fails naming the file when a column is missing its name or type, or the key, partition or stats name no column. */
    void check(String resource) {
        if (columns.isEmpty()) throw new IllegalStateException(resource + ": no columns");
        List<String> names = columnNames();
        for (Column c : columns) {
            if (c.name() == null || c.type() == null || c.nullable() == null) {
                throw new IllegalStateException(resource + ": every column needs name, type and nullable: " + c);
            }
        }
        if (names.stream().distinct().count() != names.size()) throw new IllegalStateException(resource + ": a column is listed twice");
        List<String> referenced = new ArrayList<>(key);
        referenced.addAll(statsColumns);
        partitionColumn().ifPresent(referenced::add);
        for (String r : referenced) {
            if (!names.contains(r)) throw new IllegalStateException(resource + ": '" + r + "' is not a column");
        }
        if (published && partitionedBy == null) {
            throw new IllegalStateException(resource + ": a published table is copied by its changed dates: it needs partitioned_by");
        }
        if (!statsColumns.isEmpty() && !personalData) {
            throw new IllegalStateException(resource + ": stats_columns is for tables with personal_data");
        }
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<String> partitionColumn() {
        return Optional.ofNullable(partitionedBy);
    }

    /** The columns as a Spark schema, nullability included. */
    public StructType schema() {
        return StructType.fromDDL(columns.stream().map(Column::ddl).collect(Collectors.joining(", ")));
    }

    /** The Delta table properties the contract sets (see the class comment), in the order the DDL lists them. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (!personalData) return p;
        if (statsColumns.isEmpty()) p.put("delta.dataSkippingNumIndexedCols", "0");
        else p.put("delta.dataSkippingStatsColumns", String.join(",", statsColumns));
        p.put("delta.logRetentionDuration", "interval 7 days");
        p.put("delta.checkpointRetentionDuration", "interval 2 days");
        return p;
    }

    /** {@code CREATE TABLE IF NOT EXISTS <target> (...) USING delta [PARTITIONED BY] [TBLPROPERTIES]}. */
    public String createTable(String target) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(target).append(" (\n");
        sql.append(columns.stream().map(c -> "  " + c.ddl()).collect(Collectors.joining(",\n")));
        sql.append("\n) USING delta");
        partitionColumn().ifPresent(c -> sql.append("\nPARTITIONED BY (`").append(c).append("`)"));
        Map<String, String> p = properties();
        if (!p.isEmpty()) {
            sql.append("\nTBLPROPERTIES (\n").append(p.entrySet().stream()
                    .map(e -> "  '" + e.getKey() + "' = '" + e.getValue() + "'")
                    .collect(Collectors.joining(",\n"))).append("\n)");
        }
        return sql.toString();
    }
}
