package io.indicate.build;

import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import static io.indicate.crm.CrmPages.metric;
import static io.indicate.crm.CrmPages.page;
import static io.indicate.crm.CrmPages.rating;
import static io.indicate.crm.CrmPages.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * An incremental build rewrites only the tables whose inputs brought new data: new queue_log lines leave the
 * CRM facts and the roster dimensions as they were (not one commit), new CRM pages leave the telephony facts;
 * and the tables then equal a full rebuild's.
 */
@WarehouseTest
class PerInputBuildTest {
    /** What the new call changes (no ring went unanswered: silver.fact_ring_no_answer stays empty). */
    private static final List<Table> TELEPHONY = List.of(Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION,
            Table.GOLD_KPI_QUEUE_INTERVAL, Table.GOLD_KPI_QUEUE_DAILY);
    private static final List<Table> CRM = List.of(Table.SILVER_FACT_TICKET, Table.SILVER_FACT_CSAT);
    private static final List<Table> ROSTER = List.of(Table.SILVER_DIM_AGENT, Table.SILVER_DIM_TEAM);

    @Test
    void eachBuildRewritesOnlyWhatItsNewDataFeedsAndEqualsAFullRebuild(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        Ingest ingest = new Ingest(wh.warehouse(), wh.settings(), Progress.silent());
        Path roster = twoDaysBuilt(wh, ingest);

        // new telephony only: a call on the 11th from the caller of the 9th (whose call becomes a repeat contact)
        returningCaller(wh);
        Map<Table, Long> before = versions(wh);
        ingest.run(roster.toString(), wh.folder("ql2").toString(), null, wh.folder("crm1").toString());
        wh.build();
        Map<Table, Long> after = versions(wh);
        for (Table t : CRM) assertEquals(before.get(t), after.get(t), t + " is not rewritten for new queue_log lines");
        for (Table t : ROSTER) assertEquals(before.get(t), after.get(t), t + " is not rewritten without a roster change");
        for (Table t : TELEPHONY) assertNotEquals(before.get(t), after.get(t), t + " takes the new call");
        // the 10th is rebuilt for the session still open at the last build's newest event; the 9th is not
        assertEquals(List.of("2026-03-10", "2026-03-11"), datesWrittenBy(wh, Table.SILVER_FACT_QUEUE_CALL,
                after.get(Table.SILVER_FACT_QUEUE_CALL)), "the first call's facts stay as they were");
        assertEquals(List.of("2026-03-09", "2026-03-10", "2026-03-11"), datesWrittenBy(wh, Table.GOLD_KPI_AGENT_DAILY,
                after.get(Table.GOLD_KPI_AGENT_DAILY)), "the first call's day is counted again, now with a repeat contact");
        assertEquals(1L, wh.one("select repeat_contacts from gold.kpi_agent_daily where date_local = DATE'2026-03-09'").getLong(0));
        // the build log holds, per table, the dates its write replaced (publish copies those): not the build's union
        Map<String, List<String>> logged = lastBuildDatesByTable(wh);
        assertEquals(List.of("2026-03-10", "2026-03-11"), logged.get(Table.SILVER_FACT_QUEUE_CALL.qualifiedName()));
        assertEquals(List.of("2026-03-09", "2026-03-10", "2026-03-11"), logged.get(Table.GOLD_KPI_AGENT_DAILY.qualifiedName()));
        for (Table t : CRM) assertFalse(logged.containsKey(t.qualifiedName()), t + " was not written, so not logged");

        // new CRM pages only: the ticket is rated
        wh.write("crm2", "page-3.json", page("satisfaction_ratings", rating(7, 1, "101", "good", "2026-03-11T11:00:00Z", "2026-03-11T11:00:00Z")));
        before = versions(wh);
        ingest.run(null, wh.folder("ql2").toString(), null, wh.folder("crm2").toString());
        wh.build();
        after = versions(wh);
        for (Table t : TELEPHONY) assertEquals(before.get(t), after.get(t), t + " is not rewritten for new CRM pages");
        assertNotEquals(before.get(Table.SILVER_FACT_CSAT), after.get(Table.SILVER_FACT_CSAT), "the rating is taken");
        assertEquals(1L, wh.one("select csat_good from gold.kpi_agent_daily where date_local = DATE'2026-03-11'").getLong(0));

        assertEqualsAFullRebuild(wh, "the incremental builds equal a full rebuild");
    }

