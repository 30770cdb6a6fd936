package io.indicate.build;

import com.holdenkarau.spark.testing.DataFrameSuiteBase$;
import io.indicate.config.Settings;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.testing.RowsCatalog;
import io.indicate.testing.TestWarehouse;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A model test without Delta (dbt's {@code unit_tests:}): rows for the tables one SQL model reads, the model run
 * for some dates, its rows compared with the expected ones.
 *
 * <pre>{@code
 * ModelHarness.forDates("2026-03-02")
 *     .given(Table.GOLD_KPI_AGENT_DAILY, "date_local, agent_id, team_id, calls_answered",
 *            row("2026-03-02", "A1", "T1", 3))
 *     .expect(Table.GOLD_KPI_TEAM_DAILY, "date_local, team_id, calls_answered",
 *             row("2026-03-02", "T1", 3));
 * }</pre>
 *
 * <ul>
 *   <li>The model's SQL is untouched: {@code bronze}, {@code silver} and {@code gold} are {@link RowsCatalog}s in a
 *       session of its own ({@link SparkSession#newSession()} of the JVM's one SparkSession, so its catalogs do not
 *       replace the warehouse tests' {@code LayerCatalog}s), and {@code silver.fact_ticket} reads the rows given
 *       for {@link Table#SILVER_FACT_TICKET}. Every table of those layers is there, empty unless given. The staging
 *       views a model reads ({@code sql/staging}) are made from their own models over those tables, as a build makes
 *       them, so a silver model's test gives bronze rows; {@link #expectView} tests a staging model itself.</li>
 *   <li>Given rows state only the columns the test cares about; each value (a Java string, number, boolean or
 *       null, written as a SQL literal) is cast to the column's type in the table's contract; a value the type
 *       cannot hold is an error. An omitted column is 0 when the contract says NOT NULL and it is a number (a
 *       measure), else null: the tables here are the contracts' columns, all nullable, so a test leaves out the
 *       columns the model does not read.</li>
 *   <li>The {@code ${indicate.*}} variables are a build's ({@link BuildVariables#set}) with {@link Settings#defaults()}
 *       for the harness's dates, {@code _refreshed_at} {@link #REFRESHED_AT}.</li>
 *   <li>{@link #expect} compares the model's rows (only the stated columns, in any order, cast to the contract's
 *       types as the warehouse stores them) with the expected ones, cast to the same types: both sorted by those
 *       columns, then row by row with spark-testing-base's {@code DataFrameSuiteBase.approxEquals} (numbers within
 *       {@link #TOLERANCE}, everything else equal). A difference fails listing both sides' rows. Not its
 *       {@code assertDataFrameApproximateEquals}: that compares in Spark closures which serialize its trait
 *       {@code DataFrameSuiteBaseLike}, one of whose methods takes Hive's {@code HiveConf.ConfVars}, a class this
 *       project does not have (NoClassDefFoundError); a model's few rows are compared here, on the driver.</li>
 * </ul>
 */
public final class ModelHarness {
    /** The absolute difference two numbers may have and still be equal. */
    public static final double TOLERANCE = 1e-9;
    public static final Instant REFRESHED_AT = Instant.parse("2026-01-01T00:00:00Z");
    /** The key of the pseudonyms the models' functions pseudonymise_phone and pseudonymise_id make here. */
    private static final byte[] PSEUDONYMISATION_KEY = "model-harness-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final List<Table.Layer> LAYERS = List.of(Table.Layer.BRONZE, Table.Layer.SILVER, Table.Layer.GOLD);

    private final SparkSession spark;

    private ModelHarness(SparkSession spark) {
        this.spark = spark;
    }

    /** A harness whose models run for these local dates ({@code ${indicate.dates}}), every table empty. */
    public static ModelHarness forDates(String... dates) {
        SparkSession shared = TestWarehouse.spark();
        SparkSession spark = shared.newSession();
        spark.conf().set("spark.sql.shuffle.partitions", shared.conf().get("spark.sql.shuffle.partitions"));
        SortedSet<LocalDate> days = Arrays.stream(dates).map(LocalDate::parse).collect(Collectors.toCollection(TreeSet::new));
        BuildVariables.set(spark, Settings.defaults(), days, REFRESHED_AT);
        Build.registerFunctions(spark, new Pseudonymiser(PSEUDONYMISATION_KEY));
        ModelHarness h = new ModelHarness(spark);
        for (Table.Layer layer : LAYERS) spark.conf().set("spark.sql.catalog." + layer.database(), RowsCatalog.class.getName());
        for (Table t : Table.values()) {
            if (LAYERS.contains(t.layer())) h.catalog(t).put(t.tableName(), nullable(t.contract().schema()), List.of());
        }
        return h;
    }

    /** One row's values, in the order of the columns stated beside it. */
    public static Object[] row(Object... values) {
        return values;
    }

    /** Makes {@code table} hold these rows: values of {@code columns} (comma-separated), the others defaulted. */
    public ModelHarness given(Table table, String columns, Object[]... rows) {
        StructType contract = table.contract().schema();
        List<String> stated = names(columns);
        StructType statedTypes = contractColumns(table, stated);
        Dataset<Row> values = values(table.qualifiedName(), statedTypes, rows);
        List<Column> all = new ArrayList<>();
        for (StructField f : contract.fields()) {
            String value = stated.contains(f.name()) ? "`" + f.name() + "`"
                    : !f.nullable() && f.dataType() instanceof NumericType ? "0" : "NULL";
            all.add(org.apache.spark.sql.functions.expr("CAST(" + value + " AS " + f.dataType().sql() + ")").as(f.name()));
        }
        InternalRow[] typed = (InternalRow[]) values.select(all.toArray(Column[]::new)).queryExecution().executedPlan().executeCollect();
        catalog(table).put(table.tableName(), nullable(contract), List.of(typed));
        return this;
    }

    /** The model of {@code table} ({@code sql/<layer>/<name>.sql}) run on the given rows, after the staging views it reads. */
    public Dataset<Row> run(Table table) {
        return run(table.layer().database(), table.tableName(), table.qualifiedName());
    }

    /**
     * Registers the staging views the model reads as the build does ({@link ModelGraph#viewsRead}), each from its own
     * model, then runs it. session_segments, which the build makes in Java, is made as the build makes it
     * ({@link Build#sessionSegments}, closing what is open at the newest event of bronze.queue_log); sessions begun
     * before the given events are not carried in.
     */
    private Dataset<Row> run(String layer, String name, String model) {
        for (String view : ModelGraph.viewsRead(List.of(model))) {
            Dataset<Row> rows = view.equals(ModelGraph.SESSION_SEGMENTS) ? sessionSegments() : sql("staging", view);
            rows.createOrReplaceTempView(view);
        }
        return sql(layer, name);
    }

    private Dataset<Row> sessionSegments() {
        Row newest = spark.sql("SELECT max(epoch) FROM bronze.queue_log").first();
        return Build.sessionSegments(spark, null, Settings.defaults(), newest.isNullAt(0) ? 0L : newest.getLong(0));
    }

    private Dataset<Row> sql(String layer, String name) {
        try {
            return spark.sql(Models.text(layer, name));
        } catch (RuntimeException e) {
            throw new IllegalStateException("SQL model sql/" + layer + "/" + name + ".sql failed: " + e.getMessage(), e);
        }
    }

    /** Runs the model of {@code table} and checks that its rows, in the stated columns, are exactly these. */
    public ModelHarness expect(Table table, String columns, Object[]... rows) {
        List<String> stated = names(columns);
        // as the warehouse stores them (Warehouse.conform): cast to the contract's types
        Column[] stored = Stream.of(contractColumns(table, stated).fields())
                .map(f -> org.apache.spark.sql.functions.col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new);
        return compare(table.qualifiedName(), run(table).select(stored), stated, rows);
    }

    /**
     * Runs the staging model {@code view} and checks that its rows, in the stated columns, are exactly these (a view has
     * no contract: its own column types).
     */
    public ModelHarness expectView(String view, String columns, Object[]... rows) {
        List<String> stated = names(columns);
        return compare(view, run("staging", view, view).select(stated.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)),
                stated, rows);
    }

    private ModelHarness compare(String what, Dataset<Row> model, List<String> stated, Object[][] rows) {
        Column[] order = stated.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> actual = model.orderBy(order);
        Dataset<Row> expected = spark.createDataFrame(values(what, actual.schema(), rows).collectAsList(),
                actual.schema()).orderBy(order);
        List<Row> want = expected.collectAsList();
        List<Row> got = actual.collectAsList();
        int differing = IntStream.range(0, Math.min(want.size(), got.size()))
                .filter(i -> !DataFrameSuiteBase$.MODULE$.approxEquals(want.get(i), got.get(i), TOLERANCE))
                .findFirst().orElse(want.size() == got.size() ? -1 : Math.min(want.size(), got.size()));
        if (differing >= 0) {
            throw new AssertionError(what + " [" + String.join(", ", stated) + "]: "
                    + want.size() + " rows expected, " + got.size() + " got; the first to differ is row " + (differing + 1)
                    + " (sorted by those columns; numbers equal within " + TOLERANCE + ")"
                    + "\n  expected:\n" + lines(want) + "\n  actual:\n" + lines(got));
        }
        return this;
    }

    /** The stated rows as a DataFrame of {@code types}: each value a literal cast to its column's type. */
    private Dataset<Row> values(String what, StructType types, Object[][] rows) {
        if (rows.length == 0) return spark.createDataFrame(List.of(), types);
        StructField[] fields = types.fields();
        List<String> tuples = new ArrayList<>();
        for (Object[] row : rows) {
            if (row.length != fields.length) {
                throw new IllegalArgumentException(what + ": " + row.length + " values " + Arrays.toString(row)
                        + " for " + fields.length + " columns " + Arrays.toString(types.fieldNames()));
            }
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length; i++) cells.add("CAST(" + literal(row[i]) + " AS " + fields[i].dataType().sql() + ")");
            tuples.add("(" + String.join(", ", cells) + ")");
        }
        String names = Stream.of(fields).map(f -> "`" + f.name() + "`").collect(Collectors.joining(", "));
        Dataset<Row> df = spark.sql("SELECT * FROM VALUES " + String.join(", ", tuples) + " AS v(" + names + ")");
        List<Row> typed = df.collectAsList();
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < fields.length; i++) {
                if (rows[r][i] != null && typed.get(r).isNullAt(i)) {
                    throw new IllegalArgumentException(what + "." + fields[i].name() + ": " + literal(rows[r][i])
                            + " is no " + fields[i].dataType().sql());
                }
            }
        }
        return df;
    }

    /** The stated columns of a table's contract, in the stated order; a column the contract lacks is an error. */
    private static StructType contractColumns(Table table, List<String> stated) {
        StructType contract = table.contract().schema();
        for (String c : stated) {
            if (!Arrays.asList(contract.fieldNames()).contains(c)) {
                throw new IllegalArgumentException(table.qualifiedName() + " has no column " + c + " (its contract: "
                        + String.join(", ", contract.fieldNames()) + ")");
            }
        }
        return new StructType(stated.stream().map(contract::apply).toArray(StructField[]::new));
    }

    /** The contract's columns, each nullable: a test leaves out the columns the model does not read. */
    private static StructType nullable(StructType contract) {
        return new StructType(Stream.of(contract.fields())
                .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new));
    }

    /**
     * The catalog of the table's layer in this harness's session. Spark looks catalogs up in the active session's
     * configuration: active for the lookup, then the thread's session before (the JVM's one SparkSession stays what
     * the other tests get).
     */
    private RowsCatalog catalog(Table t) {
        Option<SparkSession> before = SparkSession.getActiveSession();
        SparkSession.setActiveSession(spark);
        try {
            return (RowsCatalog) spark.sessionState().catalogManager().catalog(t.layer().database());
        } finally {
            if (before.isDefined()) SparkSession.setActiveSession(before.get());
            else SparkSession.clearActiveSession();
        }
    }


    private static String literal(Object v) {
        if (v == null) return "NULL";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        return "'" + v.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static List<String> names(String columns) {
        return Arrays.stream(columns.split(",")).map(String::trim).toList();
    }

    private static String lines(List<Row> rows) {
        return rows.isEmpty() ? "    (no rows)" : rows.stream().map(r -> "    " + r).collect(Collectors.joining("\n"));
    }
}
