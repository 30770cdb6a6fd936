package io.indicate.quality;

import io.indicate.generate.SampleDataGenerator;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks of several days at once name the same failures, on the same days, as the checks of each day alone;
 * a day whose marts were built right passes, and each rule fails exactly the day whose numbers were broken.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataQualityChecksTest {
    private static final LocalDate FIRST = LocalDate.parse("2026-03-09");
    private static final List<LocalDate> DAYS = List.of(FIRST, FIRST.plusDays(1), FIRST.plusDays(2));

    private TestWarehouse wh;
    private LocalDate ingested;

    @BeforeAll
    void buildThreeDays(@TempDir Path dir) throws Exception {
        Path generated = dir.resolve("generated");
        SampleDataGenerator.builder().agents(4).days(DAYS.size()).start(FIRST).seed(5).build().generate(generated);
        wh = new TestWarehouse(dir);
        wh.ingest(generated.resolve("roster.csv"), generated.resolve("queue_log"));
        wh.buildFull();
        ingested = wh.one("select max(ingested_date_local) from meta.ingest_log").getDate(0).toLocalDate();
    }

    private DataQualityChecks checks() {
        return new DataQualityChecks(wh.warehouse(), wh.settings().maxQuarantinePct());
    }

    @Test
    void daysBuiltFromTheirSourcesPassAndABrokenNumberFailsOnlyItsDay() {
        SortedMap<LocalDate, List<String>> clean = checks().run(DAYS);
        assertEquals(DAYS, List.copyOf(clean.keySet()), "every day asked for has an entry");
        clean.forEach((day, failures) -> assertEquals(List.of(), failures, "built from its sources, " + day + " passes"));

        // one broken number per rule, each on a day of its own
        String queue = wh.one("select min(queue) from gold.kpi_queue_daily where date_local = DATE'" + DAYS.get(1) + "'").getString(0);
        wh.sql("delete from gold.kpi_queue_daily where date_local = DATE'" + DAYS.get(1) + "' and queue = '" + queue + "'");
        String team = wh.one("select min(team_id) from gold.kpi_team_daily where date_local = DATE'" + DAYS.get(2) + "'").getString(0);
        wh.sql("update gold.kpi_team_daily set calls_answered = calls_answered + 1 where date_local = DATE'" + DAYS.get(2) + "'"
                + " and team_id = '" + team + "'");
        String file = wh.one("select min(file_name) from meta.ingest_log where source = 'queue_log'").getString(0);
        wh.sql("update meta.ingest_log set rows_loaded = rows_loaded - 1 where source = 'queue_log' and file_name = '" + file + "'");
        List<LocalDate> asked = List.of(DAYS.get(0), DAYS.get(1), DAYS.get(2), ingested);
        SortedMap<LocalDate, List<String>> broken = checks().run(asked);

        assertEquals(List.of(), broken.get(DAYS.get(0)), "the day nothing was changed on still passes");
        List<String> day2 = broken.get(DAYS.get(1));
        assertTrue(day2.stream().anyMatch(f -> f.startsWith("queue ") && f.contains(" kpi_queue_daily offered 0")), day2.toString());
        assertTrue(day2.stream().anyMatch(f -> f.startsWith("org: kpi_org_daily answered ")), "the queues no longer sum to the organisation: " + day2);
        List<String> day3 = broken.get(DAYS.get(2));
        assertEquals(1, day3.size(), day3.toString());
        assertTrue(day3.get(0).startsWith("teams: kpi_team_daily answered "), day3.get(0));
        assertTrue(broken.get(ingested).stream().anyMatch(f -> f.startsWith("ingest: ") && f.contains(" rows but loaded ")),
                "the ingest log of " + ingested + ": " + broken.get(ingested));
        for (LocalDate day : asked) {
            assertEquals(checks().run(day), broken.get(day), "checked alone, " + day + " fails the same way");
        }
    }
}
