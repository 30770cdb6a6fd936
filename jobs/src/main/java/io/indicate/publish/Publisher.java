package io.indicate.publish;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

/**
 * Copies the gold marts, a recent window of two silver facts and the access tables to PostgreSQL schema
 * {@code serving}.
 *
 * <p>Contract:
 * <ul>
 *   <li>Incremental: {@code serving.publish_log} lists the builds of {@code meta.build_log} already
 *   published; a run replaces, in every table, exactly the {@code date_local}s that the builds not yet in it
 *   replaced in that table ({@code dates_by_table}: a cycle whose returning callers rebuilt a week of the agent
 *   mart copies that week of the mart and only the cycle's days of the facts).
 *   A table that does not exist yet in serving is created and filled with every date it has.</li>
 *   <li>Atomic per table: one transaction deletes the dates and inserts their rows, so a reader sees the old
 *   day or the new day, never half of one. A failure rolls that table back and leaves {@code publish_log}
 *   as it was, so the next run publishes the same dates again (replacing a date twice gives the same
 *   rows).</li>
 *   <li>Quiet when nothing is new: no statement that changes a row is run; the access tables are compared
 *   with what they would become and replaced (all three in one transaction) only when they differ.</li>
 *   <li>Facts ({@code fact_queue_call}, {@code fact_agent_session}, {@code fact_ticket}, already pseudonymised
 *   in silver) are
 *   kept for the last {@code factWindowDays} local days up to today (or up to the newest day the table holds, when that
 *   is earlier), the interval marts ({@code kpi_agent_interval},
 *   {@code kpi_queue_interval}) for the last {@code intervalWindowDays}; older days are deleted. The daily marts
 *   keep every day.</li>
 * </ul>
 */
public final class Publisher {
    static final List<Table> FACTS = List.of(Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION, Table.SILVER_FACT_TICKET);
    static final List<Table> INTERVAL_MARTS = List.of(Table.GOLD_KPI_AGENT_INTERVAL, Table.GOLD_KPI_QUEUE_INTERVAL);
    private static final String VIEW_RESOURCE = "io/indicate/publish/kpi_agent_vs_team_daily.sql";
    private static final int ROWS_PER_BATCH = 1000;
    /** Advisory lock key of publishing ("INDPUB" in ASCII), the same for every publisher of a database. */
    private static final long PUBLISH_LOCK = 0x494E44505542L;

    private final Warehouse warehouse;
    private final String jdbcUrl;
    private final Properties connectionProperties;
    private final int factWindowDays;
    private final int intervalWindowDays;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<String> afterDelete;
    private final int minTeamAgents;

    private Publisher(Builder b) {
        this.warehouse = Objects.requireNonNull(b.warehouse, "warehouse");
        this.jdbcUrl = Objects.requireNonNull(b.jdbcUrl, "jdbcUrl");
        this.connectionProperties = new Properties();
        if (b.user != null) connectionProperties.setProperty("user", b.user);
        if (b.password != null) connectionProperties.setProperty("password", b.password);
        connectionProperties.setProperty("reWriteBatchedInserts", "true");
        this.factWindowDays = b.factWindowDays;
        this.intervalWindowDays = b.intervalWindowDays;
        this.clock = b.clock;
        this.zone = b.zone;
        this.afterDelete = b.afterDelete;
        this.minTeamAgents = b.minTeamAgents;
    }

    public static Builder builder(Warehouse warehouse, String jdbcUrl) {
        return new Builder(warehouse, jdbcUrl);
    }

    public static final class Builder {
        private final Warehouse warehouse;
        private final String jdbcUrl;
        private String user;
        private String password;
        private int factWindowDays = 35;
        private int intervalWindowDays = io.indicate.config.Settings.defaults().servingIntervalDays();
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("Europe/Stockholm");
        private Consumer<String> afterDelete = table -> {};
        private int minTeamAgents = io.indicate.config.Settings.defaults().minTeamSize();

        private Builder(Warehouse warehouse, String jdbcUrl) {
            this.warehouse = warehouse;
            this.jdbcUrl = jdbcUrl;
        }

        public Builder user(String v) { this.user = v; return this; }
        public Builder password(String v) { this.password = v; return this; }

        public Builder factWindowDays(int days) {
            if (days <= 0) throw new IllegalArgumentException("the fact window must be at least 1 day, got " + days);
            this.factWindowDays = days;
            return this;
        }

