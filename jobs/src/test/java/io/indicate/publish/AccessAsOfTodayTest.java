package io.indicate.publish;

import io.indicate.roster.RosterOnDate;
import io.indicate.roster.RosterReader;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving access tables that publish derives from the built {@code silver.dim_agent} name, on every day,
 * the same people as the Superset sync's reading of the roster file ({@link RosterOnDate}): the two doors to
 * the data agree on whose row counts, also around a leave, a reused login and a future-dated move.
 */
@WarehouseTest
class AccessAsOfTodayTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    @Test
    void publishAndSyncAgreeOnWhoHasAccessOnEachDay(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna,Anna Berg,anna@example.com,PJSIP/201,9001,T1,North,lena,agent,2026-01-01",
                "A1,anna,Anna Berg,anna@example.com,,,,,,left,2026-03-10",
                "A7,anna,Anna Nyberg,anna.nyberg@example.com,PJSIP/207,9007,T2,South,lars,agent,2026-03-10",
                "A2,bo,Bo Ek,bo@example.com,PJSIP/202,9002,T1,North,lena,agent,2026-01-01",
                "A2,bo,Bo Ek,bo@example.com,PJSIP/202,9002,T2,South,lars,agent,2026-03-12",
                "L1,lena,Lena Dahl,lena@example.com,PJSIP/301,9101,T1,North,maja,team_lead,2026-01-01",
                "L2,lars,Lars Holm,lars@example.com,PJSIP/302,9102,T2,South,maja,team_lead,2026-01-01",
                "M1,maja,Maja Sten,maja@example.com,,,,,,management,2026-01-01");
        wh.ingest(roster, null);
        wh.build();
        var rows = RosterReader.read(roster).accepted();

        try (ServingDatabase db = ServingDatabase.builder().start()) {
            for (LocalDate day = LocalDate.parse("2026-03-09"); !day.isAfter(LocalDate.parse("2026-03-12")); day = day.plusDays(1)) {
                Clock midday = Clock.fixed(day.atTime(12, 0).atZone(ZONE).toInstant(), ZONE);
                Publisher.builder(wh.warehouse(), db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(midday, ZONE).build().publish();
                List<String> expected = RosterOnDate.people(rows, day).stream()
                        .map(r -> r.login() + " " + r.agentId() + " " + r.role().code()).toList();
                assertEquals(expected, select(db, "SELECT login || ' ' || agent_id || ' ' || role FROM serving.access_person ORDER BY login"),
                        "access on " + day);
            }
            // as of 2026-03-12: bo's move is in force; anna is A7, with none of A1's team history
            assertEquals(List.of("anna A7 T2 2026-03-10 -", "bo A2 T1 2026-01-01 2026-03-12", "bo A2 T2 2026-03-12 -",
                            "lars L2 T2 2026-01-01 -", "lena L1 T1 2026-01-01 -",
                            "maja M1  2026-01-01 -"), // bronze keeps the roster's empty team_id as '', as dim_agent does
                    select(db, "SELECT login || ' ' || agent_id || ' ' || team_id || ' ' || valid_from || ' ' || coalesce(valid_to::text, '-') "
                            + "FROM serving.access_agent_team ORDER BY 1"));
        }
        assertTrue(RosterOnDate.people(rows, LocalDate.parse("2026-03-09")).stream().anyMatch(r -> r.agentId().equals("A1")),
                "the comparison covers the leaver while still employed");
    }

    @Test
    void aRosterWithTwoRowsForOneAgentAndDateIsQuarantinedWhole(@TempDir Path dir) {
        TestWarehouse wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna,Anna Berg,,,,T1,North,lena,agent,2026-01-01",
                "A1,anna,Anna Berg,,,,T2,South,lars,agent,2026-01-01");
        wh.ingest(roster, null);
        assertEquals(List.of("roster " + roster + ": agent A1 has 2 rows valid from 2026-01-01 (lines 2, 3); each (agent_id, valid_from) "
                        + "may appear once: keep the one row that holds from that date"),
                wh.sql("select reason from bronze.quarantine where source = 'roster'").stream().map(r -> r.getString(0)).toList());
        assertEquals(0, wh.table(io.indicate.warehouse.Table.BRONZE_ROSTER).count(), "nothing of the file is landed");
    }

    private static List<String> select(ServingDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
