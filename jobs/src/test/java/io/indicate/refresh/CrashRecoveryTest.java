package io.indicate.refresh;

import io.indicate.cli.IndicateCli;
import io.indicate.config.Settings;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.publish.ServingDatabase;
import io.indicate.testing.CliJvm;
import io.indicate.testing.TestWarehouse;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's crash harness: {@code indicate refresh} (ingest, build, check and publish in one process) is killed
 * with SIGKILL at many points, the way the kernel or an operator's {@code kill -9} would, then run again; after
 * the last re-run, the warehouse and the serving database must equal those of a run that was never killed, and
 * every file's counts must still add up ({@code rows_in = loaded + duplicate + quarantined + erased}).
 *
 * <p>The data arrive in two deliveries (day one, then day two with the CDR file grown and a new queue_log file),
 * so both the first load and an incremental cycle are killed. A kill point names a step and the n-th progress
 * line of that step in the running process, plus a delay, so kills land inside the step's work (between a
 * table's data files and its commit, between two tables, inside a publish transaction), not only between lines.
 * Each kill point is a process of its own: the re-run that follows a kill is itself killed at the next point,
 * so recovery is tested from states that earlier recoveries left. Tagged {@code large} (the slow lane, run last by
 * {@code bin/test}); it prints the kill points it survived.
 */
@Tag("large")
class CrashRecoveryTest {
    private static final LocalDate DAY_ONE = LocalDate.parse("2026-03-09");

    /** Kill the process {@code delayMs} after the {@code line}-th progress line of {@code step} (0 = when it starts). */
    record KillPoint(String step, int line, long delayMs) {
        @Override
        public String toString() {
            return step + (line > 0 ? " line " + line : "") + " +" + delayMs + " ms";
        }
    }

    /**
     * Where the kills of each delivery go, in order; each one is a run of its own. Progress lines are printed when
     * something is done, so a step is known from them: after {@code ingest batch} the ingest runs, after {@code
     * build (} the build, after {@code build: done} the check, after {@code check:} the publish (which prints its
     * line only once committed). {@code publish 1 +800 ms} is 800 ms into the publish.
     */
    private static final List<List<KillPoint>> SCHEDULE = List.of(
            List.of(new KillPoint("start", 0, 6_000), // inside the first open: tables being created
                    new KillPoint("ingest", 2, 0),
                    new KillPoint("ingest", 5, 500),
                    new KillPoint("build", 1, 1_500),
                    new KillPoint("build", 14, 700),
                    new KillPoint("publish", 1, 300)),
            List.of(new KillPoint("ingest", 3, 200),
                    new KillPoint("build", 3, 600),
                    new KillPoint("publish", 1, 800)));

    private Path generated;
    private Path landing;

