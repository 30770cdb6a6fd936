package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.indicate.airflow.StubAirflow.detail;
import static io.indicate.airflow.StubAirflow.json;
import static io.indicate.airflow.StubAirflow.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code indicate airflow} commands as a user runs them, against a scripted Airflow. */
class AirflowCommandTest {
    private static final String RUNS = "/api/v2/dags/indicate_nightly/dagRuns";
    private static final String TOKEN = "tok-77c1e0a9b2";
    private static final String PASSWORD = "pw-0b6f5d93ae";

    private static final String NIGHTLY = "/api/v2/dags/indicate_nightly";

    private final StubAirflow airflow = new StubAirflow();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> environment = new HashMap<>(Map.of("AIRFLOW_TOKEN", TOKEN));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        airflow.close();
    }

    /**
     * Runs {@code indicate airflow ARGS}. A failure prints its message and full stack trace, as the main CLI's
     * FailureHandler does with INDICATE_DEBUG set, so the secret checks also cover exception chains.
     */
    private void nightlyIsPaused(boolean paused) {
        airflow.on("GET", NIGHTLY, json(200, "{\"dag_id\": \"indicate_nightly\", \"is_paused\": " + paused + "}"));
    }

    private int airflow(String... args) {
        CommandLine cli = new CommandLine(new AirflowCommand(environment::get))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(e.getMessage());
                    e.printStackTrace(cmd.getErr());
                    return 1;
                });
        return cli.execute(Stream.concat(Stream.of(args), Stream.of("--url", airflow.url().toString()))
                .toArray(String[]::new));
    }

    @Test
    void triggerWaitFollowsTheRunUntilItSucceeds() throws Exception {
        nightlyIsPaused(false);
        airflow.on("POST", RUNS, json(200, run("r1", "queued")));
        airflow.on("GET", RUNS + "/r1", json(200, run("r1", "queued")), json(200, run("r1", "running")),
                json(200, run("r1", "success")));

        int exit = airflow("trigger", "indicate_nightly", "--conf", "{\"reason\": \"late CDR files\"}",
                "--wait", "--poll-interval", "10ms");

        assertEquals(0, exit, err.toString());
        assertEquals(List.of("triggered indicate_nightly: run r1 (queued)", "run r1 is queued", "run r1 is running",
                "run r1 is success"), out.toString().lines().toList());
        JsonNode sent = json.readTree(airflow.requests("POST", RUNS).get(0).body());
        assertEquals(json.createObjectNode().put("reason", "late CDR files"), sent.get("conf"));
    }

    @Test
    void triggerWaitExitsOneWhenTheRunFails() {
        nightlyIsPaused(false);
        airflow.on("POST", RUNS, json(200, run("r1", "queued")));
        airflow.on("GET", RUNS + "/r1", json(200, run("r1", "failed")));

        assertEquals(1, airflow("trigger", "indicate_nightly", "--wait", "--poll-interval", "10ms"));
        assertTrue(err.toString().contains("run r1 of indicate_nightly ended failed"), err.toString());
    }

    @Test
    void triggerWithoutWaitReturnsAtOnce() {
        airflow.on("POST", RUNS, json(200, run("r1", "queued")));

        assertEquals(0, airflow("trigger", "indicate_nightly"));
        assertTrue(airflow.requests("GET", RUNS + "/r1").isEmpty());
    }

    @Test
    void aLogicalDatePicksTheIntervalOfTheRun() throws Exception {
        airflow.on("POST", RUNS, json(200, run("r1", "queued")));

        assertEquals(0, airflow("trigger", "indicate_nightly", "--logical-date", "2026-11-20T00:00:00+01:00"));

        JsonNode sent = json.readTree(airflow.requests("POST", RUNS).get(0).body());
        assertEquals("2026-11-19T23:00:00Z", sent.get("logical_date").asText());
        assertEquals("indicate_manual__2026-11-19T23:00:00Z", sent.get("dag_run_id").asText());
    }

    @Test
    void aConfThatIsNotAJsonObjectIsAUsageError() {
        assertEquals(2, airflow("trigger", "indicate_nightly", "--conf", "[1, 2]"));
        assertTrue(err.toString().contains("--conf must be a JSON object"), err.toString());
        assertEquals(2, airflow("trigger", "indicate_nightly", "--conf", "{oops"));
        assertTrue(err.toString().contains("--conf is not valid JSON"), err.toString());
        assertTrue(airflow.requests().isEmpty());
    }

    @Test
    void missingCredentialsAreAUsageErrorNamingTheVariables() {
        environment.clear();

        assertEquals(2, airflow("pause", "indicate_intraday"));
        assertTrue(err.toString().contains("set AIRFLOW_TOKEN, or AIRFLOW_USERNAME and AIRFLOW_PASSWORD"), err.toString());
    }

    @Test
    void statusListsTheRecentRunsNewestFirst() {
        var page = json.createObjectNode().put("total_entries", 2);
        page.putArray("dag_runs").add(json.valueToTree(Map.of("dag_run_id", "r2", "state", "running")))
                .add(json.valueToTree(Map.of("dag_run_id", "r1", "state", "success")));
        airflow.on("GET", RUNS, json(200, page.toString()));

        assertEquals(0, airflow("status", "indicate_nightly", "--limit", "2"));

        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("r2") && lines.get(0).contains("running"), lines.get(0));
        assertEquals("limit=2&order_by=-run_after", airflow.requests().get(0).query());
    }

    @Test
    void backfillDatesAreWholeLocalDays() throws Exception {
        nightlyIsPaused(false);
        airflow.on("POST", "/api/v2/backfills", json(200, json.createObjectNode().put("id", 7).put("dag_id", "indicate_nightly")
                .put("from_date", "2026-10-31T23:00:00Z").put("to_date", "2026-11-07T22:59:59Z")
                .put("reprocess_behavior", "completed").toString()));

        int exit = airflow("backfill", "indicate_nightly", "--from", "2026-11-01", "--to", "2026-11-07",
                "--timezone", "Europe/Stockholm");

        assertEquals(0, exit, err.toString());
        JsonNode sent = json.readTree(airflow.requests("POST", "/api/v2/backfills").get(0).body());
        assertEquals("2026-10-31T23:00:00Z", sent.get("from_date").asText());
        assertEquals("2026-11-07T22:59:59Z", sent.get("to_date").asText());
        assertEquals("completed", sent.get("reprocess_behavior").asText());
        assertEquals(1, sent.get("max_active_runs").asInt());
        assertTrue(out.toString().startsWith("back-fill 7 of indicate_nightly created"), out.toString());
    }

    @Test
    void aBackfillOfAPausedDagIsRefusedBecauseItsRunsWouldNeverStart() {
        nightlyIsPaused(true);

        assertEquals(1, airflow("backfill", "indicate_nightly", "--from", "2026-11-01", "--to", "2026-11-02"));
        assertTrue(err.toString().contains("the DAG is paused"), err.toString());
        assertTrue(airflow.requests("POST", "/api/v2/backfills").isEmpty());
    }

    @Test
    void backfillWaitReportsEveryRunAndExitsOneWhenOneFailed() {
        nightlyIsPaused(false);
        String backfill = "{\"id\": 7, \"dag_id\": \"indicate_nightly\", \"from_date\": \"2026-10-31T23:00:00Z\", "
                + "\"to_date\": \"2026-11-02T22:59:59Z\", \"reprocess_behavior\": \"completed\", \"completed_at\": %s}";
        airflow.on("POST", "/api/v2/backfills", json(200, backfill.formatted("null")));
        airflow.on("GET", "/api/v2/backfills/7", json(200, backfill.formatted("null")),
                json(200, backfill.formatted("\"2026-11-03T01:00:00Z\"")));
        var page = json.createObjectNode().put("total_entries", 2);
        page.putArray("dag_runs").add(json.valueToTree(Map.of("dag_run_id", "b1", "state", "success")))
                .add(json.valueToTree(Map.of("dag_run_id", "b2", "state", "failed")));
        airflow.on("GET", RUNS, json(200, page.toString()));

        assertEquals(1, airflow("backfill", "indicate_nightly", "--from", "2026-11-01", "--to", "2026-11-02",
                "--timezone", "Europe/Stockholm", "--wait", "--poll-interval", "10ms"));

        assertEquals(2, airflow.requests("GET", "/api/v2/backfills/7").size());
        assertEquals("run_type=backfill&logical_date_gte=2026-10-31T23%3A00%3A00Z&logical_date_lte=2026-11-02T22%3A59%3A59Z"
                + "&order_by=logical_date&limit=100", airflow.requests("GET", RUNS).get(0).query());
        assertTrue(out.toString().contains("run b1 is success") && out.toString().contains("run b2 is failed"), out.toString());
        assertTrue(err.toString().contains("1 of 2 runs of back-fill 7 did not succeed"), err.toString());
    }

    @Test
    void backfillWaitWaitsForTheBackfillAlreadyRunningThenCreatesItsOwn() {
        // Airflow on SQLite answered a POST 503 after committing the back-fill; the client's retry got 409 (RealAirflowTest)
        nightlyIsPaused(false);
        String backfill = "{\"id\": %d, \"dag_id\": \"indicate_nightly\", \"from_date\": \"2026-10-31T23:00:00Z\", "
                + "\"to_date\": \"2026-11-01T22:59:59Z\", \"reprocess_behavior\": \"completed\", \"completed_at\": %s}";
        String done = "\"2026-11-03T01:00:00Z\"";
        airflow.on("POST", "/api/v2/backfills", json(409, "{\"detail\": \"There is already a running backfill for dag indicate_nightly\"}"),
                json(200, backfill.formatted(8, "null")));
        airflow.on("GET", "/api/v2/backfills", json(200, "{\"backfills\": [" + backfill.formatted(7, "null") + "], \"total_entries\": 1}"),
                json(200, "{\"backfills\": [" + backfill.formatted(7, done) + "], \"total_entries\": 1}"));
        airflow.on("GET", "/api/v2/backfills/8", json(200, backfill.formatted(8, done)));
        var page = json.createObjectNode().put("total_entries", 1);
        page.putArray("dag_runs").add(json.valueToTree(Map.of("dag_run_id", "b1", "state", "success")));
        airflow.on("GET", RUNS, json(200, page.toString()));

        assertEquals(0, airflow("backfill", "indicate_nightly", "--from", "2026-11-01", "--to", "2026-11-01",
                "--timezone", "Europe/Stockholm", "--wait", "--poll-interval", "10ms"), err.toString());

        assertEquals(2, airflow.requests("POST", "/api/v2/backfills").size(), "created again once the other had ended");
        assertEquals("dag_id=indicate_nightly&order_by=-id&limit=100", airflow.requests("GET", "/api/v2/backfills").get(0).query());
        assertTrue(out.toString().contains("back-fill 7 of indicate_nightly is running: waiting for it to end"), out.toString());
        assertTrue(out.toString().contains("back-fill 8 of indicate_nightly created") && out.toString().contains("run b1 is success"),
                out.toString());
    }

    @Test
    void backfillWithoutWaitReportsTheBackfillAlreadyRunning() {
        nightlyIsPaused(false);
        airflow.on("POST", "/api/v2/backfills", json(409, "{\"detail\": \"There is already a running backfill for dag indicate_nightly\"}"));

        assertEquals(1, airflow("backfill", "indicate_nightly", "--from", "2026-11-01", "--to", "2026-11-01"));

        assertEquals(1, airflow.requests("POST", "/api/v2/backfills").size());
        assertTrue(err.toString().contains("There is already a running backfill"), err.toString());
    }

    @Test
    void statusExitsOneWhenTheLatestFinishedRunFailed() {
        var page = json.createObjectNode().put("total_entries", 3);
        page.putArray("dag_runs").add(json.valueToTree(Map.of("dag_run_id", "r3", "state", "queued")))
                .add(json.valueToTree(Map.of("dag_run_id", "r2", "state", "failed")))
                .add(json.valueToTree(Map.of("dag_run_id", "r1", "state", "success")));
        airflow.on("GET", RUNS, json(200, page.toString()));

        assertEquals(1, airflow("status", "indicate_nightly"));
        assertTrue(err.toString().contains("the latest finished run, r2 of indicate_nightly, failed"), err.toString());
    }

    @Test
    void triggerWaitOnAPausedDagIsRefusedInsteadOfWaitingForever() {
        nightlyIsPaused(true);

        assertEquals(1, airflow("trigger", "indicate_nightly", "--wait"));
        assertTrue(err.toString().contains("the DAG is paused"), err.toString());
        assertTrue(airflow.requests("POST", RUNS).isEmpty());
    }

    @Test
    void backfillRejectsAnInvertedOrMalformedRange() {
        assertEquals(2, airflow("backfill", "indicate_nightly", "--from", "2026-11-07", "--to", "2026-11-01"));
        assertTrue(err.toString().contains("is after to"), err.toString());
        assertEquals(2, airflow("backfill", "indicate_nightly", "--from", "yesterday", "--to", "2026-11-01"));
        assertTrue(err.toString().contains("--from 'yesterday' is neither a date"), err.toString());
        assertTrue(airflow.requests().isEmpty());
    }

    @Test
    void pauseAndUnpauseSendOnlyIsPaused() throws Exception {
        airflow.on("PATCH", "/api/v2/dags/indicate_intraday", json(200, "{}"));

        assertEquals(0, airflow("pause", "indicate_intraday"));
        assertEquals(0, airflow("unpause", "indicate_intraday"));

        List<StubAirflow.Request> patches = airflow.requests();
        assertEquals(null, patches.get(0).query());
        assertEquals(json.createObjectNode().put("is_paused", true), json.readTree(patches.get(0).body()));
        assertEquals(json.createObjectNode().put("is_paused", false), json.readTree(patches.get(1).body()));
        assertEquals(List.of("paused indicate_intraday", "unpaused indicate_intraday"), out.toString().lines().toList());
    }

    @Test
    void importErrorsExitsOneAndNamesEachBrokenFile() {
        var answer = json.createObjectNode().put("total_entries", 1);
        answer.putArray("import_errors").addObject().put("import_error_id", 1).put("timestamp", "2026-11-27T05:00:00Z")
                .put("filename", "/opt/airflow/dags/indicate_nightly.py")
                .put("stack_trace", "Traceback (most recent call last):\nKeyError: 'indicate_nightly'\n");
        airflow.on("GET", "/api/v2/importErrors", json(200, answer.toString()));

        assertEquals(1, airflow("import-errors"));
        assertTrue(err.toString().startsWith("/opt/airflow/dags/indicate_nightly.py: KeyError: 'indicate_nightly'"),
                err.toString());
    }

    @Test
    void importErrorsExitsZeroWhenEveryDagImports() {
        airflow.on("GET", "/api/v2/importErrors", json(200, "{\"import_errors\": [], \"total_entries\": 0}"));

        assertEquals(0, airflow("import-errors"));
        assertEquals("no DAG import errors", out.toString().strip());
    }

    @Test
    void aFailedRequestExitsOneWithOneLineNamingWhatWasAsked() {
        airflow.on("GET", RUNS + "/nope", json(404, detail("The DagRun with dag_id: `indicate_nightly` and run_id: `nope` was not found")));

        assertEquals(1, airflow("status", "indicate_nightly", "--run", "nope"));
        assertEquals("cannot get run nope of DAG indicate_nightly: not found (HTTP 404 on GET " + RUNS + "/nope): "
                + "The DagRun with dag_id: `indicate_nightly` and run_id: `nope` was not found", err.toString().lines().findFirst().orElse(""));
    }

    @Test
    void neitherTokenNorPasswordIsEverPrinted() {
        nightlyIsPaused(false);
        environment.clear();
        environment.put("AIRFLOW_USERNAME", "ops");
        environment.put("AIRFLOW_PASSWORD", PASSWORD);
        airflow.on("POST", "/auth/token", json(201, json.createObjectNode().put("access_token", TOKEN).toString()));
        airflow.on("POST", RUNS, json(200, run("r1", "queued")));
        airflow.on("GET", RUNS + "/r1", json(400, detail("cannot check Bearer " + TOKEN + " of ops:" + PASSWORD)));
        airflow.on("PATCH", "/api/v2/dags/indicate_nightly", json(401, detail("token " + TOKEN + " expired")));

        airflow("trigger", "indicate_nightly", "--wait", "--poll-interval", "10ms");
        airflow("status", "indicate_nightly", "--run", "r1", "--timeout", "1s");
        airflow("pause", "indicate_nightly");

        String printed = out + "\n" + err;
        assertTrue(printed.contains("HTTP 400"), printed);
        assertTrue(printed.contains("HTTP 401"), printed);
        assertFalse(printed.contains(TOKEN), printed);
        assertFalse(printed.contains(PASSWORD), printed);
    }
}
