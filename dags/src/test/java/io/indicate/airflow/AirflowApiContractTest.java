package io.indicate.airflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every kind of request the client sends, checked against Airflow's published OpenAPI 3.1 document by Prism
 * running as a validating mock: a request that breaks the spec gets HTTP 422 (which the client turns into an
 * exception) and a "Violation" line in Prism's log. The last test sends a request that breaks the spec on
 * purpose and shows both signals fire, so this check can fail.
 *
 * <p>Not covered: {@code POST /auth/token}. It belongs to Airflow's auth manager, not to the /api/v2 document;
 * its body (username, password) is checked in {@link AirflowClientTest} against Airflow's LoginBody.
 *
 * <p>Prism is pinned in tools/prism (install: {@code npm ci --prefix tools/prism}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AirflowApiContractTest {
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Duration LOG_LIMIT = Duration.ofSeconds(5);

    private Process prism;
    private Path log;
    private URI url;
    private AirflowClient client;

    @BeforeAll
    void startPrism() throws Exception {
        Path root = ProjectPaths.repositoryRoot();
        Path binary = root.resolve("tools/prism/node_modules/.bin/prism");
        Path spec = root.resolve("../shared/specs/airflow-rest-api-v2.yaml").normalize();
        if (!Files.isExecutable(binary)) {
            fail("Prism is not installed at " + binary + ": run `npm ci --prefix tools/prism` in " + root);
        }
        if (!Files.isRegularFile(spec)) {
            fail("Airflow's OpenAPI document is missing: expected " + spec + " (../shared/specs from the repository root)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = Files.createTempFile("prism-airflow", ".log");
        prism = new ProcessBuilder(binary.toString(), "mock", "--host", "127.0.0.1", "--port", Integer.toString(port),
                spec.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        url = URI.create("http://127.0.0.1:" + port);
        awaitLog(text -> text.contains("Prism is listening"), STARTUP_LIMIT, "Prism to start");
        // Prism checks that a bearer token is present, not what it is
        client = AirflowClient.builder(url, AirflowCredentials.token("contract-test-token"))
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO))
                .build();
    }

    @AfterAll
    void stopPrism() throws Exception {
        if (prism == null) {
            return;
        }
        prism.descendants().forEach(ProcessHandle::destroy);
        prism.destroy();
        if (!prism.waitFor(5, TimeUnit.SECONDS)) {
            prism.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }

    @Test
    @Order(1)
    void triggerWithConfAndLogicalDate() {
        ObjectNode conf = new ObjectMapper().createObjectNode().put("reason", "contract test");
        client.trigger("indicate_nightly", conf, OffsetDateTime.parse("2026-11-27T00:00:00+01:00"));
    }

    @Test
    @Order(2)
    void getOneRun() {
        client.dagRun("indicate_nightly", "indicate_manual__2026-11-26T23:00:00Z");
    }

    @Test
    @Order(3)
    void listRecentRuns() {
        client.recentDagRuns("indicate_nightly", 10);
    }

    @Test
    @Order(4)
    void createBackfill() {
        client.createBackfill(BackfillRequest.of("indicate_nightly", OffsetDateTime.parse("2026-11-01T00:00:00+01:00"),
                OffsetDateTime.parse("2026-11-07T23:59:59+01:00")).withReprocess(BackfillRequest.Reprocess.failed));
    }

    @Test
    @Order(5)
    void pauseAndUnpause() {
        client.setPaused("indicate_intraday", true);
        client.setPaused("indicate_intraday", false);
    }

    @Test
    @Order(6)
    void listImportErrors() {
        client.importErrors();
    }

    @Test
    @Order(7)
    void readWhetherADagIsPaused() {
        client.isPaused("indicate_nightly");
    }

    @Test
    @Order(8)
    void followABackfill() {
        Backfill backfill = client.backfill(7);
        client.runningBackfills("indicate_nightly");
        client.backfillRuns(new Backfill(7, "indicate_nightly", "2026-10-31T23:00:00Z", "2026-11-02T22:59:59Z",
                "completed", backfill.completedAt()));
    }

    @Test
    @Order(9)
    void prismLoggedNoViolationForAnyOfTheClientsRequests() throws Exception {
        String text = awaitLog(AirflowApiContractTest::everyRequestAnswered, LOG_LIMIT, "Prism to log every answer");
        assertEquals(11, count(text, "Request received"), "requests Prism saw:\n" + text);
        assertEquals(List.of(), violations(text));
    }

    @Test
    @Order(10)
    void aRequestThatBreaksTheSpecIsCaught() throws Exception {
        long before = Files.size(log);
        String wrongBody = new ObjectMapper().createObjectNode()
                .put("logical_date", "yesterday")
                .put("dag_run_ide", "typo").toString();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        url.resolve("/api/v2/dags/indicate_nightly/dagRuns"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer contract-test-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(wrongBody)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(422, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("sl-violations").orElse("").contains("dag_run_ide"));
        String text = awaitLog(t -> t.length() > before && !violations(t.substring((int) before)).isEmpty(),
                LOG_LIMIT, "Prism to log the violation");
        assertFalse(violations(text.substring((int) before)).isEmpty());
    }

    private static boolean everyRequestAnswered(String text) {
        return count(text, "Request received") == count(text, "Responding with \"");
    }

    private static List<String> violations(String text) {
        return text.lines().filter(line -> line.contains("Violation")).toList();
    }

    private static int count(String text, String needle) {
        return (int) text.lines().filter(line -> line.contains(needle)).count();
    }

    /** Waits (bounded) until Prism's log satisfies {@code ready}; fails with the log if Prism died or took too long. */
    private String awaitLog(Predicate<String> ready, Duration limit, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (ready.test(text)) {
                return text;
            }
            if (!prism.isAlive()) {
                fail("Prism exited with code " + prism.exitValue() + " while waiting for " + what + ":\n" + text);
            }
            if (System.nanoTime() > deadline) {
                fail("gave up after " + limit + " waiting for " + what + ":\n" + text);
            }
            Thread.sleep(50);
        }
    }
}