    @Test
    void killedAnywhereInIngestBuildOrPublishARerunGivesTheTablesOfARunThatWasNeverKilled() throws Exception {
        // kept after the run (under target/), so that a failure leaves its warehouses to look at
        Path dir = Path.of("target", "crash-recovery").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        generated = dir.resolve("generated");
        landing = dir.resolve("landing");
        SampleDataGenerator.builder().agents(6).days(2).start(DAY_ONE).seed(11).build().generate(generated);

        try (ServingDatabase cleanDb = servingDatabase(); ServingDatabase crashedDb = servingDatabase()) {
            // the run that is never killed, in this JVM
            Path clean = dir.resolve("clean");
            for (int delivery = 0; delivery < SCHEDULE.size(); delivery++) {
                deliver(delivery);
                assertEquals(0, IndicateCli.run(refreshArguments(clean, cleanDb).toArray(String[]::new)),
                        "the clean run of delivery " + (delivery + 1));
            }
            // the same pseudonyms in both, from the clean run's key
            Path crashed = dir.resolve("crashed");
            Path key = Path.of("_secrets", "pseudonymisation.key");
            if (Files.exists(clean.resolve(key))) { // else both take it from $INDICATE_PSEUDONYM_KEY
                Files.createDirectories(crashed.resolve(key).getParent());
                Files.copy(clean.resolve(key), crashed.resolve(key), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }

            try (Stream<Path> files = Files.walk(landing)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            List<String> survived = new ArrayList<>();
            Map<String, Integer> killsPerStep = new TreeMap<>();
            for (int delivery = 0; delivery < SCHEDULE.size(); delivery++) {
                deliver(delivery);
                for (KillPoint point : SCHEDULE.get(delivery)) {
                    Run run = refresh(crashed, crashedDb, point);
                    if (!run.killed) {
                        assertEquals(0, run.exitCode, "a re-run after a kill:\n" + run.tail());
                        System.out.printf("crash harness: delivery %d, %s not reached, the run ended first%n", delivery + 1, point);
                        continue;
                    }
                    survived.add("delivery " + (delivery + 1) + ": " + point + ", in " + run.stepAtKill + " (after: " + run.lastLine() + ")");
                    killsPerStep.merge(run.stepAtKill, 1, Integer::sum);
                }
                Run last = refresh(crashed, crashedDb, null);
                assertEquals(0, last.exitCode, "the run after the kills of delivery " + (delivery + 1) + ":\n" + last.tail());
            }
            survived.forEach(s -> System.out.println("crash harness: killed " + s));
            System.out.println("crash harness: " + survived.size() + " kill points survived, per step " + killsPerStep);

            TestWarehouse expected = new TestWarehouse(clean, Settings.defaults().with().warehouse(clean.toString()).build());
            TestWarehouse actual = new TestWarehouse(crashed, Settings.defaults().with().warehouse(crashed.toString()).build());
            assertTrue(expected.table(Table.BRONZE_QUEUE_LOG).count() > 0, "the clean warehouse is the one refresh wrote");
            for (TestWarehouse w : List.of(expected, actual)) {
                System.out.println("crash harness: ingest log of " + w.warehouse().root());
                w.sql("select batch_id, source, file_name, bytes_consumed, rows_in, rows_loaded, rows_duplicate, rows_quarantined,"
                        + " rows_erased from meta.ingest_log order by batch_id, source, file_name").forEach(r -> System.out.println("  " + r));
            }
            Set<LocalDate> notCompared = daysOfTheRunsIfTheyDiffer(expected, actual);
            long compared = assertSameWarehouse(expected, actual, notCompared);
            assertSameServing(cleanDb, crashedDb, notCompared);
            for (String step : List.of("ingest", "build", "publish")) {
                assertTrue(killsPerStep.getOrDefault(step, 0) > 0, "at least one kill inside " + step + ": " + killsPerStep);
            }
            System.out.println("crash harness: rows lost 0; " + compared + " bronze rows compared");
        }
    }

    // ---- the two deliveries ----

    /** Delivery 0: the roster, day one's queue_log, CDR lines and CRM pages; delivery 1: day two's, the CDR file grown. */
    private void deliver(int delivery) throws IOException {
        Files.createDirectories(landing.resolve("queue_log"));
        Files.createDirectories(landing.resolve("cdr"));
        Files.createDirectories(landing.resolve("crm"));
        LocalDate day = DAY_ONE.plusDays(delivery);
        if (delivery == 0) {
            Files.copy(generated.resolve("roster.csv"), landing.resolve("roster.csv"));
            Files.copy(generated.resolve("queue_log/queue_log.1"), landing.resolve("queue_log/queue_log.1"));
        } else {
            Files.copy(generated.resolve("queue_log/queue_log"), landing.resolve("queue_log/queue_log"));
        }
        String stamp = day.toString().replace("-", "");
        try (Stream<Path> pages = Files.list(generated.resolve("crm"))) {
            for (Path page : pages.filter(p -> p.getFileName().toString().contains(stamp)).toList()) {
                Files.copy(page, landing.resolve("crm").resolve(page.getFileName()));
            }
        }
        // Asterisk appends to Master.csv: day two's calls arrive as new lines of the same file
        List<String> cdr = Files.readAllLines(generated.resolve("cdr/Master.csv")).stream()
                .filter(l -> l.contains(",\"" + day + " ")).toList();
        assertTrue(!cdr.isEmpty(), "outbound calls on " + day);
        Files.write(landing.resolve("cdr/Master.csv"), cdr, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static ServingDatabase servingDatabase() throws SQLException {
        ServingDatabase db = ServingDatabase.builder().port(0).start();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE indicate_publisher LOGIN PASSWORD '" + System.getenv("INDICATE_SERVING_PASSWORD") + "'");
            s.execute("ALTER SCHEMA serving OWNER TO indicate_publisher");
        }
        return db;
    }

    // ---- one refresh process, maybe killed ----

    private List<String> refreshArguments(Path warehouse, ServingDatabase db) {
        return List.of("refresh",
                "--queue-log", landing.resolve("queue_log").toString(), "--roster", landing.resolve("roster.csv").toString(),
                "--cdr", landing.resolve("cdr").toString(), "--crm", landing.resolve("crm").toString(),
                "--warehouse", warehouse.toString(), "--lock-wait", "0s",
                "--jdbc-url", db.jdbcUrl(), "--user", "indicate_publisher", "--password-env", "INDICATE_SERVING_PASSWORD");
    }

    private static final class Run {
        final List<String> lines = new ArrayList<>();
        int exitCode;
        boolean killed;
        /** The step the last line began ("start" until a line says otherwise: a loaded machine may print none before a kill). */
        String stepAtKill = "start";

        String lastLine() {
            return lines.isEmpty() ? "(no output yet)" : lines.get(lines.size() - 1).strip();
        }

        String tail() {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    /** The step a process is in once it has printed {@code line}, or null when the line does not change it. */
    private static String stepAfter(String line) {
        if (line.startsWith("ingest batch")) return "ingest";
        if (line.startsWith("build: done")) return "check";
        if (line.startsWith("build")) return "build";
        if (line.startsWith("check:")) return "publish";
        if (line.startsWith("publish:") || line.startsWith("refresh:")) return "done";
        return null;
    }

    private Run refresh(Path warehouse, ServingDatabase db, KillPoint kill) throws Exception {
        List<String> command = new ArrayList<>(CliJvm.command(CliJvm.testSized("1g")));
        command.addAll(refreshArguments(warehouse, db));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Run run = new Run();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        Process p = pb.start();
        try {
            Runnable kill9 = () -> {
                if (p.isAlive()) {
                    synchronized (run) {
                        run.killed = true;
                    }
                    p.destroyForcibly(); // SIGKILL
                }
            };
            if (kill != null && kill.step().equals("start")) killer.schedule(kill9, kill.delayMs(), TimeUnit.MILLISECONDS);
            String step = "start";
            Map<String, Integer> linesOfStep = new LinkedHashMap<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (run) {
                        if (run.killed) break;
                        run.lines.add(line);
                        String begins = stepAfter(line);
                        if (begins != null) step = begins;
                        run.stepAtKill = step;
                    }
                    int n = linesOfStep.merge(step, 1, Integer::sum);
                    if (kill != null && kill.step().equals(step) && kill.line() == n) {
                        killer.schedule(kill9, kill.delayMs(), TimeUnit.MILLISECONDS);
                    }
                }
            } catch (IOException e) {
                if (!run.killed) throw new UncheckedIOException(e);
            }
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("refresh did not end in 15 minutes:\n" + run.tail());
            }
            run.exitCode = p.exitValue();
            // the kill may have been scheduled but come too late: the process had already ended by itself
            if (run.killed && run.exitCode != 137) run.killed = false;
        } finally {
            killer.shutdownNow();
            p.destroyForcibly();
        }
        return run;
    }

    // ---- comparing with the run that was never killed ----

    /**
     * The local days the ingest runs themselves ran on, when the clean and the killed runs did not run on the same
     * ones (the test crossed the zone's midnight): a build dates its data-quality rows (and silver.dim_date) by the
     * day each batch ran, so rows on those days differ by when the test ran, not by a kill. Empty otherwise: then every
     * row is compared.
     */
    private static Set<LocalDate> daysOfTheRunsIfTheyDiffer(TestWarehouse expected, TestWarehouse actual) {
        Set<LocalDate> clean = runDays(expected), killed = runDays(actual);
        if (clean.equals(killed)) return Set.of();
        Set<LocalDate> both = new TreeSet<>(clean);
        both.addAll(killed);
        System.out.println("crash harness: the clean run ran on " + clean + ", the killed runs on " + killed
                + ": rows dated on those days are not compared");
        return both;
    }

    private static Set<LocalDate> runDays(TestWarehouse w) {
        Set<LocalDate> days = new TreeSet<>();
        for (Row r : w.sql("select distinct ingested_date_local from meta.ingest_log")) days.add(r.getDate(0).toLocalDate());
        return days;
    }

    /** Every table equal, bronze without the batch columns; returns the bronze rows compared. */
    private static long assertSameWarehouse(TestWarehouse expected, TestWarehouse actual, Set<LocalDate> notCompared) {
        long bronzeRows = 0;
        for (Table t : Table.values()) {
            switch (t.layer()) {
                case BRONZE -> {
                    List<String> rows = rows(expected, t, notCompared, "_ingested_at", "_batch_id");
                    assertEquals(rows, rows(actual, t, notCompared, "_ingested_at", "_batch_id"), "nothing lost or doubled in " + t.qualifiedName());
                    bronzeRows += rows.size();
                }
                case SILVER, GOLD -> assertEquals(rows(expected, t, notCompared, "_refreshed_at"), rows(actual, t, notCompared, "_refreshed_at"),
                        t.qualifiedName());
                case META -> { }
            }
        }
        for (Row r : actual.sql("select file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined, rows_erased from meta.ingest_log")) {
            assertEquals(r.getLong(1), r.getLong(2) + r.getLong(3) + r.getLong(4) + r.getLong(5),
                    "rows_in = loaded + duplicate + quarantined + erased for " + r.getString(0));
        }
        assertEquals(loadedPerSource(expected), loadedPerSource(actual), "the ingest log counts every row loaded once");
        return bronzeRows;
    }

    /** The table's rows as sorted text, without the columns {@code drop}, and without those dated {@code notCompared}. */
    private static List<String> rows(TestWarehouse w, Table t, Set<LocalDate> notCompared, String... drop) {
        Dataset<Row> df = w.table(t);
        if (!notCompared.isEmpty() && Arrays.asList(df.columns()).contains("date_local")) {
            df = df.filter(not(col("date_local").isin(notCompared.stream().map(java.sql.Date::valueOf).toArray())));
        }
        return df.drop(drop).collectAsList().stream()
                .map(r -> Arrays.toString(IntStream.range(0, r.size()).mapToObj(r::get).toArray())).sorted().toList();
    }

    private static List<String> loadedPerSource(TestWarehouse w) {
        return w.sql("select source, sum(rows_in), sum(rows_loaded), sum(rows_quarantined), sum(rows_erased) from meta.ingest_log group by source order by source")
                .stream().map(Row::toString).toList();
    }

    /** Every serving table equal, without the publish log (build ids and times differ by design) and rows dated {@code notCompared}. */
    private static void assertSameServing(ServingDatabase expected, ServingDatabase actual, Set<LocalDate> notCompared) throws SQLException {
        Map<String, List<String>> want = serving(expected, notCompared);
        Map<String, List<String>> got = serving(actual, notCompared);
        assertEquals(want.keySet(), got.keySet(), "the same serving tables");
        assertTrue(want.getOrDefault("kpi_agent_daily", List.of()).size() > 0, "something was published");
        want.forEach((table, rows) -> assertEquals(rows, got.get(table), "serving." + table));
    }

    private static Map<String, List<String>> serving(ServingDatabase db, Set<LocalDate> notCompared) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'serving'"
                    + " AND table_name <> 'publish_log'")) {
                while (rs.next()) names.add(rs.getString(1));
            }
            for (String name : names) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM serving." + name)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String col = md.getColumnName(i).toLowerCase(Locale.ROOT);
                            if (col.startsWith("_") || col.endsWith("published_at")) continue;
                            row.append(col).append('=').append(rs.getString(i)).append(' ');
                        }
                        if (notCompared.stream().noneMatch(d -> row.indexOf("date_local=" + d + " ") >= 0)) rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(name, rows);
            }
        }
        return tables;
    }
}