        /** Local days (up to today or the newest day held) of the interval marts kept in serving (settings {@code serving_interval_days}). */
        public Builder intervalWindowDays(int days) {
            if (days <= 0) throw new IllegalArgumentException("the interval window must be at least 1 day, got " + days);
            this.intervalWindowDays = days;
            return this;
        }

        /**
         * The smallest number of agents a team must have on a day for an agent to be shown the team's values
         * (settings {@code min_team_size}; published as {@code serving.access_policy}).
         */
        public Builder minTeamAgents(int agents) {
            if (agents < 1) throw new IllegalArgumentException("min_team_size must be at least 1, got " + agents);
            this.minTeamAgents = agents;
            return this;
        }

        /**
         * The clock and zone that say which local day is today: for the fact window, and for whose roster row is
         * in force (the access tables).
         */
        public Builder today(Clock clock, ZoneId zone) { this.clock = clock; this.zone = zone; return this; }

        /** Called inside a table's transaction right after its dates were deleted: lets tests fail there. */
        Builder afterDelete(Consumer<String> hook) { this.afterDelete = hook; return this; }

        public Publisher build() { return new Publisher(this); }
    }

    /** What a run did to one serving table. */
    public record TableResult(String table, int datesReplaced, long rows, double seconds, boolean created,
                              boolean expiredOldDays) {
        public boolean changed() { return datesReplaced > 0 || created || expiredOldDays; }
    }

    /** What a run did: per table, the access tables, and the builds it recorded as published. */
    public record Report(List<TableResult> tables, boolean accessTablesReplaced, List<String> buildsPublished) {
        public boolean changedNothing() {
            return !accessTablesReplaced && buildsPublished.isEmpty() && tables.stream().noneMatch(TableResult::changed);
        }
    }

