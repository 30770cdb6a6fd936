package io.indicate.security;

import io.indicate.publish.Publisher;
import io.indicate.publish.ServingDatabase;
import io.indicate.roster.Role;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A team move that reaches the warehouse after the days it concerns were built and published, through the
 * pipeline's own steps: ingest of the new roster, the incremental build (which re-attributes every built date from
 * the move's {@code valid_from} on), publish, and the team lead's row-level-security rule that Superset runs
 * (rendered by {@link AccessRules#predicate}) on the serving tables as the read-only user. The new lead gets the
 * moved agent's days from the move on, the old lead keeps the days before: a lead sees the teams they lead by the
 * team of each date. (SupersetRosterChangesTest checks the same through the real Superset, on serving tables it
 * attributes as this test shows the build does.)
 */
@WarehouseTest
class TeamMoveReachesTheLeadTest {
    private static final String HEADCOUNT = String.join("\n",
            "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
            "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T2,Team South,lead.two,agent,2025-01-01",
            "L1,lead.one,Lead One,l1@example.com,,201,T1,Team North,lead.one,team_lead,2025-01-01",
            "L2,lead.two,Lead Two,l2@example.com,,202,T2,Team South,lead.two,team_lead,2025-01-01");
    private static final String MOVE = "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T2,Team South,lead.two,agent,2026-03-10";
    private static final List<String> DAYS = List.of("2026-03-09", "2026-03-10", "2026-03-11");
    private static final List<String> AGENT_GRAIN = List.of("kpi_agent_daily", "kpi_agent_interval", AccessRules.AGENT_VS_TEAM_VIEW);

    @Test
    void aMoveDeliveredAfterItsDaysWereBuiltHandsThemToTheNewLeadAtTheNextBuildAndPublish(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        Path roster = wh.roster(HEADCOUNT);
        QueueLogLines calls = QueueLogLines.stockholm();
        for (int i = 0; i < DAYS.size(); i++) {
            String day = DAYS.get(i), call = "c" + i;
            // A1 answers a call every day; A2 one on the last day
            calls.at(day + "T08:55:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                    .at(day + "T09:00:00", call, "support", "NONE", "ENTERQUEUE", "", "+4670555000" + i, "1")
                    .at(day + "T09:00:10", call, "support", "PJSIP/201", "CONNECT", "10", "b" + i, "1")
                    .at(day + "T09:02:10", call, "support", "PJSIP/201", "COMPLETECALLER", "10", "120", "1")
                    .at(day + "T16:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER");
        }
        calls.at("2026-03-11T10:00:00", "d1", "support", "NONE", "ENTERQUEUE", "", "+46706660000", "1")
                .at("2026-03-11T10:00:05", "d1", "support", "PJSIP/202", "CONNECT", "5", "e1", "1")
                .at("2026-03-11T10:01:05", "d1", "support", "PJSIP/202", "COMPLETEAGENT", "5", "60", "1");
        wh.write("ql", "queue_log", calls.content());
        wh.ingest(roster, wh.folder("ql"));
        wh.build();

        try (ServingDatabase db = ServingDatabase.builder().start()) {
            db.createReader("superset_reader", "reader-pw");
            publish(wh, db);
            for (String table : AGENT_GRAIN) {
                assertEquals(DAYS, daysOfA1(db, table, Role.MANAGEMENT, "boss"), "A1 has rows on both sides of the move in " + table);
            }
            assertEquals(everywhere(DAYS), seenBy(db, "lead.one"), "before the move is known lead.one sees all of A1's days");
            assertEquals(everywhere(List.of()), seenBy(db, "lead.two"), "and lead.two none");

            // the roster with the move arrives on the last day, after the days were built and published
            Files.writeString(roster, TestWarehouse.ROSTER_HEADER + "\n" + HEADCOUNT + "\n" + MOVE + "\n");
            wh.ingest(roster, null);
            wh.build();
            assertEquals(List.of("2026-03-09 T1", "2026-03-10 T2", "2026-03-11 T2"), wh.sql(
                    "select concat(cast(date_local as string), ' ', team_id) from gold.kpi_agent_daily where agent_id = 'A1' order by 1")
                    .stream().map(r -> r.getString(0)).toList(), "the build re-attributes A1's days from the move on");
            publish(wh, db);

            assertEquals(everywhere(DAYS.subList(1, 3)), seenBy(db, "lead.two"), "lead.two sees A1's days from the move on");
            assertEquals(everywhere(DAYS.subList(0, 1)), seenBy(db, "lead.one"), "lead.one keeps A1's day before the move");
        }
    }

    private static void publish(TestWarehouse wh, ServingDatabase db) {
        Clock lastDay = Clock.fixed(LocalDate.parse(DAYS.get(2)).atTime(18, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant(), ZoneId.of("UTC"));
        Publisher.builder(wh.warehouse(), db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(lastDay, ZoneId.of("Europe/Stockholm"))
                .build().publish();
    }

    private static Map<String, List<String>> everywhere(List<String> days) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        AGENT_GRAIN.forEach(t -> out.put(t, days));
        return out;
    }

    /** The days of A1's rows a team lead gets of each agent-grain table under their rule. */
    private static Map<String, List<String>> seenBy(ServingDatabase db, String lead) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : AGENT_GRAIN) out.put(table, daysOfA1(db, table, Role.TEAM_LEAD, lead));
        return out;
    }

    private static List<String> daysOfA1(ServingDatabase db, String table, Role role, String login) throws SQLException {
        List<String> days = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "superset_reader", "reader-pw"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT date_local FROM serving." + table + " WHERE agent_id = 'A1' AND ("
                     + AccessRules.predicate(role, table, login) + ") ORDER BY date_local")) {
            while (rs.next()) days.add(rs.getString(1));
        }
        return days;
    }
}
