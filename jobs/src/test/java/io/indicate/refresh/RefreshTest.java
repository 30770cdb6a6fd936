package io.indicate.refresh;

import io.indicate.cli.IndicateCli;
import io.indicate.config.Settings;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.publish.ServingDatabase;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code indicate refresh} against the separate {@code ingest} and {@code build} calls, over the same
 * 15-minute queue_log slices (plus roster, CDR and CRM files) arriving in three steps: two single refreshes
 * that publish, then {@code refresh --every} that is stopped with SIGTERM after its first cycle, then {@code refresh
 * --every 1s --for 3s} (a scheduler's bounded warm session), which ends by itself. The separate calls start from a
 * copy of the warehouse the first refresh made and fold in the other arrivals.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    /** Slices are named by their UTC start; 08:00 UTC is 09:00 in Stockholm in March. */
    private static final List<String> ARRIVALS = List.of("20260310T0800", "20260310T0815", "20260310T0830", "20260310T0845");

    Path dir;
    Path generated;
    ServingDatabase db;
    TestWarehouse refreshed;
    TestWarehouse separate;
    int everyExitCode = -1;
    int boundedExitCode = -1;
    double boundedSeconds;

    @BeforeAll
    void refreshAndIngestBuildTheSameArrivals(@TempDir Path dir) throws Exception {
        this.dir = dir;
        generated = dir.resolve("generated");
        SampleDataGenerator.builder().agents(6).days(1).start(LocalDate.parse("2026-03-10")).seed(7).zone(ZONE)
                .sliceMinutes(15).build().generate(generated);
        db = ServingDatabase.builder().port(0).start();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE indicate_publisher LOGIN PASSWORD '" + System.getenv("INDICATE_SERVING_PASSWORD") + "'");
            s.execute("ALTER SCHEMA serving OWNER TO indicate_publisher");
        }
        for (String arrival : ARRIVALS.subList(0, 2)) {
            land(arrival);
            assertEquals(0, IndicateCli.run(args("refresh", "refreshed", "--jdbc-url", db.jdbcUrl(),
                    "--user", "indicate_publisher", "--password-env", "INDICATE_SERVING_PASSWORD")), "refresh of " + arrival);
            if (arrival.equals(ARRIVALS.get(0))) {
                // both go on from the same warehouse (and so the same pseudonymisation key): what is compared is how
                // each folds in the next arrivals, as a 15-minute cycle does
                copyTree(dir.resolve("refreshed"), dir.resolve("separate"));
                continue;
            }
            assertEquals(0, IndicateCli.run(args("ingest", "separate")), "ingest of " + arrival);
            assertEquals(0, IndicateCli.run(args("build", "separate")), "build of " + arrival);
        }

        land(ARRIVALS.get(2));
        refreshed = new TestWarehouse(dir.resolve("refreshed"), settings("refreshed"));
        long builds = refreshed.table(Table.META_BUILD_LOG).count();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread every = new Thread(() -> exit.set(IndicateCli.run(args("refresh", "refreshed", "--every", "2s"))));
        every.start();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (refreshed.table(Table.META_BUILD_LOG).count() == builds && every.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Signal.raise(new Signal("TERM"));
        every.join(600_000);
        assertFalse(every.isAlive(), "refresh --every stops on SIGTERM");
        everyExitCode = exit.get();

        land(ARRIVALS.get(3));
        long t0 = System.nanoTime();
        AtomicInteger boundedExit = new AtomicInteger(-1);
        Thread bounded = new Thread(() -> boundedExit.set(IndicateCli.run(args("refresh", "refreshed", "--every", "1s", "--for", "3s"))));
        bounded.start();
        bounded.join(600_000);
        if (bounded.isAlive()) {
            Signal.raise(new Signal("TERM"));
            bounded.join(600_000);
            fail("refresh --every 1s --for 3s was still running after 10 minutes");
        }
        boundedExitCode = boundedExit.get();
        boundedSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, IndicateCli.run(args("ingest", "separate")));
        assertEquals(0, IndicateCli.run(args("build", "separate")));

        refreshed = new TestWarehouse(dir.resolve("refreshed"), settings("refreshed"));
        separate = new TestWarehouse(dir.resolve("separate"), settings("separate"));
    }

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    @Test
    void refreshGivesTheMartsAndFactsThatSeparateIngestAndBuildCallsGive() {
        List<Table> compared = new ArrayList<>(Table.gold());
        // its ingest rows carry the batch's time, which differs between two runs by design
        compared.remove(Table.GOLD_DATA_QUALITY_DAILY);
        compared.addAll(List.of(Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION, Table.SILVER_FACT_TICKET,
                Table.SILVER_FACT_CSAT, Table.SILVER_FACT_OUTBOUND_CALL, Table.SILVER_DIM_AGENT));
        for (Table t : compared) {
            List<String> expected = separate.snapshot(t);
            assertEquals(expected, refreshed.snapshot(t), t.qualifiedName());
        }
        assertTrue(separate.snapshot(Table.GOLD_KPI_QUEUE_INTERVAL).size() >= 3, "the arrivals hold calls in several intervals");
    }

    @Test
    void refreshEveryStopsCleanlyOnSigtermAfterFoldingInTheNewSlice() {
        assertEquals(0, everyExitCode);
        long lastSliceCalls = refreshed.one("select count(*) from silver.fact_queue_call"
                + " where entered_at_utc >= TIMESTAMP'2026-03-10 08:30:00'").getLong(0);
        assertTrue(lastSliceCalls > 0, "the cycle before the stop built the third slice");
    }

    @Test
    void refreshEveryForAWindowFoldsInWhatLandsThenEndsByItselfWithTheLastCyclesResult() {
        assertEquals(0, boundedExitCode, "the window's last cycle passed its checks");
        long lastSliceCalls = refreshed.one("select count(*) from silver.fact_queue_call"
                + " where entered_at_utc >= TIMESTAMP'2026-03-10 08:45:00'").getLong(0);
        assertTrue(lastSliceCalls > 0, "a cycle of the window built the fourth slice");
        assertTrue(boundedSeconds >= 3, "cycles went on until the 3 s window was over: " + boundedSeconds + " s");
    }

    @Test
    void refreshPublishesTheMartsItBuilt() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM serving.kpi_queue_interval")) {
            rs.next();
            long servingRows = rs.getLong(1);
            assertTrue(servingRows > 0, "something was published");
            // the --every run did not publish: serving holds the two refreshes' intervals, fewer than the marts now
            assertTrue(servingRows < refreshed.snapshot(Table.GOLD_KPI_QUEUE_INTERVAL).size());
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private void land(String arrival) throws Exception {
        Path landing = Files.createDirectories(dir.resolve("landing/queue_log"));
        try (Stream<Path> slices = Files.list(generated.resolve("queue_log"))) {
            for (Path slice : slices.filter(p -> p.getFileName().toString().compareTo("queue_log." + arrival) <= 0).toList()) {
                if (!Files.exists(landing.resolve(slice.getFileName()))) Files.copy(slice, landing.resolve(slice.getFileName()));
            }
        }
    }

    private Settings settings(String warehouse) {
        return Settings.defaults().with().warehouse(dir.resolve(warehouse).resolve("warehouse").toString()).build();
    }

    private String[] args(String command, String warehouse, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--warehouse", settings(warehouse).warehouse()));
        if (!command.equals("build")) {
            a.addAll(List.of("--queue-log", dir.resolve("landing/queue_log").toString(),
                    "--roster", generated.resolve("roster.csv").toString(),
                    "--cdr", generated.resolve("cdr").toString(), "--crm", generated.resolve("crm").toString()));
        }
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }
}
