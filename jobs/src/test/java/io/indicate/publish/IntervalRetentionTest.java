package io.indicate.publish;

import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static io.indicate.publish.ServingFixture.D2;
import static io.indicate.publish.ServingFixture.D4;
import static io.indicate.publish.ServingFixture.MOVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interval marts are kept in serving for {@code serving_interval_days} local days up to today, or up to the newest
 * day the mart holds when that is earlier; the daily marts keep every day. On the fixture's four days (D1, D2, MOVE, D4) with a window of two days.
 */
@WarehouseTest
class IntervalRetentionTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    @Test
    void intervalRowsOlderThanTheWindowAreLeftOutAndDeletedLaterWhileDailyRowsStay() throws SQLException {
        Warehouse warehouse = ServingFixture.shared();
        try (ServingDatabase db = ServingDatabase.builder().start()) {
            // on MOVE the window is D2 and MOVE (the fixture's D4 rows, built "ahead", are kept too)
            publishOn(warehouse, db, MOVE);
            for (Table t : Publisher.INTERVAL_MARTS) {
                assertTrue(rowsFrom(warehouse, t, D2) < warehouse.read(t).count(), t + ": the fixture has rows on D1");
                assertEquals(rowsFrom(warehouse, t, D2), count(db, t, null), t + ": D2 onwards");
                assertEquals(0, count(db, t, D2), t + ": nothing before the window");
            }
            for (Table t : List.of(Table.GOLD_KPI_AGENT_DAILY, Table.GOLD_KPI_TEAM_DAILY, Table.GOLD_KPI_QUEUE_DAILY)) {
                assertEquals(warehouse.read(t).count(), count(db, t, null), t + ": every day");
            }

            // on D4 the window starts at MOVE: D2's interval rows go, exactly those
            Publisher.Report report = publishOn(warehouse, db, D4);
            for (Table t : Publisher.INTERVAL_MARTS) {
                assertTrue(rowsFrom(warehouse, t, MOVE) < rowsFrom(warehouse, t, D2), t + ": the fixture has rows on D2");
                assertEquals(rowsFrom(warehouse, t, MOVE), count(db, t, null), t.tableName());
                Publisher.TableResult r = report.tables().stream().filter(x -> x.table().equals(t.tableName())).findFirst().orElseThrow();
                assertTrue(r.expiredOldDays() && r.datesReplaced() == 0, r.toString());
            }
            assertEquals(warehouse.read(Table.GOLD_KPI_AGENT_DAILY).count(), count(db, Table.GOLD_KPI_AGENT_DAILY, null), "daily rows stay");

            // a month later with nothing new, the window still ends on the newest day held (D4): nothing goes
            Publisher.Report month = publishOn(warehouse, db, D4.plusDays(30));
            for (Table t : Publisher.INTERVAL_MARTS) {
                assertEquals(rowsFrom(warehouse, t, MOVE), count(db, t, null), t + ": the last built days stay in serving");
                Publisher.TableResult r = month.tables().stream().filter(x -> x.table().equals(t.tableName())).findFirst().orElseThrow();
                assertFalse(r.expiredOldDays(), r.toString());
            }
        }
    }

    @Test
    void aFirstPublishLongAfterTheLastBuiltDayStillCarriesTheWindowBeforeIt() throws SQLException {
        Warehouse warehouse = ServingFixture.shared();
        try (ServingDatabase db = ServingDatabase.builder().start()) {
            publishOn(warehouse, db, D4.plusDays(200));
            for (Table t : Publisher.INTERVAL_MARTS) {
                assertEquals(rowsFrom(warehouse, t, MOVE), count(db, t, null), t + ": MOVE and D4, the two newest days held");
            }
            for (Table t : Publisher.FACTS) {
                assertEquals(warehouse.read(t).count(), count(db, t, null), t + ": all four days lie in the 35-day fact window before D4");
            }
        }
    }

    private static Publisher.Report publishOn(Warehouse warehouse, ServingDatabase db, LocalDate day) {
        Clock afternoon = Clock.fixed(day.atTime(15, 0).atZone(STOCKHOLM).toInstant(), ZoneOffset.UTC);
        return Publisher.builder(warehouse, db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(afternoon, STOCKHOLM)
                .intervalWindowDays(2).build().publish();
    }

    private static long rowsFrom(Warehouse warehouse, Table t, LocalDate first) {
        return warehouse.read(t).where("date_local >= DATE'" + first + "'").count();
    }

    /** Rows of the serving table, all of them or (with {@code before}) those dated before that day. */
    private static long count(ServingDatabase db, Table t, LocalDate before) throws SQLException {
        String where = before == null ? "" : " WHERE date_local < DATE '" + before + "'";
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM serving." + t.tableName() + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
