package io.indicate.privacy;

import io.indicate.build.BuildPlan;
import io.indicate.ingest.Ingest;
import io.indicate.maintenance.TableMaintenance;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.rating;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code forget --agent} for a leaver: Zelda Quist (agent AGT-ZQ7, login zelda.quist, member PJSIP/7345, CRM user
 * 88123) of Team North answered c1 and rang without answer for c2 on 2026-03-10, was logged in 08:00-12:00, made
 * one outbound call and solved ticket 1 (rated good); she left on 2026-03-12, when her extension PJSIP/7345 went
 * to a new agent, AGT-NEW, who answered c3 that day. Bo Two (A2) answered c2. After forgetting her, rebuilding and
 * vacuuming, and then the files delivered again (queue_log and CDR grown and rotated, the roster re-sent, the CRM
 * pulled again, with one more outbound call from her extension on her last day), every team, queue and organisation
 * number is what it was (the new call counts for her team, under the anonymous id), her day is the anonymous id's,
 * AGT-NEW's day is still AGT-NEW's, and no file of the warehouse names her.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentErasureTest {
    private static final String ZELDA = "AGT-ZQ7";
    /** What identifies her alone: her member PJSIP/7345 is AGT-NEW's from 2026-03-12. */
    private static final List<String> HER_IDENTIFIERS = List.of(ZELDA, "zelda.quist", "Zelda Quist", "zelda.quist@example.com", "88123");
    private static final List<Table> TOTALS = List.of(Table.GOLD_KPI_TEAM_DAILY, Table.GOLD_KPI_ORG_DAILY, Table.GOLD_KPI_QUEUE_DAILY,
            Table.GOLD_KPI_QUEUE_INTERVAL);

    TestWarehouse wh;
    Map<Table, List<String>> totalsBefore = new LinkedHashMap<>();
    Map<Table, List<String>> totalsAfterForget = new LinkedHashMap<>();
    Map<Table, List<String>> totalsAfterRedelivery = new LinkedHashMap<>();
    List<String> herDayBefore;
    List<String> herDayAfterForget;
    Erasure.Report report;
    List<String> ingestLogAfterRedelivery;

    @BeforeAll
    void buildForgetAndDeliverAgain(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        String roster = String.join("\n",
                "AGT-ZQ7,zelda.quist,Zelda Quist,zelda.quist@example.com,PJSIP/7345,88123,T1,Team North,lead.one,agent,2025-01-01",
                "AGT-ZQ7,zelda.quist,Zelda Quist,zelda.quist@example.com,,,T1,Team North,lead.one,left,2026-03-12",
                "A2,bo.two,Bo Two,b2@example.com,PJSIP/202,202,T1,Team North,lead.one,agent,2025-01-01",
                "AGT-NEW,new.person,New Person,np@example.com,PJSIP/7345,555,T1,Team North,lead.one,agent,2026-03-12");
        Path rosterFile = wh.roster(roster);
        QueueLogLines lines = QueueLogLines.stockholm()
                .at("2026-03-10T08:00:00", "NONE", "support", "PJSIP/7345", "ADDMEMBER")
                .at("2026-03-10T08:00:00", "NONE", "support", "PJSIP/202", "ADDMEMBER")
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-10T09:00:10", "c1", "support", "PJSIP/7345", "CONNECT", "10", "b1", "1")
                .at("2026-03-10T09:02:10", "c1", "support", "PJSIP/7345", "COMPLETECALLER", "10", "120", "1")
                .at("2026-03-10T10:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T10:00:15", "c2", "support", "PJSIP/7345", "RINGNOANSWER", "15000")
                .at("2026-03-10T10:00:30", "c2", "support", "PJSIP/202", "CONNECT", "30", "b2", "1")
                .at("2026-03-10T10:01:30", "c2", "support", "PJSIP/202", "COMPLETEAGENT", "30", "60", "1")
                .at("2026-03-10T12:00:00", "NONE", "support", "PJSIP/7345", "REMOVEMEMBER")
                .at("2026-03-10T12:00:00", "NONE", "support", "PJSIP/202", "REMOVEMEMBER")
                .text("not-a-time|c9|support|PJSIP/7345|CONNECT|zelda.quist")
                .at("2026-03-12T09:00:00", "NONE", "support", "PJSIP/7345", "ADDMEMBER")
                .at("2026-03-12T09:30:00", "c3", "support", "NONE", "ENTERQUEUE", "", "+46703333333", "1")
                .at("2026-03-12T09:30:05", "c3", "support", "PJSIP/7345", "CONNECT", "5", "b3", "1")
                .at("2026-03-12T09:31:05", "c3", "support", "PJSIP/7345", "COMPLETECALLER", "5", "60", "1")
                .at("2026-03-12T11:00:00", "NONE", "support", "PJSIP/7345", "REMOVEMEMBER");
        Path queueLog = wh.write("ql", "queue_log", lines.content());
        String cdr = "\"\",\"7345\",\"+46709999999\",\"from-internal\",\"\"\"Zelda Quist\"\" <7345>\",\"PJSIP/7345-00000001\","
                + "\"PJSIP/trunk-1\",\"Dial\",\"x\",\"2026-03-10 11:00:00\",\"2026-03-10 11:00:05\",\"2026-03-10 11:01:05\",65,60,"
                + "\"ANSWERED\",\"DOCUMENTATION\",\"u1\",\"\"\n";
        Path master = wh.write("cdr", "Master.csv", cdr);
        String tickets = page("tickets", ticket(1, "88123", "solved", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z"),
                ticket(2, "202", "solved", "2026-03-10T08:00:00Z", "2026-03-10T11:00:00Z"));
        String ratings = page("satisfaction_ratings", rating(7, 1, "88123", "good", "2026-03-10T12:00:00Z", "2026-03-10T12:00:00Z"));
        wh.write("crm", "tickets.json", tickets);
        wh.write("crm", "ratings.json", ratings);
        String goals = "scope,scope_id,kpi,direction,value,valid_from,set_by\n"
                + "agent,AGT-ZQ7,calls_answered,higher,1,2026-03-01,zelda.quist\n"
                // a team goal she set applies on 2026-03-12, a day none of her records falls on
                + "team,T1,aht_s,lower,600,2026-03-01,zelda.quist\n"
                + "organisation,,calls_answered,higher,2,2026-01-01,boss\n";
        ingest(rosterFile, "crm", wh.write("goals", "goals.csv", goals));
        wh.build();
        for (Table t : TOTALS) totalsBefore.put(t, wh.snapshot(t));
        herDayBefore = numbersOf(wh.sql("select * from gold.kpi_agent_daily where agent_id = '" + ZELDA + "'"));

        Erasure erasure = new Erasure(wh.warehouse(), wh.pseudonymiser());
        report = erasure.forgetAgent(ZELDA, ZoneId.of("Europe/Stockholm"));
        wh.builder().run(new BuildPlan("forget", List.of(), report.datesToRebuild()));
        new TableMaintenance(wh.warehouse(), Progress.silent()).vacuum(report.changed());
        for (Table t : TOTALS) totalsAfterForget.put(t, wh.snapshot(t));
        herDayAfterForget = numbersOf(wh.sql("select * from gold.kpi_agent_daily where agent_id = '" + anonymous() + "'"));

        // everything comes again: the files grew and were rotated, the roster is re-sent, the CRM pulled again
        Files.delete(queueLog);
        wh.write("ql", "queue_log.1", lines.at("2026-03-12T12:00:00", "c4", "support", "NONE", "ENTERQUEUE", "", "+46704444444", "1")
                .at("2026-03-12T12:00:20", "c4", "support", "NONE", "ABANDON", "1", "1", "20").content());
        Files.delete(master);
        wh.write("cdr", "Master.csv.1", cdr + cdr.replace("11:0", "15:0").replace("u1", "u2"));
        Path resent = wh.write("roster", "roster-2.csv", TestWarehouse.ROSTER_HEADER + "\n" + roster
                + "\nA2,bo.two,Bo Two,b2@example.com,PJSIP/202,202,T1,Team North,lead.one,agent,2026-03-13\n");
        wh.write("crm2", "tickets.json", tickets.replace("\"end_of_stream\": false", "\"end_of_stream\": true"));
        wh.write("crm2", "ratings.json", ratings.replace("\"end_of_stream\": false", "\"end_of_stream\": true"));
        ingest(resent, "crm2", wh.write("goals", "goals-2.csv", goals + "team,T1,calls_answered,higher,3,2026-03-13,lead.one\n"));
        wh.build();
        for (Table t : TOTALS) totalsAfterRedelivery.put(t, wh.snapshot(t));
        ingestLogAfterRedelivery = wh.sql("select source, file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined, rows_erased"
                + " from meta.ingest_log where file_name like '%.1' or file_name like '%roster-2.csv' order by source").stream()
                .map(r -> r.getString(0) + " " + Path.of(r.getString(1)).getFileName() + " in=" + r.getLong(2) + " loaded=" + r.getLong(3)
                        + " duplicate=" + r.getLong(4) + " quarantined=" + r.getLong(5) + " erased=" + r.getLong(6)).toList();
    }

    private void ingest(Path roster, String crm, Path goals) throws IOException {
        new Ingest(wh.warehouse(), wh.settings(), Progress.silent(), wh::pseudonymiser).run(roster.toString(),
                wh.folder("ql").toString(), wh.folder("cdr").toString(), wh.folder(crm).toString(), goals.toString());
    }

    private String anonymous() {
        return "erased-" + wh.pseudonymiser().ofIdentifier("agent", ZELDA).substring(0, 12);
    }

    /** A kpi_agent_daily row's values other than the agent's identity and the refresh time. */
    private static List<String> numbersOf(List<Row> rows) {
        return rows.stream().map(r -> {
            List<String> values = new ArrayList<>();
            for (StructField f : r.schema().fields()) {
                if (!List.of("agent_id", "agent_login", "_refreshed_at").contains(f.name())) values.add(f.name() + "=" + r.getAs(f.name()));
            }
            return String.join(",", values);
        }).sorted().toList();
    }

    @Test
    void teamQueueAndOrganisationTotalsStayExactlyTheSame() {
        assertTrue(totalsBefore.get(Table.GOLD_KPI_TEAM_DAILY).size() >= 2, totalsBefore.toString());
        assertEquals(totalsBefore, totalsAfterForget);
        // the team's 2026-03-10 as before, but for the outbound columns: one call of 60 s then, two of 120 s now
        List<String> columns = java.util.Arrays.asList(wh.table(Table.GOLD_KPI_TEAM_DAILY).drop("_refreshed_at").columns());
        List<String> expected = new ArrayList<>(java.util.Arrays.asList(totalsBefore.get(Table.GOLD_KPI_TEAM_DAILY).get(0)
                .replaceAll("^\\[|\\]$", "").split(", ", -1)));
        assertEquals("1", expected.get(columns.indexOf("outbound_calls")));
        assertEquals("60", expected.get(columns.indexOf("outbound_talk_s")));
        expected.set(columns.indexOf("outbound_calls"), "2");
        expected.set(columns.indexOf("outbound_talk_s"), "120");
        assertEquals(expected.toString(), totalsAfterRedelivery.get(Table.GOLD_KPI_TEAM_DAILY).get(0),
                "2026-03-10 after the files came again: the same, and her new outbound call (60 s) counts for the team");
        assertEquals(totalsBefore.get(Table.GOLD_KPI_QUEUE_DAILY).get(0), totalsAfterRedelivery.get(Table.GOLD_KPI_QUEUE_DAILY).get(0),
                "the queue's 2026-03-10");
    }

    @Test
    void herDayIsTheAnonymousIdsAndTheNextHolderOfHerExtensionKeepsTheirs() {
        assertEquals(herDayBefore, herDayAfterForget);
        assertTrue(herDayBefore.get(0).contains("calls_answered=1,") && herDayBefore.get(0).contains("ring_no_answer=1,")
                && herDayBefore.get(0).contains("csat_good=1,") && herDayBefore.get(0).contains("outbound_calls=1,"), herDayBefore.toString());
        List<Row> hers = wh.sql("select * from gold.kpi_agent_daily where agent_id = '" + anonymous() + "'");
        assertEquals(anonymous(), hers.get(0).getAs("agent_login"));
        assertEquals(List.of(herDayBefore.get(0).replace("outbound_calls=1,outbound_talk_s=60", "outbound_calls=2,outbound_talk_s=120")),
                numbersOf(hers), "after the files came again: her new call is the anonymous id's, nothing else changed");
        assertEquals(List.of("2026-03-12 AGT-NEW 1"), wh.sql("select date_local, agent_id, calls_answered from gold.kpi_agent_daily"
                + " where agent_id like 'AGT-NEW' or date_local = DATE'2026-03-12' and calls_answered > 0").stream()
                .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).toList());
        assertEquals(0L, wh.one("select count(*) from silver.fact_queue_call where agent_id like 'unknown:%'").getLong(0));
    }

    @Test
    void herPersonalGoalStaysWithHerAnonymousDaysAndHerResentGoalIsADuplicate() {
        Row day = wh.one("select goal_scope, goal_set_by, met from gold.kpi_agent_goal_daily where agent_id = '" + anonymous()
                + "' and date_local = DATE'2026-03-10' and kpi = 'calls_answered'");
        assertEquals(List.of("agent", anonymous(), true), List.of(day.getString(0), day.getString(1), day.getBoolean(2)));
        Row log = wh.one("select rows_in, rows_loaded, rows_duplicate from meta.ingest_log where file_name like '%goals-2.csv'");
        assertEquals(List.of(4L, 1L, 3L), List.of(log.getLong(0), log.getLong(1), log.getLong(2)));
        assertEquals(List.of(anonymous()), wh.sql("select distinct goal_set_by from gold.kpi_team_goal_daily where kpi = 'aht_s'"
                + " and date_local = DATE'2026-03-12'").stream().map(r -> r.getString(0)).toList());
    }

    @Test
    void noTableNamesHerAfterTheFilesCameAgain() {
        List<String> found = new ArrayList<>();
        for (Table t : Table.values()) {
            Dataset<Row> df = wh.table(t);
            List<String> textColumns = new ArrayList<>();
            for (StructField f : df.schema().fields()) if (f.dataType().equals(DataTypes.StringType)) textColumns.add("coalesce(`" + f.name() + "`, '')");
            if (textColumns.isEmpty()) continue;
            String all = "lower(concat_ws('|', " + String.join(", ", textColumns) + "))";
            String condition = HER_IDENTIFIERS.stream().map(n -> "instr(" + all + ", '" + n.toLowerCase() + "') > 0").collect(Collectors.joining(" or "));
            long n = df.filter(condition).count();
            if (n > 0) found.add(t.qualifiedName() + ": " + n);
        }
        assertEquals(List.of(), found);
        assertEquals("[2026-03-12]", wh.sql("select distinct to_date(from_utc_timestamp(timestamp_seconds(epoch), 'Europe/Stockholm'))"
                + " from bronze.queue_log where agent = 'PJSIP/7345'").stream().map(r -> r.get(0).toString()).toList().toString(),
                "her member is re-keyed on her days only");
    }

    @Test
    void theFilesThatCameAgainAddUpAndAddNothingOfHers() {
        assertEquals(List.of(
                "cdr Master.csv.1 in=2 loaded=1 duplicate=1 quarantined=0 erased=0",
                "queue_log queue_log.1 in=19 loaded=2 duplicate=16 quarantined=1 erased=0",
                "roster roster-2.csv in=5 loaded=1 duplicate=4 quarantined=0 erased=0"), ingestLogAfterRedelivery);
        assertEquals(0L, wh.one("select count(*) from meta.ingest_log"
                + " where rows_in <> rows_loaded + rows_duplicate + rows_quarantined + rows_erased").getLong(0));
    }

    @Test
    void afterTheVacuumNoFileOfTheWarehouseNamesHer() throws IOException {
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(wh.warehouse().root()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1).toLowerCase();
                for (String id : HER_IDENTIFIERS) if (text.contains(id.toLowerCase())) holding.add(f + " holds " + id);
            }
        }
        assertEquals(List.of(), holding);
    }

    @Test
    void theRegistryKnowsHerOnlyByKeyedHashesAndForgettingAgainChangesNothing() {
        long entries = wh.table(Table.META_ERASED_SUBJECT).count();
        assertEquals("[agent, crm_user, email, extension, login, member, name]", wh.sql("select distinct kind from meta.erased_subject order by kind")
                .stream().map(r -> r.getString(0)).toList().toString());
        Erasure.Report again = new Erasure(wh.warehouse(), wh.pseudonymiser()).forgetAgent(ZELDA.toLowerCase(), ZoneId.of("Europe/Stockholm"));
        assertEquals(0L, again.total());
        assertEquals(entries, wh.table(Table.META_ERASED_SUBJECT).count());
        assertEquals("[2025-01-01..2026-03-12]", wh.sql("select valid_from, valid_to from meta.erased_subject where kind = 'member'").stream()
                .map(r -> r.get(0) + ".." + r.get(1)).toList().toString(), "her member was hers until she left");
    }
}
