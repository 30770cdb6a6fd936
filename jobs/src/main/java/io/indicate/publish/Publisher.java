package io.indicate.publish;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

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
 *
 * <p>The warehouse is read with Delta Kernel ({@link WarehouseTables}), without Spark: a run costs the files of the
 * dates it copies, and {@code indicate publish} starts no SparkSession.
 *
 * <p>This class orchestrates one run; the parts are {@link ServingLock} (one publish at a time),
 * {@link PublishLog} (which builds are pending, and recording them), {@link ChangedDatesCopy} (one table's dates,
 * with {@link ServingSchema} for its DDL and migration), {@link AccessTablesCopy} and {@link ServingView}.
 */
public final class Publisher {
    /** The marts publish copies: the gold tables whose contract says {@code published: true}. */
    static final List<Table> MARTS = Table.published().stream().filter(t -> t.layer() == Table.Layer.GOLD).toList();
    /** The silver facts publish copies (their contracts say {@code published: true}), kept for a window of days. */
    static final List<Table> FACTS = Table.published().stream().filter(t -> t.layer() == Table.Layer.SILVER).toList();
    static final List<Table> INTERVAL_MARTS = List.of(Table.GOLD_KPI_AGENT_INTERVAL, Table.GOLD_KPI_QUEUE_INTERVAL);

    private final String warehouseRoot;
    private final Configuration hadoopConf;
    private final String jdbcUrl;
    private final Properties connectionProperties;
    private final int factWindowDays;
    private final int intervalWindowDays;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<String> afterDelete;
    private final int minTeamAgents;

    private Publisher(Builder b) {
        this.warehouseRoot = Objects.requireNonNull(b.warehouseRoot, "warehouseRoot");
        this.hadoopConf = Objects.requireNonNull(b.hadoopConf, "hadoopConf");
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

    /** Publishes the warehouse an open session has (its root, read through its Hadoop settings). */
    public static Builder builder(Warehouse warehouse, String jdbcUrl) {
        return new Builder(warehouse.root(), warehouse.spark().sparkContext().hadoopConfiguration(), jdbcUrl);
    }

    /**
     * Publishes the warehouse under {@code root} (a folder or URL), read through Hadoop's {@code conf} without a
     * SparkSession; its tables exist under this code's contracts ({@link Warehouse#contractIsCurrent}).
     */
    public static Builder builder(String root, Configuration conf, String jdbcUrl) {
        return new Builder(root, conf, jdbcUrl);
    }

    public static final class Builder {
        private final String warehouseRoot;
        private final Configuration hadoopConf;
        private final String jdbcUrl;
        private String user;
        private String password;
        private int factWindowDays = 35;
        private int intervalWindowDays = io.indicate.config.Settings.defaults().servingIntervalDays();
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("Europe/Stockholm");
        private Consumer<String> afterDelete = table -> {};
        private int minTeamAgents = io.indicate.config.Settings.defaults().minTeamSize();

        private Builder(String warehouseRoot, Configuration hadoopConf, String jdbcUrl) {
            this.warehouseRoot = warehouseRoot;
            this.hadoopConf = hadoopConf;
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
            ServingLock.acquire(c);
            WarehouseTables warehouse = new WarehouseTables(warehouseRoot, hadoopConf);
            List<PublishLog.Build> pending = PublishLog.pending(c, warehouse);
            ChangedDatesCopy copy = new ChangedDatesCopy(warehouse, clock, zone, afterDelete);

            List<TableResult> results = new ArrayList<>();
            TeamMedians.ensure(c);
            for (Table mart : MARTS) {
                results.add(copy.copy(c, mart, PublishLog.datesOf(mart, pending),
                        INTERVAL_MARTS.contains(mart) ? copy.windowStart(mart, intervalWindowDays) : null));
            }
            for (Table fact : FACTS) {
                results.add(copy.copy(c, fact, PublishLog.datesOf(fact, pending), copy.windowStart(fact, factWindowDays)));
            }
            // the access tables first: the view reads access_policy
            boolean accessReplaced = AccessTablesCopy.publish(c, warehouse, LocalDate.now(clock.withZone(zone)), minTeamAgents);
            ServingView.ensure(c);
            PublishLog.record(c, pending);
            return new Report(List.copyOf(results), accessReplaced, pending.stream().map(PublishLog.Build::id).toList());
        } catch (SQLException e) {
            throw new IllegalStateException("publish to " + redactedUrl() + " failed: " + e.getMessage(), e);
        }
    }

    private String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