    public Report publish() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, connectionProperties)) {
            c.setAutoCommit(false);
            lockOut(c);
            ensureBookkeeping(c);
            List<Build> builds = readBuildLog();
            Set<String> published = publishedBuilds(c);
            List<Build> pending = builds.stream().filter(b -> !published.contains(b.id())).toList();

            List<TableResult> results = new ArrayList<>();
            TeamMedians.ensure(c);
            for (Table mart : Table.gold()) {
                results.add(publishDates(c, mart, datesOf(mart, pending), INTERVAL_MARTS.contains(mart) ? windowStart(mart, intervalWindowDays) : null));
            }
            for (Table fact : FACTS) {
                results.add(publishDates(c, fact, datesOf(fact, pending), windowStart(fact, factWindowDays)));
            }
            // the access tables first: the view reads access_policy
            boolean accessReplaced = publishAccessTables(c);
            ensureView(c);
            recordPublished(c, pending);
            return new Report(List.copyOf(results), accessReplaced, pending.stream().map(Build::id).toList());
        } catch (SQLException e) {
            throw new IllegalStateException("publish to " + redactedUrl() + " failed: " + e.getMessage(), e);
        }
    }

    private String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * A build of meta.build_log: every date it replaced, and per table the dates that table's write replaced (null for
     * a build logged before builds recorded them: then each table replaced every date).
     */
    private record Build(String id, List<LocalDate> dates, Map<String, List<LocalDate>> byTable) {
        List<LocalDate> datesOf(Table t) {
            return byTable == null ? dates : byTable.getOrDefault(t.qualifiedName(), List.of());
        }
    }

    /** The dates of {@code t} the pending builds replaced: what publish copies of it. */
    private static TreeSet<LocalDate> datesOf(Table t, List<Build> pending) {
        TreeSet<LocalDate> out = new TreeSet<>();
        pending.forEach(b -> out.addAll(b.datesOf(t)));
        return out;
    }

    /**
     * The first day of a table's serving window of {@code days} local days. The window ends today, or on the newest
     * day the table holds when that is earlier: a warehouse whose feed stopped, or a back-fill of an old period,
     * keeps its last days in serving rather than none.
     */
    private LocalDate windowStart(Table t, int days) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Row newest = warehouse.read(t).agg(expr("unix_date(max(date_local))")).first();
        LocalDate end = newest.isNullAt(0) ? today : LocalDate.ofEpochDay(newest.getInt(0));
        return (end.isBefore(today) ? end : today).minusDays(days - 1L);
    }

    private List<Build> readBuildLog() {
        List<Build> builds = new ArrayList<>();
        for (Row r : warehouse.read(Table.META_BUILD_LOG)
                .select(col("build_id"), expr("transform(dates_rebuilt, d -> unix_date(d))").as("days"),
                        expr("transform_values(dates_by_table, (t, ds) -> transform(ds, d -> unix_date(d)))").as("by_table"))
                .collectAsList()) {
            Map<String, List<LocalDate>> byTable = null;
            if (!r.isNullAt(2)) {
                byTable = new HashMap<>();
                for (Map.Entry<String, scala.collection.Seq<Integer>> e : r.<String, scala.collection.Seq<Integer>>getJavaMap(2).entrySet()) {
                    byTable.put(e.getKey(), epochDays(scala.collection.JavaConverters.seqAsJavaList(e.getValue())));
                }
            }
            builds.add(new Build(r.getString(0), epochDays(r.getList(1)), byTable));
        }
        return builds;
    }

    private static List<LocalDate> epochDays(List<Integer> days) {
        return days.stream().map(d -> LocalDate.ofEpochDay(d)).toList();
    }

    /**
     * Two publishes at once could each delete a date before the other's rows are committed and then both
     * insert it: a session-wide advisory lock (released when the connection closes) lets only one run.
     */
    private static void lockOut(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + PUBLISH_LOCK + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("another publish to this database is running; try again when it has finished");
            }
        }
        c.commit();
    }

    private static void ensureBookkeeping(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema
            // exists, which a publisher that merely owns the schema does not have
            boolean schemaExists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = 'serving'")) {
                schemaExists = rs.next();
            }
            if (!schemaExists) s.execute("CREATE SCHEMA serving");
            s.execute("CREATE TABLE IF NOT EXISTS serving.publish_log (build_id text PRIMARY KEY, published_at timestamptz NOT NULL)");
        }
        c.commit();
    }

    private static Set<String> publishedBuilds(Connection c) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT build_id FROM serving.publish_log")) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        c.commit();
        return ids;
    }

    /**
     * Replaces the given dates of one table (all of its dates if the serving table is new). With
     * {@code oldestKept}, dates before it are left out and deleted from serving.
     */
    private TableResult publishDates(Connection c, Table table, TreeSet<LocalDate> pendingDates, LocalDate oldestKept)
            throws SQLException {
        long started = System.nanoTime();
        ServingTable target = new ServingTable(table.tableName(), warehouse.schema(table));
        boolean exists = tableExists(c, table.tableName());
        TreeSet<LocalDate> dates = new TreeSet<>(pendingDates);
        if (oldestKept != null) dates.removeIf(d -> d.isBefore(oldestKept));
        boolean expire = oldestKept != null && exists && hasRowsBefore(c, target, oldestKept);
        if (exists && dates.isEmpty() && !expire) {
            c.rollback();
            return new TableResult(table.tableName(), 0, 0, 0, false, false);
        }
        Dataset<Row> source = warehouse.read(table);
        if (exists) {
            source = dates.isEmpty() ? null : source.where(Warehouse.inDates("date_local", dates));
        } else if (oldestKept != null) {
            source = source.where("date_local >= DATE'" + oldestKept + "'");
        }
        Inserted inserted;
        try (Statement s = c.createStatement()) {
            if (exists) {
                for (String sql : target.addColumnsSql(columnsOf(c, table.tableName()))) s.execute(sql);
            } else {
                s.execute(target.createSql());
            }
            for (String sql : target.indexSql()) s.execute(sql);
            deleteDates(c, target, dates);
            if (expire) s.executeUpdate("DELETE FROM " + target.qualified() + " WHERE date_local < DATE '" + oldestKept + "'");
            afterDelete.accept(table.tableName());
            inserted = source == null ? new Inserted(0, Set.of()) : insert(c, target, source);
            if (table == Table.GOLD_KPI_AGENT_DAILY) TeamMedians.replace(c, exists ? dates : null);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        int replaced = exists ? dates.size() : inserted.dates().size();
        return new TableResult(table.tableName(), replaced, inserted.rows(), (System.nanoTime() - started) / 1e9, !exists, expire);
    }

    private record Inserted(long rows, Set<LocalDate> dates) {}

    /**
     * Streams the rows partition by partition (a first publish may hold years of intervals) into JDBC
     * batches; the rows go into the open transaction, so none is visible before the commit.
     */
    private static Inserted insert(Connection c, ServingTable target, Dataset<Row> source) throws SQLException {
        long rows = 0;
        Set<LocalDate> dates = new TreeSet<>();
        int dateColumn = java.util.Arrays.asList(source.columns()).indexOf("date_local");
        try (PreparedStatement ps = c.prepareStatement(target.insertSql())) {
            int inBatch = 0;
            java.util.Iterator<Row> it = source.select(target.sparkProjection()).toLocalIterator();
            while (it.hasNext()) {
                Row r = it.next();
                dates.add(LocalDate.ofEpochDay(r.getInt(dateColumn)));
                target.bind(ps, r);
                ps.addBatch();
                rows++;
                if (++inBatch == ROWS_PER_BATCH) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) ps.executeBatch();
        }
        return new Inserted(rows, dates);
    }

    private static void deleteDates(Connection c, ServingTable target, Set<LocalDate> dates) throws SQLException {
        if (dates.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + target.qualified() + " WHERE date_local = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("date", dates.stream().map(java.sql.Date::valueOf).toArray()));
            ps.executeUpdate();
        }
    }

    private static boolean hasRowsBefore(Connection c, ServingTable target, LocalDate day) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM " + target.qualified() + " WHERE date_local < DATE '" + day + "' LIMIT 1")) {
            return rs.next();
        }
    }

    static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = 'serving' AND table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Set<String> columnsOf(Connection c, String table) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'serving' AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) cols.add(rs.getString(1));
            }
        }
        return cols;
    }

    /**
     * Creates the agent-versus-team view, or re-creates it when its SQL changed (the SQL's hash is kept in
     * the view's comment, so an unchanged view is not touched).
     */
    private static void ensureView(Connection c) throws SQLException {
        String sql = resource(VIEW_RESOURCE);
        String hash = sha256(sql);
        String current = null;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT obj_description(to_regclass('serving.kpi_agent_vs_team_daily'), 'pg_class')")) {
            if (rs.next()) current = rs.getString(1);
        }
        String wanted = "indicate sql sha256:" + hash;
        if (wanted.equals(current)) {
            c.rollback();
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP VIEW IF EXISTS serving.kpi_agent_vs_team_daily");
            s.execute(sql);
            s.execute("COMMENT ON VIEW serving.kpi_agent_vs_team_daily IS '" + wanted + "'");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private boolean publishAccessTables(Connection c) throws SQLException {
        List<AccessTables.AgentVersion> versions = new ArrayList<>();
        for (Row r : warehouse.read(Table.SILVER_DIM_AGENT)
                .select(col("agent_id"), col("login"), col("team_id"), col("team_lead_login"), col("role"),
                        expr("unix_date(valid_from)"), expr("unix_date(valid_to)"))
                .collectAsList()) {
            versions.add(new AccessTables.AgentVersion(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                    r.getString(4), LocalDate.ofEpochDay(r.getInt(5)), r.isNullAt(6) ? null : LocalDate.ofEpochDay(r.getInt(6))));
        }
        // who has access is decided as of today (a future-dated roster row takes effect at the first publish
        // on or after its date), not by dim_agent's is_current, which marks the latest row
        List<AccessTables.Content> wanted = AccessTables.derive(versions, LocalDate.now(clock.withZone(zone)), minTeamAgents);
        boolean same = true;
        for (AccessTables.Content t : wanted) {
            same &= tableExists(c, t.table()) && currentRows(c, t).equals(t.rows());
        }
        if (same) {
            c.rollback();
            return false;
        }
        try (Statement s = c.createStatement()) {
            for (AccessTables.Content t : wanted) {
                s.execute("CREATE TABLE IF NOT EXISTS serving." + t.table() + " (" + t.ddl() + ")");
                s.execute("CREATE INDEX IF NOT EXISTS " + t.table() + "_" + t.columns().get(0) + "_idx ON serving."
                        + t.table() + " (" + t.columns().get(0) + ")");
                s.execute("DELETE FROM serving." + t.table());
                String insert = "INSERT INTO serving." + t.table() + " (" + String.join(", ", t.columns()) + ") VALUES ("
                        + String.join(", ", t.columns().stream().map(x -> "?").toList()) + ")";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (List<Object> row : t.rows()) {
                        for (int i = 0; i < row.size(); i++) ps.setObject(i + 1, row.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static List<List<Object>> currentRows(Connection c, AccessTables.Content t) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", t.columns()) + " FROM serving." + t.table())) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= t.columns().size(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Date d ? d.toLocalDate() : v);
                }
                rows.add(row);
            }
        }
        return AccessTables.sorted(rows);
    }

    private static void recordPublished(Connection c, List<Build> pending) throws SQLException {
        if (pending.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO serving.publish_log (build_id, published_at) VALUES (?, now()) ON CONFLICT (build_id) DO NOTHING")) {
            for (Build b : new LinkedHashSet<>(pending)) {
                ps.setString(1, b.id());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    private static String resource(String name) {
        try (InputStream in = Publisher.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
