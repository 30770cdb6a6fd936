package io.indicate.build;

import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A session runs from log-in to log-off however long that is (KPI-DEFINITIONS.md, logged_in_s): an agent who
 * forgot to log off on Sunday is logged in all Monday and Tuesday. A build that reads only the events around the
 * dates it rebuilds must still know who was logged in when its events begin, or the intraday cycle, a build of a
 * date range and a re-build after erasure each lose the rest of that session, and differ from a full rebuild.
 */
@WarehouseTest
class LongSessionTest {
    private static final List<Table> SESSION_TABLES = List.of(Table.SILVER_FACT_AGENT_SESSION,
            Table.GOLD_KPI_AGENT_DAILY, Table.GOLD_KPI_AGENT_INTERVAL, Table.GOLD_KPI_TEAM_DAILY);

    @Test
    void aSessionOpenForDaysIsCountedWholeByIncrementalAndRangeBuilds(@TempDir Path dir) {
        TestWarehouse wh = new TestWarehouse(dir);
        Path roster = wh.roster(
                "A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01",
                "A2,bo.two,Agent Two,a2@example.com,PJSIP/202,102,T1,Team North,lead.one,agent,2025-01-01");
        // A1 joins the queue on Sunday the 8th and never leaves it; pauses from Monday 23:00 to Tuesday 01:00.
        // A2 works Tuesday, so the newest event of the first build is Tuesday 17:00
        wh.write("ql1", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-08T08:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-09T23:00:00", "NONE", "support", "PJSIP/201", "PAUSE", "Lunch")
                .at("2026-03-10T01:00:00", "NONE", "support", "PJSIP/201", "UNPAUSE", "Lunch")
                .at("2026-03-10T08:00:00", "NONE", "support", "PJSIP/202", "ADDMEMBER")
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-10T09:00:10", "c1", "support", "PJSIP/202", "CONNECT", "10", "b1", "1")
                .at("2026-03-10T09:01:10", "c1", "support", "PJSIP/202", "COMPLETECALLER", "10", "60", "1")
                .at("2026-03-10T17:00:00", "NONE", "support", "PJSIP/202", "REMOVEMEMBER").content());
        wh.ingest(roster, wh.folder("ql1"));
        wh.build();
        assertEquals(86_400L, loggedIn(wh, "A1", "2026-03-09"));
        assertEquals(17 * 3_600L, loggedIn(wh, "A1", "2026-03-10"), "still open: closed at the newest event, 17:00");

        // Wednesday: A1 takes a call and finally leaves the queue at noon
        wh.write("ql2", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-11T09:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46706666666", "1")
                .at("2026-03-11T09:00:05", "c2", "support", "PJSIP/201", "CONNECT", "5", "b2", "1")
                .at("2026-03-11T09:02:05", "c2", "support", "PJSIP/201", "COMPLETEAGENT", "5", "120", "1")
                .at("2026-03-11T12:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER").content());
        wh.ingest(null, wh.folder("ql2"));
        wh.build();
        assertEquals(86_400L, loggedIn(wh, "A1", "2026-03-10"), "Tuesday, rebuilt for the new data, is A1's whole day");
        assertEquals(12 * 3_600L, loggedIn(wh, "A1", "2026-03-11"), "Wednesday: from midnight to noon");
        assertEquals(3_600L, wh.one("select paused_s from gold.kpi_agent_daily where agent_id = 'A1'"
                + " and date_local = DATE'2026-03-10'").getLong(0), "the pause that began on Monday ends on Tuesday at 01:00");
        Map<Table, List<String>> incremental = snapshots(wh);

        // a build of Wednesday alone, as a back-fill or an erasure runs it, sees the session too
        Build b = wh.builder();
        b.run(b.planner().range(LocalDate.parse("2026-03-11"), LocalDate.parse("2026-03-11")));
        assertEquals(incremental, snapshots(wh), "a range build of one date leaves the tables as they were");

        wh.buildFull();
        assertEquals(incremental, snapshots(wh), "the incremental builds equal a full rebuild");
    }

    private static long loggedIn(TestWarehouse wh, String agent, String date) {
        return wh.one("select logged_in_s from gold.kpi_agent_daily where agent_id = '" + agent
                + "' and date_local = DATE'" + date + "'").getLong(0);
    }

    private static Map<Table, List<String>> snapshots(TestWarehouse wh) {
        Map<Table, List<String>> out = new LinkedHashMap<>();
        for (Table t : SESSION_TABLES) out.put(t, wh.snapshot(t));
        return out;
    }
}
