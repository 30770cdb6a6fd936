package io.indicate.publish;

import io.indicate.bench.MyPerformanceQueries;
import io.indicate.testing.WarehouseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.indicate.superset.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.indicate.publish.ServingFixture.D4;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving layout serves an agent's "My performance" queries through the composite indexes. The published
 * fixture is widened in PostgreSQL to a centre where the planner has a choice: every fixture row of the agent and
 * team marts copied for 300 more agents (each in a team of its own) and 20 earlier weeks, so an agent's rows are a
 * small share of each table.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingIndexesTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private ServingDatabase db;

    @BeforeAll
    void publishAndWiden() throws SQLException {
        db = ServingDatabase.builder().start();
        Clock onD4 = Clock.fixed(D4.atTime(15, 0).atZone(STOCKHOLM).toInstant(), ZoneOffset.UTC);
        Publisher.builder(ServingFixture.shared(), db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(onD4, STOCKHOLM).build().publish();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("kpi_agent_daily", "kpi_agent_interval", "kpi_team_daily")) {
                s.execute("INSERT INTO serving." + table + " SELECT " + widened(c, table) + " FROM serving." + table
                        + ", generate_series(1, 300) AS copy, generate_series(1, 20) AS week");
            }
            s.execute("ANALYZE");
        }
    }

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    @Test
    void anAgentsDaysAreReadThroughAgentIdAndDate() throws SQLException {
        assertTrue(plan("my_trend_calls_answered").contains("kpi_agent_daily_agent_id_date_local_idx"), plan("my_trend_calls_answered"));
    }

    @Test
    void anAgentsIntervalsOfTodayAreReadThroughAgentIdAndIntervalStart() throws SQLException {
        assertTrue(plan("my_today_calls_answered").contains("kpi_agent_interval_agent_id_interval_start_local_idx"), plan("my_today_calls_answered"));
    }

    /**
     * The team rows an agent sees (their team while a member, a rule that reads the row's date) are found through
     * the agent's teams and the date, not by running the membership sub-select for every team's row of the month.
     */
    @Test
    void anAgentsTeamDaysAreReadThroughTeamIdAndDate() throws SQLException {
        assertTrue(plan("my_team_days").contains("kpi_team_daily_team_id_date_local_idx"), plan("my_team_days"));
    }

    /** The plan PostgreSQL chooses for one of anna's dashboard queries on D4. */
    private String plan(String query) throws SQLException {
        String sql = MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "anna", D4).stream().filter(q -> q.name().equals(query)).findFirst().orElseThrow().sql();
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) plan.append(rs.getString(1)).append('\n');
        }
        return plan.toString();
    }

    /** The select list of a copy: the agent and team made the copy's own, dates and local times moved back by whole weeks. */
    private static String widened(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'serving' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                String column = rs.getString(1);
                String type = rs.getString(2);
                String quoted = ServingTable.quote(column);
                if (column.equals("agent_id") || column.equals("team_id")) columns.add(quoted + " || '-' || copy");
                else if (type.equals("date")) columns.add(quoted + " - 7 * week");
                else if (type.startsWith("timestamp") && !column.equals("_refreshed_at")) columns.add(quoted + " - make_interval(days => 7 * week)");
                else columns.add(quoted);
            }
        }
        return String.join(", ", columns);
    }
}
