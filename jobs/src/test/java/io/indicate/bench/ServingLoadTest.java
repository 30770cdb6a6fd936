package io.indicate.bench;

import io.indicate.publish.Publisher;
import io.indicate.publish.ServingDatabase;
import io.indicate.publish.ServingFixture;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.indicate.publish.ServingFixture.D4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving load on the published fixture warehouse (agents anna, bo and cia; lena leads, maja manages),
 * in a real embedded PostgreSQL. What is checked is what ran and what it read, never how fast.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingLoadTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private Warehouse warehouse;
    private ServingDatabase db;

    @BeforeAll
    void publish() {
        warehouse = ServingFixture.shared();
        db = ServingDatabase.builder().start();
        Clock onD4 = Clock.fixed(D4.atTime(15, 0).atZone(STOCKHOLM).toInstant(), ZoneOffset.UTC);
        Publisher.builder(warehouse, db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(onD4, STOCKHOLM).build().publish();
    }

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    @Test
    void everySessionRunsEveryQueryOfTheDashboardOnEveryLoad() {
        ServingLoad.Report report = ServingLoad.builder(db.jdbcUrl()).user(ServingDatabase.SUPERUSER)
                .sessions(3).loads(2).assets(RepositoryFiles.supersetAssets()).build().run();

        assertEquals(D4, report.today(), "default today: the latest date of kpi_agent_interval");
        List<String> names = MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "anna", D4).stream().map(MyPerformanceQueries.Query::name).toList();
        assertEquals(names, report.queries().stream().map(ServingLoad.Stats::query).toList());
        for (ServingLoad.Stats s : report.queries()) {
            assertEquals(3 * 2, s.count(), s.query());
            assertTrue(s.p50Ms() <= s.p95Ms() && s.p95Ms() <= s.maxMs(), s.toString());
        }
        assertEquals(names.size() * 3 * 2, report.overall().count());
        // each of the three agents took calls on all four days of the fixture: one row per day, per load
        long agentDays = warehouse.read(Table.GOLD_KPI_AGENT_DAILY).where("agent_id IN ('A1', 'A2', 'A3')").count();
        assertEquals(12, agentDays);
        assertEquals(agentDays * 2, stats(report, "my_trend_calls_answered").rows());
    }

    @Test
    void sessionsSharingOneConnectionTakeTurnsAndEveryQueryRuns() {
        ServingLoad.Report report = ServingLoad.builder(db.jdbcUrl()).user(ServingDatabase.SUPERUSER)
                .sessions(3).connections(1).loads(2).assets(RepositoryFiles.supersetAssets()).build().run();

        assertEquals(1, report.connections());
        int queries = MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "anna", D4).size();
        assertEquals(queries * 3 * 2, report.overall().count(), "three sessions waiting for one connection each ran every query");
        assertEquals(3 * 2 * 4, stats(report, "my_trend_calls_answered").rows(), "one row per agent day, per load, as with a connection each");
    }

    @Test
    void theTrendChartShowsTheAgentsOwnCallsOnly() throws SQLException {
        Map<LocalDate, Long> expected = new TreeMap<>();
        for (Row r : warehouse.read(Table.GOLD_KPI_AGENT_DAILY).where("agent_id = 'A2'")
                .selectExpr("unix_date(date_local)", "calls_answered").collectAsList()) {
            expected.put(LocalDate.ofEpochDay(r.getInt(0)), r.getLong(1));
        }
        String sql = MyPerformanceQueries.forAgent(RepositoryFiles.supersetAssets(), "bo", D4).stream().filter(q -> q.name().equals("my_trend_calls_answered")).findFirst().orElseThrow().sql();
        Map<LocalDate, Long> shown = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) shown.put(rs.getTimestamp("date_local").toLocalDateTime().toLocalDate(), rs.getLong("calls_answered"));
        }
        assertEquals(4, expected.size());
        assertEquals(expected, shown);
    }

    @Test
    void moreSessionsThanAgentsIsRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServingLoad.builder(db.jdbcUrl()).user(ServingDatabase.SUPERUSER).sessions(4).loads(1).build().run());
        assertTrue(e.getMessage().contains("4 sessions") && e.getMessage().contains("has 3"), e.getMessage());
    }

    private static ServingLoad.Stats stats(ServingLoad.Report report, String query) {
        return report.queries().stream().filter(s -> s.query().equals(query)).findFirst().orElseThrow();
    }
}
