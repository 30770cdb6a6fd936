package io.indicate.publish;

import io.indicate.cli.PublishCommand;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.indicate.publish.ServingFixture.D1;
import static io.indicate.publish.ServingFixture.D2;
import static io.indicate.publish.ServingFixture.D4;
import static io.indicate.publish.ServingFixture.MOVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publisher against a real embedded PostgreSQL. The tests run in order on one warehouse and one
 * database, each build on the state the previous one left, as publishing does in production.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublisherTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** "Now" for the fact window: the afternoon of the fixture's last day. */
    private static final Clock ON_D4 = Clock.fixed(D4.atTime(15, 0).atZone(STOCKHOLM).toInstant(), ZoneOffset.UTC);

    private Warehouse warehouse;
    private ServingDatabase db;

    @BeforeAll
    void start() {
        warehouse = ServingFixture.shared();
        db = ServingDatabase.builder().start();
    }

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    private Publisher.Builder publisher() {
        return Publisher.builder(warehouse, db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(ON_D4, STOCKHOLM);
    }

    @Test
    @Order(1)
    void firstPublishCopiesEveryDateOfEveryMartAndTheAccessTables() throws SQLException {
        Publisher.Report report = publisher().build().publish();
        assertTeamMediansMatchTheAgentRows();

        for (Table t : Table.gold()) {
            assertEquals(warehouse.read(t).count(), count("SELECT count(*) FROM serving." + t.tableName()), t.tableName());
        }
        for (Table t : Publisher.FACTS) {
            assertEquals(warehouse.read(t).count(), count("SELECT count(*) FROM serving." + t.tableName()), t.tableName());
        }
        assertTrue(report.tables().stream().allMatch(Publisher.TableResult::created));
        assertEquals(List.of("b1"), report.buildsPublished());
        assertTrue(report.accessTablesReplaced());
        assertEquals(List.of("b1"), strings("SELECT build_id FROM serving.publish_log"));

        // types: local wall-clock stays 09:00 whatever the session zone; instants stay instants
        assertEquals(List.of("09:00:00"), strings("SELECT DISTINCT to_char(interval_start_local, 'HH24:MI:SS') "
                + "FROM serving.kpi_agent_interval WHERE interval_start_local::time = '09:00'"));
        assertEquals(List.of("timestamp without time zone", "timestamp with time zone"), strings(
                "SELECT data_type FROM information_schema.columns WHERE table_schema = 'serving' AND table_name = 'kpi_agent_interval' "
                        + "AND column_name IN ('interval_start_local', '_refreshed_at') ORDER BY column_name DESC"));
        assertEquals(List.of("ingest"), strings("SELECT DISTINCT \"check\" FROM serving.data_quality_daily"));
        assertEquals(List.of("kpi_agent_daily_agent_id_date_local_idx", "kpi_agent_daily_agent_login_idx", "kpi_agent_daily_date_local_idx",
                "kpi_agent_daily_team_id_idx"), strings("SELECT indexname FROM pg_indexes WHERE schemaname = 'serving' "
                + "AND tablename = 'kpi_agent_daily' ORDER BY indexname"));

        // access tables: bo's move, the teams each lead leads now, one row per person
        assertEquals(List.of("bo|A2|T1|2025-01-01|2025-03-10", "bo|A2|T2|2025-03-10|null"), strings(
                "SELECT concat_ws('|', login, agent_id, team_id, valid_from, coalesce(valid_to::text, 'null')) "
                        + "FROM serving.access_agent_team WHERE login = 'bo' ORDER BY valid_from"));
        assertEquals(List.of("lars|T2", "lena|T1", "maja|T1", "maja|T2"), strings(
                "SELECT lead_login || '|' || team_id FROM serving.access_lead_team ORDER BY 1"));
        assertEquals(6, count("SELECT count(*) FROM serving.access_person"), "seven roster rows, six people");
    }

    @Test
    @Order(2)
    void republishingTheSameBuildChangesNothing() throws SQLException {
        Map<String, Map<String, String>> before = snapshot();

        Publisher.Report report = publisher().build().publish();

        assertTrue(report.changedNothing(), report.toString());
        assertEquals(before, snapshot(), "row contents and row versions (xmin) must be untouched");
    }

    @Test
    @Order(3)
    void aNewBuildReplacesOnlyTheDatesItRebuilt() throws SQLException {
        Map<String, Map<String, String>> before = snapshot();
        ServingFixture.rebuild(warehouse, "b2", List.of(D2), 100);

        Publisher.Report report = publisher().build().publish();

        assertEquals(List.of("b2"), report.buildsPublished());
        Map<String, Map<String, String>> after = snapshot();
        for (Table t : Table.gold()) {
            String table = t.tableName();
            assertEquals(before.get(table).keySet().size(), after.get(table).keySet().size(), table);
            for (LocalDate other : List.of(D1, MOVE, D4)) {
                assertEquals(rowsOn(before.get(table), other), rowsOn(after.get(table), other), table + " on " + other + " must not change");
            }
            // (the coaching list has no row on that day in the fixture: nobody has missed a goal often enough yet)
            if (!rowsOn(before.get(table), D2).isEmpty()) {
                assertNotEquals(rowsOn(before.get(table), D2), rowsOn(after.get(table), D2), table + " on " + D2 + " must be replaced");
            }
        }
        assertEquals(ServingFixture.calls("A1", D2, 100),
                count("SELECT calls_answered FROM serving.kpi_agent_daily WHERE agent_id = 'A1' AND date_local = DATE '" + D2 + "'"));
        assertTeamMediansMatchTheAgentRows();
        assertEquals(before.get("access_person"), after.get("access_person"), "an unchanged roster leaves the access tables alone");
    }

    @Test
    @Order(5)
    void aBuildThatRecordsItsTablesReplacesInEachTableOnlyTheDatesItWrote() throws SQLException {
        Map<String, Map<String, String>> before = snapshot();
        ServingFixture.rebuild(warehouse, "b3-per-table", List.of(D4), 250, List.of(Table.GOLD_KPI_AGENT_DAILY));

        Publisher.Report report = publisher().build().publish();

        assertEquals(List.of("b3-per-table"), report.buildsPublished());
        Map<String, Map<String, String>> after = snapshot();
        String agentDaily = Table.GOLD_KPI_AGENT_DAILY.tableName();
        assertNotEquals(rowsOn(before.get(agentDaily), D4), rowsOn(after.get(agentDaily), D4), "the table the build wrote on " + D4);
        for (LocalDate other : List.of(D1, D2, MOVE)) {
            assertEquals(rowsOn(before.get(agentDaily), other), rowsOn(after.get(agentDaily), other), agentDaily + " on " + other);
        }
        assertEquals(ServingFixture.calls("A1", D4, 250),
                count("SELECT calls_answered FROM serving.kpi_agent_daily WHERE agent_id = 'A1' AND date_local = DATE '" + D4 + "'"));
        for (String table : before.keySet()) {
            if (!table.equals(agentDaily)) assertEquals(before.get(table), after.get(table), table + ": not written by the build, not touched");
        }
        assertTeamMediansMatchTheAgentRows();
    }

    @Test
    @Order(4)
    void aFailureInTheMiddleOfAMartLeavesThePreviousDataAndAReaderNeverSeesAHalfLoadedDay() throws SQLException {
        ServingFixture.rebuild(warehouse, "b3", List.of(MOVE), 200);
        Map<String, String> before = snapshot().get("kpi_agent_daily");
        long rowsOnMove = count("SELECT count(*) FROM serving.kpi_agent_daily WHERE date_local = DATE '" + MOVE + "'");
        AtomicInteger seenByReader = new AtomicInteger(-1);

        Publisher failing = publisher().afterDelete(table -> {
            if (!table.equals("kpi_agent_daily")) return;
            // a dashboard reading while the day is being replaced still sees the whole old day
            seenByReader.set((int) count("SELECT count(*) FROM serving.kpi_agent_daily WHERE date_local = DATE '" + MOVE + "'"));
            // and a second publish started meanwhile does not interleave with this one
            IllegalStateException concurrent = assertThrows(IllegalStateException.class, () -> publisher().build().publish());
            assertTrue(concurrent.getMessage().contains("another publish"), concurrent.getMessage());
            throw new IllegalStateException("injected failure after the DELETE");
        }).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, failing::publish);

        assertEquals("injected failure after the DELETE", e.getMessage());
        assertEquals(rowsOnMove, seenByReader.get());
        assertEquals(before, snapshot().get("kpi_agent_daily"), "the failed mart keeps its previous rows and row versions");
        assertEquals(List.of("b1", "b2"), strings("SELECT build_id FROM serving.publish_log ORDER BY 1"), "b3 is not recorded as published");
        assertTeamMediansMatchTheAgentRows();

        Publisher.Report retry = publisher().build().publish();

        assertEquals(List.of("b3"), retry.buildsPublished());
        assertEquals(ServingFixture.calls("A2", MOVE, 200),
                count("SELECT calls_answered FROM serving.kpi_agent_daily WHERE agent_id = 'A2' AND date_local = DATE '" + MOVE + "'"));
        assertEquals("T2", strings("SELECT team_id FROM serving.kpi_agent_daily WHERE agent_id = 'A2' AND date_local = DATE '" + MOVE + "'").get(0));
        assertTeamMediansMatchTheAgentRows();
    }

    @Test
    @Order(6)
    void factsOlderThanTheWindowAreRemovedAndTheMartsKeepTheirHistory() throws SQLException {
        Publisher.Report report = publisher().factWindowDays(2).build().publish();

        for (Table t : Publisher.FACTS) {
            assertEquals(List.of(MOVE.toString(), D4.toString()),
                    strings("SELECT DISTINCT date_local::text FROM serving." + t.tableName() + " ORDER BY 1"), t.tableName());
        }
        assertEquals(4, count("SELECT count(DISTINCT date_local) FROM serving.kpi_agent_daily"));
        assertFalse(report.changedNothing());
    }

    @Test
    @Order(7)
    void theCommandPrintsPerTableAndNeverThePasswordWhichOnlyComesFromTheEnvironment() throws SQLException {
        db.createPublisher("publish_test", "Right-Secret-42");
        String secret = "Wrong-Secret-17";

        Result failed = runPublish(Map.of("PUBLISH_PW", secret), "--warehouse", warehouse.root(),
                "--jdbc-url", db.jdbcUrl(), "--user", "publish_test", "--password-env", "PUBLISH_PW");
        assertEquals(1, failed.exitCode());
        assertTrue(failed.all().contains("password authentication failed"), failed.all());
        assertFalse(failed.all().contains(secret), "the password must not appear in any output or stack trace");

        // the publisher owns the serving schema and nothing more, and publishes with its password
        String right = "Right-Secret-42";
        ServingFixture.rebuild(warehouse, "b4", List.of(D4), 300);
        Result ok = runPublish(Map.of("PUBLISH_PW", right), "--warehouse", warehouse.root(),
                "--jdbc-url", db.jdbcUrl(), "--user", "publish_test", "--password-env", "PUBLISH_PW", "--fact-window-days", "2");
        assertEquals(0, ok.exitCode(), ok.all());
        assertTrue(ok.out().matches("(?s).*kpi_agent_daily\\s+1 date\\(s\\) replaced, 5 rows, [0-9.]+ s.*"), ok.out());
        assertTrue(ok.out().contains("builds published: b4"), ok.out());
        assertFalse(ok.all().contains(right));
        assertEquals(ServingFixture.calls("A1", D4, 300),
                count("SELECT calls_answered FROM serving.kpi_agent_daily WHERE agent_id = 'A1' AND date_local = DATE '" + D4 + "'"));

        Result flag = runPublish(Map.of(), "--warehouse", "x", "--jdbc-url", db.jdbcUrl(), "--password", secret);
        assertEquals(2, flag.exitCode(), "there is no flag that takes a password");
        assertFalse(flag.all().contains(secret));

        Result unset = runPublish(Map.of(), "--warehouse", "x", "--jdbc-url", db.jdbcUrl(), "--password-env", "NOT_SET_ANYWHERE");
        assertEquals(1, unset.exitCode());
        assertTrue(unset.all().contains("NOT_SET_ANYWHERE"), unset.all());
    }

    private record Result(int exitCode, String out, String err) {
        String all() { return out + err; }
    }

    private static Result runPublish(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new PublishCommand(env::get));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // print everything a failure carries, causes included, so the check covers all of it
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            ex.printStackTrace(c.getErr());
            return 1;
        });
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Per serving table: each row's text mapped to its row version (xmin). */
    private Map<String, Map<String, String>> snapshot() throws SQLException {
        Map<String, Map<String, String>> all = new TreeMap<>();
        List<String> tables = new ArrayList<>(Table.gold().stream().map(Table::tableName).toList());
        Publisher.FACTS.forEach(t -> tables.add(t.tableName()));
        tables.addAll(List.of("access_person", "access_agent_team", "access_lead_team"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String table : tables) {
                Map<String, String> rows = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT t::text, t.xmin::text FROM serving." + table + " t")) {
                    while (rs.next()) rows.put(rs.getString(1), rs.getString(2));
                }
                all.put(table, rows);
            }
        }
        return all;
    }

    @Test
    @Order(8)
    void aServingDatabaseFromBeforeTheMediansTableGetsItFilledFromEveryServedDay() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE serving.team_median_daily CASCADE"); // and the view that reads it
        }

        Publisher.Report report = publisher().build().publish();

        assertTrue(report.buildsPublished().isEmpty(), "nothing new was built");
        assertTeamMediansMatchTheAgentRows();
        assertEquals(count("SELECT count(*) FROM serving.kpi_agent_daily"), count("SELECT count(*) FROM serving.kpi_agent_vs_team_daily"));
        assertEquals(4, count("SELECT count(DISTINCT date_local) FROM serving.team_median_daily"));
    }

    /**
     * {@code serving.team_median_daily} holds, for every team and day, exactly the medians of the agent rows served
     * now (computed afresh here), whatever dates earlier publishes replaced or failed to replace.
     */
    private void assertTeamMediansMatchTheAgentRows() {
        String fresh = "SELECT date_local, team_id, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY calls_answered),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY aht_s), percentile_cont(0.5) WITHIN GROUP (ORDER BY occupancy_pct),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY csat_pct) FROM serving.kpi_agent_daily WHERE team_id IS NOT NULL GROUP BY 1, 2";
        String kept = "SELECT * FROM serving.team_median_daily";
        assertTrue(count("SELECT count(*) FROM serving.team_median_daily") > 0);
        assertEquals(0, count("SELECT count(*) FROM ((" + fresh + ") EXCEPT (" + kept + ")) x"), "a team day missing or stale");
        assertEquals(0, count("SELECT count(*) FROM ((" + kept + ") EXCEPT (" + fresh + ")) x"), "a team day too many");
    }

    /** The rows of one date (a row's text starts with its date_local, the first column of every mart). */
    private static Map<String, String> rowsOn(Map<String, String> rows, LocalDate day) {
        Map<String, String> out = new TreeMap<>();
        rows.forEach((row, xmin) -> {
            if (row.startsWith("(" + day + ",")) out.put(row, xmin);
        });
        return out;
    }

    private long count(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
