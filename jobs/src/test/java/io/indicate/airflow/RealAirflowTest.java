package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.publish.ServingDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The DAGs in the real Airflow that {@code bin/stack up airflow} runs, driven through {@code bin/indicate airflow}
 * (and Airflow's REST API where the CLI has no command). Airflow is found through {@code .stack/airflow/url} and
 * {@code .stack/airflow/admin.password}, or {@code AIRFLOW_URL}, {@code AIRFLOW_USERNAME}, {@code AIRFLOW_PASSWORD};
 * when it does not answer, every test fails saying so.
 *
 * <p>The tasks run {@code bin/indicate} on a tiny warehouse of this test: the test points the DAGs' Variables and
 * the {@code indicate_serving} Connection at its own landing folder, warehouse and embedded PostgreSQL, and puts
 * back what was there (and the DAGs' paused state) afterwards. Each task starts a JVM with Spark, so the test
 * runs few of them and lets waits overlap: the failing run is started before the back-fill and checked after it.
 * The digest DAG sends to a GreenMail SMTP server the test starts (Variable {@code indicate_smtp_url}, no login).
 */
@Tag("real-airflow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealAirflowTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-03-09");
    /** Slices are named by their UTC start; landed are those up to this one, 09:15 local on the second day. */
    private static final String LAST_LANDED_SLICE = "queue_log.20260310T0800";
    private static final DateTimeFormatter SLICE_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");
    private static final Instant LANDED_UNTIL = Instant.parse("2026-03-10T08:15:00Z");
    private static final String INTRADAY = "indicate_intraday";
    private static final String NIGHTLY = "indicate_nightly";
    private static final String DIGEST = "indicate_digest";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    /**
     * The intraday run's warm window in the test: the next cycle must start within it once the first has published.
     * That first cycle (a cold JVM's first load) took 60 s here with nothing else running; in bin/test, beside the
     * main run, the whole intraday test took 223 s with one cycle per run.
     */
    private static final String WARM_WINDOW = "5m";
    private static final List<String> VARIABLES = List.of("indicate_launcher", "indicate_config",
            "indicate_landing_queue_log", "indicate_landing_cdr", "indicate_landing_crm", "indicate_roster",
            "indicate_goals", "indicate_serving_jdbc_url", "indicate_smtp_url", "indicate_digest_from", "indicate_dashboard_url",
            "indicate_refresh_window", "indicate_refresh_every");

    private final Path root = DagTemplates.dagsFolder().getParent();
    private URI url;
    private String username;
    private String password;
    private AirflowRest rest;
    private ServingDatabase db;
    private Path dir;
    private final Map<String, String> savedVariables = new LinkedHashMap<>();
    private final Map<String, Boolean> savedPaused = new LinkedHashMap<>();
    private JsonNode savedServingConnection;
    private JsonNode savedSmtpConnection;
    /** The mail server the digest task sends to. */
    private GreenMail smtp;
    private String failingRunId;
    /** Scheduled runs marked failed and not deleted yet, by path, with when they were marked. */
    private final Map<String, Long> markedFailed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduledRunsStopper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fail-scheduled-runs");
        thread.setDaemon(true);
        return thread;
    });

    @BeforeAll
    void pointTheDagsAtATinyWarehouse(@TempDir Path dir) throws Exception {
        this.dir = dir;
        findAirflow();
        rest = new AirflowRest(url, username, password);
        awaitDagsParsed();
        for (String key : VARIABLES) savedVariables.put(key, rest.variable(key));
        for (String dag : List.of(INTRADAY, NIGHTLY, DIGEST)) {
            savedPaused.put(dag, rest.getOk("/api/v2/dags/" + dag).path("is_paused").asBoolean());
            rest.patchOk("/api/v2/dags/" + dag, Map.of("is_paused", true));
            // a run left unfinished (an interrupted earlier test) would hold the DAG's one active run slot
            failUnfinishedRuns(dag);
        }
        // Unpausing a DAG makes the scheduler create the run of its latest schedule point, and intraday gets one
        // every 15 minutes; each would run every task once more (minutes of Spark on a busy machine) and hold the
        // DAG's one active-run slot (and an intraday one would do the publishing the triggered run is checked for).
        // They are not what this test checks, so they are removed as they appear: marked failed, which stops
        // their task, and deleted some seconds later (a failed run left behind would be the "latest finished
        // run" that `status` reports). Not deleted at once: Airflow answers 409 to deleting a queued or running
        // run, and the scheduler of Airflow 3.3.2 exits (ObjectDeletedError) when a run it is scheduling is deleted
        // under it, which a delete right after the state change did.
        scheduledRunsStopper.scheduleWithFixedDelay(() -> {
            markedFailed.forEach((path, since) -> {
                if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(10)) {
                    try {
                        rest.delete(path);
                        markedFailed.remove(path);
                    } catch (Throwable e) {
                        // tried again next round
                    }
                }
            });
            for (String dag : List.of(INTRADAY, NIGHTLY, DIGEST)) {
                try {
                    JsonNode runs = rest.getOk("/api/v2/dags/" + dag + "/dagRuns?state=queued&state=running&run_type=scheduled&limit=100");
                    runs.path("dag_runs").forEach(run -> {
                        String path = "/api/v2/dags/" + dag + "/dagRuns/" + run.path("dag_run_id").asText();
                        rest.patchOk(path, Map.of("state", "failed"));
                        markedFailed.putIfAbsent(path, System.nanoTime());
                    });
                } catch (Throwable e) {
                    // the next round tries again; the test's own assertions report a broken Airflow
                }
            }
        }, 0, 2, TimeUnit.SECONDS);
        savedServingConnection = rest.connection("indicate_serving");
        savedSmtpConnection = rest.connection("indicate_smtp");

        Path generated = dir.resolve("generated");
        SampleDataGenerator.builder().agents(3).days(2).start(FIRST_DAY).seed(11).zone(ZONE).sliceMinutes(15)
                .build().generate(generated);
        // two files, as Asterisk rotates them (ingest costs seconds per file): the first day, and the second
        // up to the last landed slice
        Path landing = Files.createDirectories(dir.resolve("landing/queue_log"));
        try (Stream<Path> slices = Files.list(generated.resolve("queue_log"))) {
            for (Path slice : slices.sorted().filter(p -> p.getFileName().toString().compareTo(LAST_LANDED_SLICE) <= 0).toList()) {
                boolean firstDay = slice.getFileName().toString().compareTo("queue_log." + FIRST_DAY.plusDays(1)
                        .atStartOfDay(ZONE).withZoneSameInstant(ZoneOffset.UTC).format(SLICE_NAME)) < 0;
                Files.write(landing.resolve(firstDay ? "queue_log.1" : "queue_log"), Files.readAllBytes(slice),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        Files.createDirectories(dir.resolve("landing/cdr"));
        Files.createDirectories(dir.resolve("landing/crm"));
        Path config = Files.writeString(dir.resolve("indicate.yaml"),
                "warehouse: " + dir.resolve("warehouse") + "\ntimezone: " + ZONE + "\n");

        String publisherPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        db = ServingDatabase.builder().port(0).start();
        db.createPublisher("indicate_publisher", publisherPassword);

        rest.setVariable("indicate_launcher", root.resolve("bin/indicate").toString());
        rest.setVariable("indicate_config", config.toString());
        rest.setVariable("indicate_landing_queue_log", landing.toString());
        rest.setVariable("indicate_landing_cdr", dir.resolve("landing/cdr").toString());
        rest.setVariable("indicate_landing_crm", dir.resolve("landing/crm").toString());
        rest.setVariable("indicate_roster", generated.resolve("roster.csv").toString());
        rest.setVariable("indicate_goals", generated.resolve("goals.csv").toString());
        rest.setVariable("indicate_serving_jdbc_url", db.jdbcUrl());
        rest.putConnection("indicate_serving", "postgres", "indicate_publisher", publisherPassword);
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        rest.setVariable("indicate_smtp_url", "smtp://127.0.0.1:" + smtp.getSmtp().getPort());
        rest.setVariable("indicate_digest_from", "indicate@example.test");
        rest.setVariable("indicate_dashboard_url", "https://insights.example.test");
        rest.putConnection("indicate_smtp", "generic", "", "");
        // the tasks start bin/indicate: build now if needed, not inside the first task
        Cli help = indicate(Duration.ofMinutes(10), "--help");
        assertEquals(0, help.exit, "bin/indicate --help: " + help.err);
    }

    @AfterAll
    void putAirflowBack() {
        scheduledRunsStopper.shutdownNow();
        if (rest != null) {
            // what is still running works on this test's folders, which are about to go
            failUnfinishedRuns(INTRADAY);
            failUnfinishedRuns(NIGHTLY);
            failUnfinishedRuns(DIGEST);
            savedVariables.forEach(rest::setVariable);
            savedPaused.forEach((dag, paused) -> rest.patchOk("/api/v2/dags/" + dag, Map.of("is_paused", paused)));
            putBack("indicate_serving", savedServingConnection);
            putBack("indicate_smtp", savedSmtpConnection);
        }
        if (smtp != null) smtp.stop();
        if (db != null) db.close();
    }

    @Test
    @Order(1)
    void everyDagFileImportsWithoutErrors() {
        Cli result = indicate("airflow", "import-errors");

        assertEquals(0, result.exit, result.err);
        assertEquals("no DAG import errors", result.out.strip());
    }

    @Test
    @Order(2)
    void aPausedDagStartsNothingAndOnceUnpausedAnIntradayRunKeepsFoldingInWhatLandsDuringItsWarmWindow() throws Exception {
        // a warm window (the deployed default): the run's first cycle publishes what had landed, then, in the same
        // JVM, the cycles every few seconds fold in the slices landed while the run was going
        rest.setVariable("indicate_refresh_window", WARM_WINDOW);
        rest.setVariable("indicate_refresh_every", "5s");
        try {
            assertEquals(0, indicate("airflow", "pause", INTRADAY).exit);
            assertTrue(rest.getOk("/api/v2/dags/" + INTRADAY).path("is_paused").asBoolean());
            assertFalse(servingHasTable("kpi_queue_interval"), "nothing is published before the run");

            String runId = triggeredRun(indicate("airflow", "trigger", INTRADAY));
            Thread.sleep(8_000);
            assertEquals("queued", runState(INTRADAY, runId), "a run of a paused DAG waits");
            assertEquals(0, indicate("airflow", "unpause", INTRADAY).exit);
            assertFalse(rest.getOk("/api/v2/dags/" + INTRADAY).path("is_paused").asBoolean());

            // the first cycle: the second day's intervals up to the last landed slice, nothing after it
            Instant first = awaitPublishedInterval(INTRADAY, runId, LANDED_UNTIL.minus(Duration.ofMinutes(30)));
            assertTrue(first.isBefore(LANDED_UNTIL), "nothing after the landed files: " + first);
            assertEquals("running", runState(INTRADAY, runId), "the run's window is still open after its first cycle ("
                    + WARM_WINDOW + "; a first cycle slower than that leaves no time to land a slice in it)");

            // the next two slices land in the live file, as Asterisk appends to it
            for (int slice = 0; slice < 2; slice++) {
                Path next = dir.resolve("generated/queue_log/queue_log." + LANDED_UNTIL.plus(Duration.ofMinutes(15L * slice))
                        .atZone(ZoneOffset.UTC).format(SLICE_NAME));
                Files.write(dir.resolve("landing/queue_log/queue_log"), Files.readAllBytes(next), StandardOpenOption.APPEND);
            }
            long landed = System.nanoTime();
            Instant latest = awaitPublishedInterval(INTRADAY, runId, LANDED_UNTIL);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - landed);
            System.out.println("RealAirflowTest: the slices landed during the warm window were in serving after " + seconds + " s");
            assertFalse(latest.isBefore(LANDED_UNTIL), "the slices landed during the run are published: latest " + latest);

            assertEquals("success", awaitRun(INTRADAY, runId), "run " + runId + " ends by itself when its window has passed");
            Cli status = indicate("airflow", "status", INTRADAY, "--run", runId);
            assertEquals(0, status.exit, status.err);
            assertTrue(status.out.contains(runId) && status.out.contains("success"), status.out);
        } finally {
            // the later runs (a failing one, the back-fills) are one cycle each
            rest.setVariable("indicate_refresh_window", "0");
        }
    }

    /**
     * Waits while run {@code runId} of {@code dag} is running until serving's latest published interval of the second
     * day starts at or after {@code atLeast}, and returns it; fails when the run ends first (only that run publishes).
     */
    private Instant awaitPublishedInterval(String dag, String runId, Instant atLeast) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (true) {
            Instant latest = latestPublishedInterval();
            if (latest != null && !latest.isBefore(atLeast)) return latest;
            String state = runState(dag, runId);
            if (!state.equals("queued") && !state.equals("running")) {
                fail("run " + runId + " ended (" + state + ") before an interval from " + atLeast + " was published: latest " + latest);
            }
            if (System.nanoTime() > deadline) fail("no interval from " + atLeast + " published after " + RUN_TIMEOUT + ": latest " + latest);
            Thread.sleep(1_000);
        }
    }

    /** The start of the latest interval of the second day in serving, or null when there is none (or no table yet). */
    private Instant latestPublishedInterval() throws Exception {
        if (!servingHasTable("kpi_queue_interval")) return null;
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(interval_start_utc) FROM serving.kpi_queue_interval "
                     + "WHERE date_local = DATE '" + FIRST_DAY.plusDays(1) + "'")) {
            rs.next();
            return rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
    }

    @Test
    @Order(3)
    void startARunWhoseLandingFolderIsMissing() throws Exception {
        // its retries wait 30 s and 60 s: started here, checked after the back-fill, so the waits overlap
        rest.setVariable("indicate_landing_queue_log", dir.resolve("landing/unmounted").toString());
        failingRunId = triggeredRun(indicate("airflow", "trigger", INTRADAY));
    }

    @Test
    @Order(4)
    void aBackfillOfTwoDaysRunsTheNightlyDagForEachDay() {
        assertEquals(0, indicate("airflow", "unpause", NIGHTLY).exit);

        // ten tasks, each a JVM with Spark; on a busy 2-core machine one nightly run took 27 minutes
        Duration limit = RUN_TIMEOUT.multipliedBy(3);
        Cli backfill = indicate(limit.plusMinutes(1), "airflow", "backfill", NIGHTLY,
                "--from", FIRST_DAY.toString(), "--to", FIRST_DAY.plusDays(1).toString(), "--timezone", ZONE.toString(),
                "--wait", "--poll-interval", "5s", "--wait-timeout", limit.toMinutes() + "m");

        assertEquals(0, backfill.exit, backfill.out + backfill.err);
        List<String> runs = backfill.out.lines().filter(l -> l.startsWith("run ")).toList();
        assertEquals(2, runs.size(), backfill.out);
        runs.forEach(line -> assertTrue(line.endsWith(" is success"), line));
        JsonNode listed = rest.getOk("/api/v2/dags/" + NIGHTLY + "/dagRuns?run_type=backfill&order_by=logical_date"
                + "&logical_date_gte=" + FIRST_DAY.atStartOfDay(ZONE).toInstant()
                + "&logical_date_lte=" + FIRST_DAY.plusDays(2).atStartOfDay(ZONE).toInstant().minusSeconds(1));
        List<LocalDate> days = new ArrayList<>();
        listed.path("dag_runs").forEach(run -> days.add(Instant.parse(run.path("data_interval_start").asText()).atZone(ZONE).toLocalDate()));
        assertEquals(List.of(FIRST_DAY, FIRST_DAY.plusDays(1)), days, "one run per local day");
    }

    @Test
    @Order(5)
    void aDigestRunWaitsForTheNightlyRunOfItsDayThenMailsEachPersonOnce() throws Exception {
        assertEquals(0, indicate("airflow", "unpause", DIGEST).exit);
        LocalDate day = FIRST_DAY.plusDays(1);
        List<String> addresses = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            // the run whose data interval starts at 06:30 on the day: it waits for the back-filled nightly run of the day
            Cli backfill = indicate(RUN_TIMEOUT.plusMinutes(1), "airflow", "backfill", DIGEST, "--from", day.toString(),
                    "--to", day.toString(), "--timezone", ZONE.toString(), "--wait", "--poll-interval", "5s",
                    "--wait-timeout", RUN_TIMEOUT.toMinutes() + "m");
            assertEquals(0, backfill.exit, "digest run " + run + ": " + backfill.out + backfill.err);
            List<String> received = new ArrayList<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                assertTrue(m.getSubject().contains(day.toString()), "a mail about " + day + ": " + m.getSubject());
                received.add(m.getAllRecipients()[0].toString());
            }
            if (run == 1) {
                addresses.addAll(received);
                assertFalse(addresses.isEmpty(), "the roster's people were mailed");
                assertEquals(addresses.stream().distinct().toList(), addresses, "one mail each");
            } else {
                assertEquals(addresses, received, "the same day again mails nobody again");
            }
        }
    }

    @Test
    @Order(6)
    void aFailingTaskFailsTheRunAndStatusExitsOne() throws Exception {
        assertEquals("failed", awaitRun(INTRADAY, failingRunId));
        JsonNode refresh = rest.getOk("/api/v2/dags/" + INTRADAY + "/dagRuns/" + failingRunId + "/taskInstances/refresh");
        assertEquals("failed", refresh.path("state").asText());
        assertEquals(3, refresh.path("try_number").asInt(), "refresh was tried three times (two retries)");

        // the run itself, named: failed, exit 1
        Cli run = indicate("airflow", "status", INTRADAY, "--run", failingRunId);
        assertEquals(1, run.exit, run.out);
        assertTrue(run.err.contains(failingRunId) && run.err.contains("failed"), run.err);
        // the DAG's latest finished run: the failing one, or a scheduled run the stopper marked failed after it
        // (a new 15-minute schedule point can appear at any moment; seen in a fresh-clone bin/test): failed either way
        awaitScheduledRunsRemoved(INTRADAY);
        Cli status = indicate("airflow", "status", INTRADAY);
        assertEquals(1, status.exit, status.out);
        assertTrue(status.err.contains("the latest finished run") && status.err.contains(", failed;"), status.err);
    }

    @Test
    @Order(7)
    void aNightlyRunWithoutALogicalDateSettlesTheDayBeforeItStarted() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", "test_without_logical_date__" + System.currentTimeMillis());
        body.put("logical_date", null);
        JsonNode run = rest.postOk("/api/v2/dags/" + NIGHTLY + "/dagRuns", body);
        String runId = run.path("dag_run_id").asText();
        assertTrue(run.path("data_interval_start").isNull(), "no data interval: " + run);
        LocalDate expected = Instant.parse(run.path("run_after").asText()).atZone(ZONE).toLocalDate().minusDays(1);

        // the task renders its command before it starts the CLI; what the CLI then does, the back-fill showed
        String path = "/api/v2/dags/" + NIGHTLY + "/dagRuns/" + runId + "/taskInstances/build";
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        JsonNode build = rest.getOk(path);
        while (build.path("rendered_fields").path("bash_command").asText("").isEmpty()
                && !List.of("success", "failed", "up_for_retry").contains(build.path("state").asText())) {
            if (System.nanoTime() > deadline) fail("build of run " + runId + " did not start: " + build.path("state"));
            Thread.sleep(2_000);
            build = rest.getOk(path);
        }
        rest.patchOk("/api/v2/dags/" + NIGHTLY + "/dagRuns/" + runId, Map.of("state", "failed"));

        String command = build.path("rendered_fields").path("bash_command").asText();
        assertTrue(command.contains("build --config ") && command.contains("--from '" + expected + "' --to '" + expected + "'"),
                "build of a run without a logical date: " + build);
    }

    @Test
    @Order(8)
    void whenAirflowDoesNotAnswerTheCliSaysSoInOneLineAndExitsOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli result = indicate(Duration.ofMinutes(1), List.of("airflow", "status", INTRADAY, "--timeout", "2s"),
                "http://127.0.0.1:" + closedPort);

        assertEquals(1, result.exit);
        List<String> lines = result.err.lines().toList();
        assertEquals(1, lines.size(), result.err);
        assertTrue(lines.get(0).contains("no answer from Airflow at http://127.0.0.1:" + closedPort), lines.get(0));
        assertFalse(result.err.contains(password), "the password is never printed");
    }

    // ---------------------------------------------------------------------------------------------------------

    private void findAirflow() throws IOException {
        Path stack = root.resolve(".stack/airflow");
        String envUrl = System.getenv("AIRFLOW_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            url = URI.create(envUrl.strip());
        } else if (Files.isRegularFile(stack.resolve("url"))) {
            url = URI.create(Files.readString(stack.resolve("url")).strip());
        } else {
            fail("no Airflow to test against: start it with `bin/stack up airflow` (it writes " + stack.resolve("url")
                    + ") or set AIRFLOW_URL");
        }
        username = System.getenv().getOrDefault("AIRFLOW_USERNAME", "admin");
        password = System.getenv("AIRFLOW_PASSWORD");
        if (password == null || password.isBlank()) {
            Path file = stack.resolve("admin.password");
            if (!Files.isRegularFile(file)) fail("no Airflow password: set AIRFLOW_PASSWORD or run `bin/stack up airflow`");
            password = Files.readString(file).strip();
        }
        try {
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(url.resolve("/api/v2/monitor/health")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            fail("Airflow is not reachable at " + url + " (" + e + "): start it with `bin/stack up airflow`");
        }
    }

    /** The dag-processor registers the DAGs some seconds after Airflow starts. */
    private void awaitDagsParsed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (String dag : List.of(INTRADAY, NIGHTLY, "indicate_superset_sync", "indicate_digest")) {
            while (rest.get("/api/v2/dags/" + dag).status() == 404) {
                if (System.nanoTime() > deadline) fail("Airflow at " + url + " has no DAG " + dag + " after 90 s: "
                        + "is its DAG folder " + root.resolve("dags") + "?");
                Thread.sleep(2_000);
            }
        }
    }

    /** Puts Connection {@code id} back as it was ({@code saved}), or deletes it when there was none. */
    private void putBack(String id, JsonNode saved) {
        if (saved == null) {
            rest.delete("/api/v2/connections/" + id);
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>(Map.of("connection_id", id, "conn_type", saved.path("conn_type").asText(),
                "login", saved.path("login").asText("")));
        String savedPassword = saved.path("password").asText("");
        // Airflow shows a stored password masked; an empty one (the demo's) can be put back as it was
        if (!savedPassword.contains("***")) fields.put("password", savedPassword);
        rest.patchOk("/api/v2/connections/" + id, fields);
    }

    private void failUnfinishedRuns(String dag) {
        JsonNode runs = rest.getOk("/api/v2/dags/" + dag + "/dagRuns?state=queued&state=running&limit=100");
        runs.path("dag_runs").forEach(run -> rest.patchOk("/api/v2/dags/" + dag + "/dagRuns/" + run.path("dag_run_id").asText(),
                Map.of("state", "failed")));
    }

    private boolean servingHasTable(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM information_schema.tables WHERE table_schema = 'serving' "
                     + "AND table_name = '" + table + "'")) {
            return rs.next();
        }
    }

    /** Waits (up to a minute) until no scheduled run of {@code dag} is queued, running or marked failed and not deleted. */
    private void awaitScheduledRunsRemoved(String dag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            boolean pending = markedFailed.keySet().stream().anyMatch(path -> path.contains("/dags/" + dag + "/"))
                    || rest.getOk("/api/v2/dags/" + dag + "/dagRuns?state=queued&state=running&run_type=scheduled&limit=1")
                    .path("total_entries").asInt() > 0;
            if (!pending) return;
            Thread.sleep(1_000);
        }
        fail("scheduled runs of " + dag + " were still being removed after a minute: " + markedFailed.keySet());
    }

    private String runState(String dag, String runId) {
        return rest.getOk("/api/v2/dags/" + dag + "/dagRuns/" + runId).path("state").asText();
    }

    private String awaitRun(String dag, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        String state = runState(dag, runId);
        while (!state.equals("success") && !state.equals("failed")) {
            if (System.nanoTime() > deadline) fail("run " + runId + " of " + dag + " still " + state + " after " + RUN_TIMEOUT);
            Thread.sleep(3_000);
            state = runState(dag, runId);
        }
        return state;
    }

    private static String triggeredRun(Cli trigger) {
        assertEquals(0, trigger.exit, trigger.err);
        Matcher m = Pattern.compile("triggered \\S+: run (\\S+) \\(").matcher(trigger.out);
        assertTrue(m.find(), trigger.out);
        return m.group(1);
    }

    record Cli(int exit, String out, String err) {
    }

    private Cli indicate(String... args) {
        return indicate(Duration.ofMinutes(2), args);
    }

    private Cli indicate(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        return indicate(timeout, command, args.length > 0 && args[0].equals("airflow") ? url.toString() : null);
    }

    /** {@code bin/indicate ARGS [--url URL]} with the credentials in its environment, as an operator runs it. */
    private Cli indicate(Duration timeout, List<String> args, String airflowUrl) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/indicate").toString());
        command.addAll(args);
        if (airflowUrl != null) command.addAll(List.of("--url", airflowUrl));
        try {
            Path out = Files.createTempFile(dir, "cli", ".out");
            Path err = Files.createTempFile(dir, "cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("AIRFLOW_USERNAME", username);
            builder.environment().put("AIRFLOW_PASSWORD", password);
            builder.environment().remove("AIRFLOW_TOKEN");
            builder.environment().put("INDICATE_TIMEZONE", ZONE.toString());
            builder.environment().put("JAVA_OPTS", "-Xmx256m");
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("bin/indicate " + String.join(" ", args) + " did not finish within " + timeout);
            }
            return new Cli(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("cannot run bin/indicate: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
