package io.indicate.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Airflow's stable REST API v2 ({@code /api/v2}, Airflow 3), the calls the {@code indicate airflow} commands
 * need. Contract for callers:
 * <ul>
 *   <li>Every request carries a JWT: the preset one, or one fetched from {@code POST /auth/token} on first use
 *       (and fetched once more if Airflow answers 401, because tokens expire during a long {@code --wait}).</li>
 *   <li>A 5xx answer, a refused connection or a timeout is retried as {@link RetryPolicy} says; anything else is
 *       answered at once. A trigger that is retried cannot start two runs: the client names the run itself, and
 *       a 409 on a retry means the first attempt got through.</li>
 *   <li>Every failure is an {@link AirflowException} with a one-line message naming what was asked; no message
 *       contains the token or the password.</li>
 * </ul>
 */
public final class AirflowClient {
    private static final String API = "/api/v2";
    private static final int PAGE_SIZE = 100;
    /** Stops paging through a list whose total keeps growing; 50 pages of 100 is far beyond any real list. */
    private static final int MAX_PAGES = 50;

    private final URI baseUrl;
    private final AirflowCredentials credentials;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private String token;

    private AirflowClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.credentials = builder.credentials;
        this.retryPolicy = builder.retryPolicy;
        this.requestTimeout = builder.requestTimeout;
        this.token = credentials.presetToken();
        this.http = HttpClient.newBuilder()
                // HTTP/1.1 only: the JDK's default offers an h2c upgrade on plain http, and Airflow's uvicorn
                // server answers such a request with 400 or reads its body as empty (500 on POST /auth/token)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code baseUrl} is where Airflow's api-server answers, e.g. {@code http://localhost:8080}. */
    public static Builder builder(URI baseUrl, AirflowCredentials credentials) {
        return new Builder(baseUrl, credentials);
    }

    /**
     * Starts a run of {@code dagId} for {@code logicalDate} (its data interval follows from the DAG's timetable)
     * with {@code conf} as the run's configuration ({@code null} for none).
     */
    public DagRun trigger(String dagId, ObjectNode conf, OffsetDateTime logicalDate) {
        String logical = timestamp(logicalDate);
        ObjectNode body = json.createObjectNode()
                // named by the client so that a retried trigger is recognisable (see send and the 409 below)
                .put("dag_run_id", "indicate_manual__" + logical)
                // Airflow 3.0 requires the field (3.1+ accept it); without it a manual run has no data interval
                .put("logical_date", logical);
        body.set("conf", conf == null ? json.createObjectNode() : conf);
        String what = "trigger DAG " + dagId;
        Call call = Call.post(what, dagRunsPath(dagId), body);
        Reply reply = send(call);
        if (reply.status == 409 && reply.attempts > 1) {
            return dagRun(dagId, body.get("dag_run_id").asText());
        }
        return DagRun.fromJson(expectSuccess(call, reply));
    }

    public DagRun dagRun(String dagId, String runId) {
        Call call = Call.get("get run " + runId + " of DAG " + dagId, dagRunsPath(dagId) + "/" + segment(runId), Map.of());
        return DagRun.fromJson(expectSuccess(call, send(call)));
    }

