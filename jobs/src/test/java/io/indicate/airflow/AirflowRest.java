package io.indicate.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The calls of Airflow's REST API v2 a test needs to set Airflow up and look inside it, beyond what the
 * {@code indicate airflow} commands do: Variables, Connections, runs without a logical date, task instances.
 * Every failure names the call; the password and token never appear in a message.
 */
final class AirflowRest {
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    AirflowRest(URI url, String username, String password) {
        this.url = url;
        Answer login = send("POST", "/auth/token", JSON.createObjectNode().put("username", username).put("password", password), null);
        if (!login.ok()) {
            fail("cannot log in to Airflow at " + url + " as " + username + ": HTTP " + login.status);
        }
        this.token = login.body.path("access_token").asText();
    }

    Answer get(String path) {
        return send("GET", path, null, token);
    }

    JsonNode getOk(String path) {
        return expectOk("GET", path, get(path));
    }

    JsonNode postOk(String path, Object body) {
        return expectOk("POST", path, send("POST", path, body, token));
    }

    JsonNode patchOk(String path, Object body) {
        return expectOk("PATCH", path, send("PATCH", path, body, token));
    }

    void delete(String path) {
        send("DELETE", path, null, token);
    }

    /** The value of Variable {@code key}, or {@code null} when it does not exist. */
    String variable(String key) {
        Answer answer = get("/api/v2/variables/" + key);
        if (answer.status == 404) return null;
        return expectOk("GET", "/api/v2/variables/" + key, answer).path("value").asText();
    }

    /** Sets Variable {@code key}, or deletes it when {@code value} is {@code null}. */
    void setVariable(String key, String value) {
        String path = "/api/v2/variables/" + key;
        if (value == null) {
            delete(path);
        } else if (get(path).status == 404) {
            postOk("/api/v2/variables", Map.of("key", key, "value", value));
        } else {
            patchOk(path, Map.of("key", key, "value", value));
        }
    }

    /** Connection {@code id} as Airflow returns it (the password is not part of it), or {@code null}. */
    JsonNode connection(String id) {
        Answer answer = get("/api/v2/connections/" + id);
        return answer.status == 404 ? null : expectOk("GET", "/api/v2/connections/" + id, answer);
    }

    void putConnection(String id, String type, String login, String password) {
        Map<String, String> body = Map.of("connection_id", id, "conn_type", type, "login", login, "password", password);
        if (connection(id) == null) {
            postOk("/api/v2/connections", body);
        } else {
            patchOk("/api/v2/connections/" + id, body);
        }
    }

    private JsonNode expectOk(String method, String path, Answer answer) {
        if (!answer.ok()) {
            fail(method + " " + path + " answered HTTP " + answer.status + ": " + answer.body.path("detail"));
        }
        return answer.body;
    }

    private Answer send(String method, String path, Object body, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (bearer != null) request.header("Authorization", "Bearer " + bearer);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text));
        } catch (IOException e) {
            return fail("no answer from Airflow at " + url + " to " + method + " " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
