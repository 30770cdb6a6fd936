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

import static io.indicate.publish.ServingFixture.D4;
import static io.indicate.publish.ServingFixture.MOVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interval marts are kept in serving for {@code serving_interval_days} local days up to today; the daily marts
 * keep every day. On the fixture's four days (D1, D2, MOVE, D4) with a window of two days.
 */
@WarehouseTest
class IntervalRetentionTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    @Test
    void intervalRowsOlderThanTheWindowAreLeftOutAndDeletedLaterWhileDailyRowsStay() throws SQLException {
        Warehouse warehouse = ServingFixture.shared();
        try (ServingDatabase db = ServingDatabase.builder().start()) {
            publishOn(warehouse, db, D4);
            for (Table t : Publisher.INTERVAL_MARTS) {
                assertEquals(rowsFrom(warehouse, t, MOVE), count(db, t, null), t + ": D4 and the day before");
                assertEquals(0, count(db, t, MOVE), t + ": nothing before the window");
            }
            for (Table t : List.of(Table.GOLD_KPI_AGENT_DAILY, Table.GOLD_KPI_TEAM_DAILY, Table.GOLD_KPI_QUEUE_DAILY)) {
                assertEquals(warehouse.read(t).count(), count(db, t, null), t + ": every day");
            }

            // a day later the window starts at D4: MOVE's interval rows go, exactly those
            Publisher.Report report = publishOn(warehouse, db, D4.plusDays(1));
            for (Table t : Publisher.INTERVAL_MARTS) {
                assertTrue(rowsFrom(warehouse, t, D4) < rowsFrom(warehouse, t, MOVE), t + ": the fixture has rows on MOVE");
                assertEquals(rowsFrom(warehouse, t, D4), count(db, t, null), t.tableName());
                Publisher.TableResult r = report.tables().stream().filter(x -> x.table().equals(t.tableName())).findFirst().orElseThrow();
                assertTrue(r.expiredOldDays() && r.datesReplaced() == 0, r.toString());
            }
            assertEquals(warehouse.read(Table.GOLD_KPI_AGENT_DAILY).count(), count(db, Table.GOLD_KPI_AGENT_DAILY, null), "daily rows stay");
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
