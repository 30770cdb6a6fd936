package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static io.indicate.airflow.StubAirflow.detail;
import static io.indicate.airflow.StubAirflow.json;
import static io.indicate.airflow.StubAirflow.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AirflowClientTest {
    private static final String RUNS = "/api/v2/dags/indicate_nightly/dagRuns";
    private static final String RUN = RUNS + "/r1";
    private static final String TOKEN = "tok-9f3b1c77e2";
    private static final String PASSWORD = "pw-5a8d0e41c6";
    /** Short waits so that retry tests take milliseconds, with the same logic as the defaults. */
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20));

    private final StubAirflow airflow = new StubAirflow();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        airflow.close();
    }

    private AirflowClient client(AirflowCredentials credentials) {
        return AirflowClient.builder(airflow.url(), credentials).retryPolicy(FAST).build();
    }

    @Test
    void a503IsRetriedUntilAirflowAnswers() {
        airflow.on("GET", RUN, json(503, "upstream restarting"), json(503, ""), json(200, run("r1", "running")));

        DagRun run = client(AirflowCredentials.token(TOKEN)).dagRun("indicate_nightly", "r1");

        assertEquals("running", run.state());
        assertEquals(3, airflow.requests("GET", RUN).size());
    }

    @Test
    void retriesAreBoundedAndTheErrorSaysWhatWasAsked() {
        airflow.on("GET", RUN, json(500, detail("database is locked")));

        AirflowException e = assertThrows(AirflowException.class,
                () -> client(AirflowCredentials.token(TOKEN)).dagRun("indicate_nightly", "r1"));

        assertEquals(4, airflow.requests("GET", RUN).size());
        assertEquals(500, e.status());
        assertEquals("cannot get run r1 of DAG indicate_nightly: HTTP 500 on GET " + RUN
                + " after 4 attempts: database is locked", e.getMessage());
    }

    @Test
    void anUnreachableAirflowIsRetriedThenReportedWithItsAddress() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        AirflowClient client = AirflowClient.builder(nowhere, AirflowCredentials.token(TOKEN)).retryPolicy(FAST).build();

        AirflowException e = assertThrows(AirflowException.class, () -> client.setPaused("indicate_intraday", true));

        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("cannot pause DAG indicate_intraday: no answer from Airflow at " + nowhere
                + " after 4 attempts (ConnectException"), e.getMessage());
    }

    @Test
    void aRequestThatTakesTooLongTimesOutAndIsRetried() {
        airflow.on("GET", RUN, StubAirflow.slow(Duration.ofSeconds(2), 200, run("r1", "running")),
                json(200, run("r1", "success")));
        AirflowClient client = AirflowClient.builder(airflow.url(), AirflowCredentials.token(TOKEN))
                .retryPolicy(FAST).requestTimeout(Duration.ofMillis(300)).build();

        assertEquals("success", client.dagRun("indicate_nightly", "r1").state());
        assertEquals(2, airflow.requests("GET", RUN).size());
    }

    @Test
    void a401NamesTheCredentialsToCheckAndIsNotRetried() {
        airflow.on("GET", RUN, json(401, detail("Invalid JWT token")));

        AirflowException e = assertThrows(AirflowException.class,
                () -> client(AirflowCredentials.token(TOKEN)).dagRun("indicate_nightly", "r1"));

        assertEquals(1, airflow.requests().size());
        assertEquals("cannot get run r1 of DAG indicate_nightly: Airflow did not accept the credentials from "
                + "AIRFLOW_TOKEN (HTTP 401 on GET " + RUN + ")", e.getMessage());
    }

    @Test
    void a403SaysTheUserMayNotDoWhatWasAsked() {
        airflow.on("PATCH", "/api/v2/dags/indicate_nightly", json(403, detail("Forbidden")));

        AirflowException e = assertThrows(AirflowException.class,
                () -> client(AirflowCredentials.token(TOKEN)).setPaused("indicate_nightly", false));

        assertEquals("cannot unpause DAG indicate_nightly: the Airflow user is not allowed to "
                + "(HTTP 403 on PATCH /api/v2/dags/indicate_nightly)", e.getMessage());
    }

    @Test
    void a404NamesTheMissingDagWithAirflowsOwnWords() {
        airflow.on("POST", "/api/v2/dags/indicate_nighlty/dagRuns",
                json(404, detail("DAG with dag_id: 'indicate_nighlty' not found")));

        AirflowException e = assertThrows(AirflowException.class,
                () -> client(AirflowCredentials.token(TOKEN)).trigger("indicate_nighlty", null, OffsetDateTime.now()));

        assertEquals("cannot trigger DAG indicate_nighlty: not found (HTTP 404 on POST /api/v2/dags/indicate_nighlty/dagRuns)"
                + ": DAG with dag_id: 'indicate_nighlty' not found", e.getMessage());
    }

    @Test
    void theUserNameAndPasswordAreExchangedForATokenOnceAndTheTokenIsSent() throws Exception {
        airflow.on("POST", "/auth/token", json(201, json.createObjectNode().put("access_token", TOKEN).toString()));
        airflow.on("GET", RUN, json(200, run("r1", "queued")));
        AirflowClient client = client(AirflowCredentials.password("ops", PASSWORD));

        client.dagRun("indicate_nightly", "r1");
        client.dagRun("indicate_nightly", "r1");

        List<StubAirflow.Request> logins = airflow.requests("POST", "/auth/token");
        assertEquals(1, logins.size());
        JsonNode login = json.readTree(logins.get(0).body());
        assertEquals(json.createObjectNode().put("username", "ops").put("password", PASSWORD), login);
        airflow.requests("GET", RUN).forEach(r -> assertEquals("Bearer " + TOKEN, r.authorization()));
    }

    @Test
    void anExpiredTokenIsRenewedOnceWithThePassword() {
        airflow.on("POST", "/auth/token", json(201, json.createObjectNode().put("access_token", "old").toString()),
                json(201, json.createObjectNode().put("access_token", "new").toString()));
        airflow.on("GET", RUN, json(200, run("r1", "running")), json(401, detail("Token expired")),
                json(200, run("r1", "success")));
        AirflowClient client = client(AirflowCredentials.password("ops", PASSWORD));

        client.dagRun("indicate_nightly", "r1");
        assertEquals("success", client.dagRun("indicate_nightly", "r1").state());

        assertEquals(2, airflow.requests("POST", "/auth/token").size());
        assertEquals("Bearer new", airflow.requests("GET", RUN).get(2).authorization());
    }

    @Test
    void aWrongPasswordIsReportedAsSuchWithoutShowingIt() {
        airflow.on("POST", "/auth/token", json(401, detail("Invalid credentials")));

        AirflowException e = assertThrows(AirflowException.class,
                () -> client(AirflowCredentials.password("ops", PASSWORD)).dagRun("indicate_nightly", "r1"));

        assertEquals("cannot log in to Airflow as ops: Airflow did not accept the credentials from "
                + "AIRFLOW_USERNAME/AIRFLOW_PASSWORD (HTTP 401 on POST /auth/token)", e.getMessage());
        assertTrue(airflow.requests("GET", RUN).isEmpty());
    }

    @Test
    void secretsEchoedByAServerNeverReachAnErrorMessage() {
        airflow.on("POST", "/auth/token", json(201, json.createObjectNode().put("access_token", TOKEN).toString()));
        airflow.on("GET", RUN, json(400, detail("bad header 'Bearer " + TOKEN + "' for user ops:" + PASSWORD)));

        AirflowException e = assertThrows(AirflowException.class,
                () -> client(AirflowCredentials.password("ops", PASSWORD)).dagRun("indicate_nightly", "r1"));

        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertTrue(e.getMessage().endsWith("bad header 'Bearer ***' for user ops:***"), e.getMessage());
        assertFalse(AirflowCredentials.password("ops", PASSWORD).toString().contains(PASSWORD));
        assertFalse(AirflowCredentials.token(TOKEN).toString().contains(TOKEN));
    }

    @Test
    void aTrivialSecretDoesNotGarbleOrdinaryWords() {
        assertEquals("ConnectException", AirflowCredentials.token("x").redact("ConnectException", null));
        assertEquals("as *** with ***", AirflowCredentials.password("ops", "admin").redact("as admin with tok-123", "tok-123"));
    }

    @Test
    void aTriggerRetriedAfterA5xxDoesNotStartASecondRun() throws Exception {
        airflow.on("POST", RUNS, json(502, "bad gateway"), json(409, detail("run already exists")));
        OffsetDateTime logical = OffsetDateTime.parse("2026-11-27T06:00:00+01:00");
        String runId = "indicate_manual__2026-11-27T05:00:00Z";
        airflow.on("GET", RUNS + "/" + runId, json(200, run(runId, "queued")));

        DagRun run = client(AirflowCredentials.token(TOKEN)).trigger("indicate_nightly", null, logical);

        assertEquals(runId, run.runId());
        List<StubAirflow.Request> posts = airflow.requests("POST", RUNS);
        assertEquals(2, posts.size());
        JsonNode body = json.readTree(posts.get(1).body());
        assertEquals(runId, body.get("dag_run_id").asText());
        assertEquals("2026-11-27T05:00:00Z", body.get("logical_date").asText());
    }

    @Test
    void aConflictOnTheFirstAttemptIsAnError() {
        airflow.on("POST", RUNS, json(409, detail("DAG Run already exists")));

        AirflowException e = assertThrows(AirflowException.class, () -> client(AirflowCredentials.token(TOKEN))
                .trigger("indicate_nightly", null, OffsetDateTime.parse("2026-11-27T06:00:00+01:00")));

        assertEquals(409, e.status());
        assertTrue(e.getMessage().endsWith("DAG Run already exists"), e.getMessage());
    }

    @Test
    void waitingReportsEachNewStateAndEndsWhenTheRunHasFinished() {
        airflow.on("GET", RUN, json(200, run("r1", "queued")), json(200, run("r1", "running")),
                json(200, run("r1", "running")), json(200, run("r1", "failed")));
        List<String> seen = new ArrayList<>();

        DagRun run = client(AirflowCredentials.token(TOKEN)).awaitCompletion("indicate_nightly", "r1",
                Duration.ofSeconds(10), Duration.ofMillis(5), r -> seen.add(r.state()));

        assertEquals("failed", run.state());
        assertEquals(List.of("queued", "running", "failed"), seen);
        assertEquals(4, airflow.requests("GET", RUN).size());
    }

    @Test
    void waitingGivesUpAfterTheTimeoutAndSaysTheRunGoesOn() {
        airflow.on("GET", RUN, json(200, run("r1", "running")));

        AirflowException e = assertThrows(AirflowException.class, () -> client(AirflowCredentials.token(TOKEN))
                .awaitCompletion("indicate_nightly", "r1", Duration.ofMillis(200), Duration.ofMillis(20), r -> { }));

        assertEquals("stopped waiting for run r1 of DAG indicate_nightly after PT0.2S: it is still running "
                + "(the run goes on in Airflow)", e.getMessage());
    }

    @Test
    void importErrorsArePagedUntilAllAreRead() {
        var first = json.createObjectNode().put("total_entries", 101);
        var errors = first.putArray("import_errors");
        for (int i = 0; i < 100; i++) {
            errors.addObject().put("import_error_id", i).put("timestamp", "2026-11-27T05:00:00Z")
                    .put("filename", "/opt/airflow/dags/f" + i + ".py").put("stack_trace", "Traceback\nSyntaxError: x");
        }
        var second = json.createObjectNode().put("total_entries", 101);
        second.putArray("import_errors").addObject().put("import_error_id", 100).put("timestamp", "2026-11-27T05:00:00Z")
                .put("filename", "/opt/airflow/dags/last.py")
                .put("stack_trace", "Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named 'x'\n");
        airflow.on("GET", "/api/v2/importErrors", json(200, first.toString()), json(200, second.toString()));

        List<DagImportError> all = client(AirflowCredentials.token(TOKEN)).importErrors();

        assertEquals(101, all.size());
        assertEquals("ModuleNotFoundError: No module named 'x'", all.get(100).reason());
        assertEquals("offset=100", airflow.requests().get(1).query().split("&")[1]);
    }
}
