package io.indicate.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Set;

/**
 * {@code serving.team_median_daily}: the median agent of every team and day, kept beside {@code kpi_agent_daily} so
 * the view {@code kpi_agent_vs_team_daily} joins one row per agent row instead of grouping the whole table on every
 * query. PostgreSQL applies an agent's row-level-security filter to the view's agent rows only after it has grouped
 * every team's days: at 1,000 agents that made "Me against my team's median" the one slow chart of My performance
 * (README, *Serving at 1,000 agents*).
 *
 * <p>The medians are raw: the minimum group size ({@code serving.access_policy}) is applied by the view, so a changed
 * policy takes effect at once. They are replaced for exactly the days whose {@code kpi_agent_daily} rows are replaced,
 * in the same transaction, so a reader never sees agent rows and medians of two different publishes.
 */
final class TeamMedians {
    static final String TABLE = "team_median_daily";

    private static final String CREATE = """
            CREATE TABLE serving.team_median_daily (
                date_local                 date             NOT NULL,
                team_id                    text             NOT NULL,
                team_agents                bigint           NOT NULL,
                team_median_calls_answered double precision,
                team_median_aht_s          double precision,
                team_median_occupancy_pct  double precision,
                team_median_csat_pct       double precision,
                PRIMARY KEY (date_local, team_id)
            )""";

    /** Every agent row of the team on that day counts; a median skips agents without a value (e.g. no rating). */
    private static final String FILL = """
            INSERT INTO serving.team_median_daily
            SELECT date_local,
                   team_id,
                   count(*),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY calls_answered),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY aht_s),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY occupancy_pct),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY csat_pct)
            FROM serving.kpi_agent_daily
            WHERE team_id IS NOT NULL""";

    private TeamMedians() {}

    /**
     * Creates the table when it is missing and, if {@code kpi_agent_daily} is already served (a database an earlier
     * version published), fills it from every served day; commits. Nothing happens when the table exists.
     */
    static void ensure(Connection c) throws SQLException {
        if (ServingSchema.tableExists(c, TABLE)) {
            c.rollback();
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
            if (ServingSchema.tableExists(c, "kpi_agent_daily")) replace(c, null);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** Replaces the medians of {@code days} (of every day when null) in the caller's open transaction. */
    static void replace(Connection c, Set<LocalDate> days) throws SQLException {
        if (days == null) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM serving.team_median_daily");
                s.executeUpdate(FILL + " GROUP BY date_local, team_id");
            }
            return;
        }
        if (days.isEmpty()) return;
        java.sql.Array array = c.createArrayOf("date", days.stream().map(java.sql.Date::valueOf).toArray());
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM serving.team_median_daily WHERE date_local = ANY (?)");
             PreparedStatement fill = c.prepareStatement(FILL + " AND date_local = ANY (?) GROUP BY date_local, team_id")) {
            delete.setArray(1, array);
            delete.executeUpdate();
            fill.setArray(1, array);
            fill.executeUpdate();
        }
    }
}