    /**
     * Calls of A1 on the 9th (caller +46705555555) and the 10th, and a solved ticket on the 10th, ingested and built.
     * Returns the roster file.
     */
    private static Path twoDaysBuilt(TestWarehouse wh, Ingest ingest) throws Exception {
        Path roster = rosterOfA1(wh);
        wh.write("crm1", "page-1.json", page("tickets", ticket(1, "101", "solved", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z")));
        wh.write("crm1", "page-2.json", page("ticket_metrics", metric(1, 10, 120, 0, "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z")));
        wh.write("ql1", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-09T08:55:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-09T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-09T09:00:10", "c1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-09T09:01:10", "c1", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1")
                .at("2026-03-10T09:00:00", "c0", "support", "NONE", "ENTERQUEUE", "", "+46709999999", "1")
                .at("2026-03-10T09:00:10", "c0", "support", "PJSIP/201", "CONNECT", "10", "b0", "1")
                .at("2026-03-10T09:01:10", "c0", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1").content());
        ingest.run(roster.toString(), wh.folder("ql1").toString(), null, wh.folder("crm1").toString());
        wh.build();

        return roster;
    }

    /** Folder ql2: a call on the 11th from the caller of the 9th, whose call becomes a repeat contact. */
    private static void returningCaller(TestWarehouse wh) {
        wh.write("ql2", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-11T09:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-11T09:00:05", "c2", "support", "PJSIP/201", "CONNECT", "5", "b2", "1")
                .at("2026-03-11T09:02:05", "c2", "support", "PJSIP/201", "COMPLETEAGENT", "5", "120", "1").content());
    }

    @Test
    void anIntradayBuildLeavesEarlierRepeatContactsOwedUntilABuildWithoutDeferral(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        Ingest ingest = new Ingest(wh.warehouse(), wh.settings(), Progress.silent());
        Path roster = twoDaysBuilt(wh, ingest);
        returningCaller(wh);
        ingest.run(roster.toString(), wh.folder("ql2").toString(), null, null);
        Build build = wh.builder();
        build.run(build.planner().incremental(true));
        long version = wh.warehouse().version(Table.GOLD_KPI_AGENT_DAILY);
        // the 10th and 11th take new data (the session open at the watermark, the new call); the 9th is owed
        assertEquals(List.of("2026-03-10", "2026-03-11"), datesWrittenBy(wh, Table.GOLD_KPI_AGENT_DAILY, version));
        assertEquals(0L, wh.one("select repeat_contacts from gold.kpi_agent_daily where date_local = DATE'2026-03-09'").getLong(0));
        assertEquals(List.of(LocalDate.parse("2026-03-09")), List.copyOf(build.planner().owedRepeatDates()));

        // another deferring cycle without new data changes nothing and keeps what is owed; so does an erasure's build
        build.run(build.planner().incremental(true));
        SortedSet<LocalDate> tenthAndEleventh = new TreeSet<>(List.of(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-11")));
        build.run(new BuildPlan("forget", List.of(), tenthAndEleventh));
        assertEquals(List.of(LocalDate.parse("2026-03-09")), List.copyOf(build.planner().owedRepeatDates()));

        // a build of the 10th and 11th without deferral settles the 9th too, in the marts that count repeats only
        // (the 10th with the 11th: A1's session, logged in on the 9th, is seen from one day before a rebuilt date)
        build.run(build.planner().range(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-11")));
        assertEquals(List.of("2026-03-10", "2026-03-11"), datesWrittenBy(wh, Table.SILVER_FACT_QUEUE_CALL, wh.warehouse().version(Table.SILVER_FACT_QUEUE_CALL)));
        assertEquals(List.of("2026-03-09", "2026-03-10", "2026-03-11"), datesWrittenBy(wh, Table.GOLD_KPI_AGENT_DAILY, wh.warehouse().version(Table.GOLD_KPI_AGENT_DAILY)));
        assertEquals(1L, wh.one("select repeat_contacts from gold.kpi_agent_daily where date_local = DATE'2026-03-09'").getLong(0));
        assertEquals(List.of(), List.copyOf(build.planner().owedRepeatDates()));
        assertEqualsAFullRebuild(wh, "once settled, the tables equal a full rebuild");
    }

    @Test
    void aCycleAfterEverySessionHadEndedRebuildsOnlyTheNewLinesDates(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        Ingest ingest = firstFileBuilt(wh, QueueLogLines.stockholm()
                .at("2026-03-09T08:55:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-09T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-09T09:00:10", "c1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-09T09:01:10", "c1", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1")
                .at("2026-03-09T17:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER"));

        // the next lines come two days later: nothing was open at the last event, so the 9th and 10th stay as built
        wh.write("ql2", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-11T09:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-11T09:05:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-11T09:05:05", "c2", "support", "PJSIP/201", "CONNECT", "5", "b2", "1")
                .at("2026-03-11T09:07:05", "c2", "support", "PJSIP/201", "COMPLETEAGENT", "5", "120", "1").content());
        folderBuilt(wh, ingest, "ql2");
        Map<String, List<String>> logged = lastBuildDatesByTable(wh);
        assertEquals(List.of("2026-03-11"), logged.get(Table.SILVER_FACT_QUEUE_CALL.qualifiedName()));
        assertEquals(List.of("2026-03-11"), logged.get(Table.SILVER_FACT_AGENT_SESSION.qualifiedName()));
        assertEquals(List.of("2026-03-11"), logged.get(Table.GOLD_KPI_AGENT_DAILY.qualifiedName()));

        assertEqualsAFullRebuild(wh, "the incremental builds equal a full rebuild");
    }

    @Test
    void aSessionBegunByTheLastEventIsExtendedOverTheDaysUntilTheNextLines(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        // A1 joins the queue with the newest event of the first file: a session without a segment yet (it is empty)
        Ingest ingest = firstFileBuilt(wh, QueueLogLines.stockholm()
                .at("2026-03-09T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-09T09:00:30", "c1", "support", "NONE", "ABANDON", "1", "1", "30")
                .at("2026-03-09T17:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER"));

        wh.write("ql2", "queue_log", QueueLogLines.stockholm()
                .at("2026-03-11T09:05:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-11T09:05:05", "c2", "support", "PJSIP/201", "CONNECT", "5", "b2", "1")
                .at("2026-03-11T09:07:05", "c2", "support", "PJSIP/201", "COMPLETEAGENT", "5", "120", "1").content());
        folderBuilt(wh, ingest, "ql2");
        assertEquals(List.of("2026-03-09", "2026-03-10", "2026-03-11"),
                lastBuildDatesByTable(wh).get(Table.SILVER_FACT_AGENT_SESSION.qualifiedName()));
        assertEquals(24 * 3600L, wh.one("select sum(seconds) from silver.fact_agent_session where segment = 'logged_in'"
                + " and date_local = DATE'2026-03-10'").getLong(0), "logged in all of the 10th");

        assertEqualsAFullRebuild(wh, "the incremental builds equal a full rebuild");
    }

    @Test
    void aRunOfManyDailyFilesRebuildsTheirDaysAndTheDayACallTheyEndEntered(@TempDir Path dir) throws Exception {
        TestWarehouse wh = new TestWarehouse(dir);
        Ingest ingest = firstFileBuilt(wh, QueueLogLines.stockholm()
                .at("2026-03-02T23:58:00", "c0", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-02T23:58:10", "c0", "support", "PJSIP/201", "CONNECT", "10", "b0", "1"));

        // a back-fill of ten days in ten files, more than the planner writes as comparisons (it joins their spans);
        // the first ends c0, which entered on the 2nd
        int files = 10;
        for (int day = 3; day < 3 + files; day++) {
            QueueLogLines lines = QueueLogLines.stockholm();
            if (day == 3) lines.at("2026-03-03T00:05:00", "c0", "support", "PJSIP/201", "COMPLETECALLER", "10", "410", "1");
            String date = String.format("2026-03-%02d", day);
            wh.write("ql2", "queue_log-" + date, lines
                    .at(date + "T10:00:00", "c" + day, "support", "NONE", "ENTERQUEUE", "", "+4670111110" + (day % 10), "1")
                    .at(date + "T10:00:40", "c" + day, "support", "NONE", "ABANDON", "1", "1", "40").content());
        }
        folderBuilt(wh, ingest, "ql2");
        List<String> expected = new ArrayList<>();
        for (int day = 2; day < 3 + files; day++) expected.add(String.format("2026-03-%02d", day));
        assertEquals(expected, lastBuildDatesByTable(wh).get(Table.SILVER_FACT_QUEUE_CALL.qualifiedName()),
                "the ten days, and the 2nd, where c0 entered");
        assertEquals(410, wh.one("select talk_s from silver.fact_queue_call where callid = 'c0'").getInt(0));

        assertEqualsAFullRebuild(wh, "the incremental builds equal a full rebuild");
    }

    /** The roster of A1 and {@code lines} as folder ql1, ingested and built; returns the ingest for the next files. */
    private static Ingest firstFileBuilt(TestWarehouse wh, QueueLogLines lines) throws Exception {
        Ingest ingest = new Ingest(wh.warehouse(), wh.settings(), Progress.silent());
        wh.write("ql1", "queue_log", lines.content());
        ingest.run(rosterOfA1(wh).toString(), wh.folder("ql1").toString(), null, null);
        wh.build();
        return ingest;
    }

    /** The queue_log files of {@code folder} ingested (no roster or CRM) and built. */
    private static void folderBuilt(TestWarehouse wh, Ingest ingest, String folder) throws Exception {
        ingest.run(null, wh.folder(folder).toString(), null, null);
        wh.build();
    }

    /** The roster of the tests: agent A1 (member PJSIP/201) in team T1 since 2025. */
    private static Path rosterOfA1(TestWarehouse wh) {
        return wh.roster("A1,anna.one,Agent One,a1@example.com,PJSIP/201,101,T1,Team North,lead.one,agent,2025-01-01");
    }

    /** Every silver and gold table as the builds so far left it equals what a full rebuild of the same data gives. */
    private static void assertEqualsAFullRebuild(TestWarehouse wh, String message) {
        Map<Table, List<String>> built = snapshots(wh);
        wh.buildFull();
        assertEquals(built, snapshots(wh), message);
    }

    /** The date partitions commit {@code version} of a table added files to, from its entry in the Delta log. */
    private static List<String> datesWrittenBy(TestWarehouse wh, Table t, long version) {
        String commit = wh.warehouse().location(t) + "/_delta_log/" + String.format("%020d", version) + ".json";
        return wh.sql("select distinct add.partitionValues.date_local from json.`" + commit + "` where add is not null order by 1")
                .stream().map(r -> r.getString(0)).toList();
    }

    /** The last build's {@code dates_by_table} of meta.build_log, dates as text. */
    private static Map<String, List<String>> lastBuildDatesByTable(TestWarehouse wh) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var r : wh.sql("select t, transform(ds, d -> cast(d as string)) from (select explode(dates_by_table) as (t, ds)"
                + " from (select dates_by_table from meta.build_log order by finished_at desc limit 1))")) {
            out.put(r.getString(0), r.<String>getList(1));
        }
        return out;
    }

    private static Map<Table, Long> versions(TestWarehouse wh) {
        Map<Table, Long> out = new LinkedHashMap<>();
        for (Table t : Table.values()) out.put(t, wh.warehouse().version(t));
        return out;
    }

    private static Map<Table, List<String>> snapshots(TestWarehouse wh) {
        Map<Table, List<String>> out = new LinkedHashMap<>();
        for (Table t : Table.values()) {
            if (t.layer() == Table.Layer.SILVER || t.layer() == Table.Layer.GOLD) out.put(t, wh.snapshot(t));
        }
        return out;
    }
}
