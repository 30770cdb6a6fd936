package io.indicate.privacy;

import io.indicate.cli.IndicateCli;
import io.indicate.publish.ServingDatabase;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code forget --jdbc-url} publishes the dates it rebuilt in the same command: yesterday had two calls, one of
 * them from the erased caller; afterwards the serving copy holds one call and a queue day with one offered.
 * {@code --landing} lists the landed file still holding the caller, and nothing printed holds the number. Then
 * {@code forget --agent A1} (Agent One, anna.one): the serving copy still has that day's one call, now answered by
 * the anonymous id, and no serving table names her; the roster and the queue_log are listed as naming her.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgetServingTest {
    private static final String PUBLISHER = "indicate_publisher";

    private ServingDatabase db;

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    @Test
    void theServingCopyNoLongerShowsTheCallerOrTheAgentOnceForgetReturns(@TempDir Path dir) throws Exception {
        String day = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusDays(1).toString();
        Path roster = Files.writeString(dir.resolve("roster.csv"), TestWarehouse.ROSTER_HEADER
                + "\nA1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01\n");
        Path queueLog = Files.createDirectories(dir.resolve("queue_log"));
        Files.writeString(queueLog.resolve("queue_log"), QueueLogLines.stockholm()
                .at(day + "T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at(day + "T09:00:10", "c1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at(day + "T09:02:10", "c1", "support", "PJSIP/201", "COMPLETECALLER", "10", "120", "1")
                .at(day + "T10:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at(day + "T10:00:10", "c2", "support", "PJSIP/201", "CONNECT", "10", "b2", "1")
                .at(day + "T10:01:10", "c2", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1")
                .content());
        db = ServingDatabase.builder().port(0).start();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + PUBLISHER + " LOGIN PASSWORD '" + System.getenv("INDICATE_SERVING_PASSWORD") + "'");
            s.execute("ALTER SCHEMA serving OWNER TO " + PUBLISHER);
        }
        String warehouse = dir.resolve("cli-warehouse").toString();
        List<String> serving = List.of("--jdbc-url", db.jdbcUrl(), "--user", PUBLISHER, "--password-env", "INDICATE_SERVING_PASSWORD");
        assertEquals(0, IndicateCli.run("ingest", "--warehouse", warehouse, "--roster", roster.toString(), "--queue-log", queueLog.toString()));
        assertEquals(0, IndicateCli.run("build", "--warehouse", warehouse));
        assertEquals(0, IndicateCli.run(args(List.of("publish", "--warehouse", warehouse), serving)));
        assertEquals("2 calls, 2 offered", servingDay(day));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, IndicateCli.run(args(List.of("forget", "--caller", "+46 70 111 11 11", "--warehouse", warehouse,
                    "--landing", queueLog.toString()), serving)));
        } finally {
            System.setOut(stdout);
        }

        assertEquals("1 calls, 1 offered", servingDay(day));
        assertEquals(List.of("c2"), callIds());
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains(queueLog.resolve("queue_log") + ": 1 line(s) hold the person"), output);
        assertFalse(output.contains("111 11 11") || output.contains("701111111"), "the number is never printed: " + output);

        printed.reset();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, IndicateCli.run(args(List.of("forget", "--agent", "A1", "--warehouse", warehouse,
                    "--landing", queueLog.toString(), "--landing", dir.toString()), serving)));
        } finally {
            System.setOut(stdout);
        }
        assertEquals("1 calls, 1 offered", servingDay(day));
        assertEquals(List.of(), servingRowsNaming("anna.one", "Agent One", "a1@example.com", "PJSIP/201"));
        assertEquals(List.of("erased-"), agentIds().stream().map(id -> id.substring(0, Math.min(id.length(), 7))).distinct().toList());
        output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains(queueLog.resolve("queue_log") + ": 4 line(s) hold the person")
                && output.contains(roster + ": 1 line(s) hold the person"), output);
        assertFalse(output.contains("anna.one") || output.contains("Agent One") || output.contains("PJSIP/201"), output);
    }

    /** Each serving table with a row whose text holds one of {@code needles}, and how many. */
    private List<String> servingRowsNaming(String... needles) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select table_name from information_schema.tables where table_schema = 'serving'"
                     + " and table_type = 'BASE TABLE' order by table_name")) {
            while (r.next()) tables.add(r.getString(1));
        }
        List<String> naming = new ArrayList<>();
        String any = "array['%" + String.join("%', '%", needles) + "%']";
        for (String t : tables) {
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select count(*) from serving." + t + " t where t::text ilike any (" + any + ")")) {
                r.next();
                if (r.getLong(1) > 0) naming.add(t + ": " + r.getLong(1));
            }
        }
        return naming;
    }

    private List<String> agentIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select agent_id from serving.kpi_agent_daily union select agent_id from serving.fact_queue_call where agent_id is not null")) {
            while (r.next()) ids.add(r.getString(1));
        }
        return ids;
    }

    private String servingDay(String day) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select (select count(*) from serving.fact_queue_call where date_local = DATE'" + day + "'),"
                     + " (select sum(offered) from serving.kpi_queue_daily where date_local = DATE'" + day + "')")) {
            r.next();
            return r.getLong(1) + " calls, " + r.getLong(2) + " offered";
        }
    }

    private List<String> callIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select callid from serving.fact_queue_call order by callid")) {
            while (r.next()) ids.add(r.getString(1));
        }
        return ids;
    }

    private static String[] args(List<String> command, List<String> serving) {
        List<String> all = new ArrayList<>(command);
        all.addAll(serving);
        return all.toArray(String[]::new);
    }
}