    /** The {@code limit} most recent runs of {@code dagId}, newest first. */
    public List<DagRun> recentDagRuns(String dagId, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(limit));
        query.put("order_by", "-run_after");
        Call call = Call.get("list runs of DAG " + dagId, dagRunsPath(dagId), query);
        List<DagRun> runs = new ArrayList<>();
        expectSuccess(call, send(call)).path("dag_runs").forEach(run -> runs.add(DagRun.fromJson(run)));
        return runs;
    }

    /**
     * Polls the run every {@code pollInterval} until it has finished, calling {@code onChange} whenever its state
     * differs from the last poll; gives up with an {@link AirflowException} after {@code timeout} (the run itself
     * goes on).
     */
    public DagRun awaitCompletion(String dagId, String runId, Duration timeout, Duration pollInterval,
                                  Consumer<DagRun> onChange) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastState = null;
        while (true) {
            DagRun run = dagRun(dagId, runId);
            if (!Objects.equals(run.state(), lastState)) {
                onChange.accept(run);
                lastState = run.state();
            }
            if (run.isFinished()) {
                return run;
            }
            if (System.nanoTime() + pollInterval.toNanos() > deadline) {
                throw new AirflowException("stopped waiting for run " + runId + " of DAG " + dagId + " after "
                        + timeout + ": it is still " + run.state() + " (the run goes on in Airflow)", 0);
            }
            sleep(pollInterval, "waiting for run " + runId + " of DAG " + dagId);
        }
    }

    public Backfill createBackfill(BackfillRequest request) {
        ObjectNode body = json.createObjectNode()
                .put("dag_id", request.dagId())
                .put("from_date", timestamp(request.from()))
                .put("to_date", timestamp(request.to()))
                .put("reprocess_behavior", request.reprocess().name())
                .put("max_active_runs", request.maxActiveRuns())
                .put("run_backwards", false);
        Call call = Call.post("back-fill DAG " + request.dagId() + " from " + request.from() + " to " + request.to(),
                API + "/backfills", body);
        return Backfill.fromJson(expectSuccess(call, send(call)));
    }

    public Backfill backfill(long backfillId) {
        Call call = Call.get("get back-fill " + backfillId, API + "/backfills/" + backfillId, Map.of());
        return Backfill.fromJson(expectSuccess(call, send(call)));
    }

    /**
     * The back-fills of {@code dagId} Airflow has not marked completed: at most one, since Airflow refuses a second
     * while one runs, so the newest page holds it.
     */
    public List<Backfill> runningBackfills(String dagId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("dag_id", dagId);
        query.put("order_by", "-id");
        query.put("limit", Integer.toString(PAGE_SIZE));
        Call call = Call.get("list the back-fills of DAG " + dagId, API + "/backfills", query);
        List<Backfill> running = new ArrayList<>();
        expectSuccess(call, send(call)).path("backfills").forEach(b -> {
            Backfill backfill = Backfill.fromJson(b);
            if (!backfill.isCompleted()) running.add(backfill);
        });
        return running;
    }

    /** The runs {@code backfill} created, oldest logical date first. */
    public List<DagRun> backfillRuns(Backfill backfill) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("run_type", "backfill");
        query.put("logical_date_gte", backfill.fromDate());
        query.put("logical_date_lte", backfill.toDate());
        query.put("order_by", "logical_date");
        query.put("limit", Integer.toString(PAGE_SIZE));
        Call call = Call.get("list the runs of back-fill " + backfill.id() + " of DAG " + backfill.dagId(),
                dagRunsPath(backfill.dagId()), query);
        List<DagRun> runs = new ArrayList<>();
        expectSuccess(call, send(call)).path("dag_runs").forEach(run -> runs.add(DagRun.fromJson(run)));
        return runs;
    }

    /**
     * Whether {@code dagId} is paused. Airflow queues no task of a paused DAG, also not of a manual or back-fill
     * run: such runs wait until the DAG is unpaused.
     */
    public boolean isPaused(String dagId) {
        Call call = Call.get("read DAG " + dagId, API + "/dags/" + segment(dagId), Map.of());
        JsonNode paused = expectSuccess(call, send(call)).path("is_paused");
        if (!paused.isBoolean()) {
            throw failure("cannot " + call.what + ": the answer has no is_paused", 0);
        }
        return paused.asBoolean();
    }

    /** Pauses ({@code true}) or unpauses a DAG; a paused DAG gets no scheduled runs. */
    public void setPaused(String dagId, boolean paused) {
        // no update_mask: is_paused is the only field the body may carry
        Call call = new Call((paused ? "pause" : "unpause") + " DAG " + dagId, "PATCH",
                API + "/dags/" + segment(dagId), Map.of(), json.createObjectNode().put("is_paused", paused), true);
        expectSuccess(call, send(call));
    }

    /** Every DAG file Airflow currently fails to import. */
    public List<DagImportError> importErrors() {
        List<DagImportError> errors = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", Integer.toString(PAGE_SIZE));
            query.put("offset", Integer.toString(page * PAGE_SIZE));
            query.put("order_by", "filename");
            Call call = Call.get("list DAG import errors", API + "/importErrors", query);
            JsonNode answer = expectSuccess(call, send(call));
            JsonNode batch = answer.path("import_errors");
            batch.forEach(error -> errors.add(DagImportError.fromJson(error)));
            if (batch.size() < PAGE_SIZE || errors.size() >= answer.path("total_entries").asLong()) {
                break;
            }
        }
        return errors;
    }

    private static String dagRunsPath(String dagId) {
        return API + "/dags/" + segment(dagId) + "/dagRuns";
    }

    /** One request: {@code what} is how error messages name it ("trigger DAG x"). */
    private record Call(String what, String method, String path, Map<String, String> query, JsonNode body,
                        boolean authenticated) {
        static Call get(String what, String path, Map<String, String> query) {
            return new Call(what, "GET", path, query, null, true);
        }

        static Call post(String what, String path, JsonNode body) {
            return new Call(what, "POST", path, Map.of(), body, true);
        }
    }

    private record Reply(int status, JsonNode body, String rawBody, int attempts) {
    }

    /** Sends {@code call}, retrying 5xx and connection failures; returns the first other answer. */
    private Reply send(Call call) {
        boolean tokenRenewed = false;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request(call), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while trying to " + call.what, 0);
            } catch (IOException e) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw failure("cannot " + call.what + ": no answer from Airflow at " + baseUrl + " after " + attempt
                            + " attempts (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", 0);
                }
                sleep(retryPolicy.backoffAfter(attempt), call.what);
                continue;
            }
            int status = response.statusCode();
            if (status >= 500 && attempt < retryPolicy.maxAttempts()) {
                sleep(retryPolicy.backoffAfter(attempt), call.what);
                continue;
            }
            if (status == 401 && call.authenticated && credentials.exchangesPassword() && !tokenRenewed) {
                tokenRenewed = true;
                token = null;
                attempt--;
                continue;
            }
            return new Reply(status, parse(response.body()), response.body(), attempt);
        }
    }

    private HttpRequest request(Call call) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        call.query.forEach((name, value) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(call.path + query))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (call.authenticated) {
            request.header("Authorization", "Bearer " + currentToken());
        }
        if (call.body == null) {
            return request.method(call.method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json")
                .method(call.method, HttpRequest.BodyPublishers.ofString(call.body.toString())).build();
    }

    private String currentToken() {
        if (token == null) {
            ObjectNode login = json.createObjectNode()
                    .put("username", credentials.username())
                    .put("password", credentials.password());
            // /auth/token belongs to the auth manager (simple, FAB, Keycloak), so it is not in the /api/v2 spec
            Call call = new Call("log in to Airflow as " + credentials.username(), "POST", "/auth/token", Map.of(),
                    login, false);
            String issued = expectSuccess(call, send(call)).path("access_token").asText("");
            if (issued.isEmpty()) {
                throw failure("cannot " + call.what + ": the answer of POST /auth/token has no access_token", 0);
            }
            token = issued;
        }
        return token;
    }

    private JsonNode expectSuccess(Call call, Reply reply) {
        int status = reply.status;
        if (status >= 200 && status < 300) {
            return reply.body;
        }
        String where = "HTTP " + status + " on " + call.method + " " + call.path;
        String detail = detail(reply);
        String message = switch (status) {
            case 401 -> "cannot " + call.what + ": Airflow did not accept the credentials from " + credentials.source()
                    + " (" + where + ")";
            case 403 -> "cannot " + call.what + ": the Airflow user is not allowed to (" + where + ")";
            case 404 -> "cannot " + call.what + ": not found (" + where + ")" + detail;
            default -> "cannot " + call.what + ": " + where
                    + (status >= 500 ? " after " + reply.attempts + " attempts" : "") + detail;
        };
        throw failure(message, status);
    }

    /** Airflow's own explanation ({@code detail}), shortened to one line. */
    private String detail(Reply reply) {
        JsonNode detail = reply.body.path("detail");
        String text = detail.isMissingNode() ? reply.rawBody : detail.isTextual() ? detail.asText() : detail.toString();
        if (text == null || text.isBlank()) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine);
    }

    private AirflowException failure(String message, int status) {
        return new AirflowException(credentials.redact(message, token), status);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            // a proxy in front of Airflow may answer with HTML; the raw text still goes into the error message
            return MissingNode.getInstance();
        }
    }

    private URI resolve(String pathAndQuery) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /** One path segment, percent-encoded; ':' stays as it is (RFC 3986 allows it) so run ids stay readable. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    private static String timestamp(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static void sleep(Duration duration, String what) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException("interrupted while trying to " + what, 0);
        }
    }

    /** Settings of a client; every one has a default except the URL and the credentials. */
    public static final class Builder {
        private final URI baseUrl;
        private final AirflowCredentials credentials;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder(URI baseUrl, AirflowCredentials credentials) {
            String scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("Airflow URL must look like http://host:8080, got " + baseUrl);
            }
            if (baseUrl.getQuery() != null || baseUrl.getUserInfo() != null) {
                throw new IllegalArgumentException("Airflow URL must not carry a query or user info: " + baseUrl.getHost());
            }
            this.baseUrl = baseUrl;
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** How long one request may take before it counts as failed (and is retried). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        public AirflowClient build() {
            return new AirflowClient(this);
        }
    }
}
