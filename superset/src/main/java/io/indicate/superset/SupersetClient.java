package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A session with Superset's REST API: JWT from {@code /api/v1/security/login}, then a CSRF token whose
 * session cookie the client keeps (Superset checks the token against that cookie on every write). Errors
 * name the request and Superset's answer; every secret the client has seen (passwords, tokens) is blanked
 * out of them.
 */
final class SupersetClient {
    private static final int PAGE_SIZE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Set<String> secrets = new HashSet<>();
    private String accessToken;
    private String csrfToken;
    private int writes;

    SupersetClient(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Values to blank out of every error message (e.g. a database password sent in a request body). */
    void treatAsSecret(String value) {
        if (value != null && !value.isEmpty()) secrets.add(value);
    }

    void login(String username, String password) {
        treatAsSecret(password);
        ObjectNode body = JSON.createObjectNode()
                .put("username", username).put("password", password).put("provider", "db").put("refresh", false);
        JsonNode answer = send("POST", "/api/v1/security/login", null, jsonBody(body), "application/json");
        accessToken = answer.path("access_token").asText(null);
        if (accessToken == null) throw new SupersetException("login as " + username + " returned no access_token");
        treatAsSecret(accessToken);
        csrfToken = get("/api/v1/security/csrf_token/").path("result").asText(null);
        if (csrfToken == null) throw new SupersetException("GET /api/v1/security/csrf_token/ returned no token");
        treatAsSecret(csrfToken);
    }

    JsonNode get(String path) {
        return send("GET", path, null, HttpRequest.BodyPublishers.noBody(), null);
    }

    /** Every item of a list endpoint, page by page ({@code q} as JSON, which Flask-AppBuilder accepts beside rison). */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            String q = "{\"page\":" + page + ",\"page_size\":" + PAGE_SIZE + "}";
            JsonNode answer = send("GET", path, q, HttpRequest.BodyPublishers.noBody(), null);
            JsonNode result = answer.path("result");
            result.forEach(items::add);
            int count = answer.path("count").asInt(items.size());
            if (result.size() < PAGE_SIZE || items.size() >= count) return items;
        }
    }

    JsonNode post(String path, JsonNode body) {
        writes++;
        return send("POST", path, null, jsonBody(body), "application/json");
    }

    JsonNode put(String path, JsonNode body) {
        writes++;
        return send("PUT", path, null, jsonBody(body), "application/json");
    }

    JsonNode delete(String path) {
        writes++;
        return send("DELETE", path, null, HttpRequest.BodyPublishers.noBody(), null);
    }

    /** A multipart/form-data POST; each part is a text field, or a file when its value is a {@link FilePart}. */
    JsonNode postMultipart(String path, Map<String, Object> parts) {
        writes++;
        String boundary = "indicate-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, Object> p : parts.entrySet()) {
                body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
                if (p.getValue() instanceof FilePart f) {
                    body.write(("Content-Disposition: form-data; name=\"" + p.getKey() + "\"; filename=\"" + f.fileName() + "\"\r\n"
                            + "Content-Type: " + f.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    body.write(f.content());
                } else {
                    body.write(("Content-Disposition: form-data; name=\"" + p.getKey() + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    body.write(String.valueOf(p.getValue()).getBytes(StandardCharsets.UTF_8));
                }
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send("POST", path, null, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                "multipart/form-data; boundary=" + boundary);
    }

    record FilePart(String fileName, String contentType, byte[] content) {}

    /** Requests that change something in Superset (everything but reads, the login and the CSRF token). */
    int writes() {
        return writes;
    }

    private static HttpRequest.BodyPublisher jsonBody(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer of Superset whatever its status: for callers that expect a refusal (e.g. tests of access). */
    record Answer(int status, JsonNode body) {}

    Answer exchange(String method, String path, JsonNode body) {
        HttpResponse<String> response = call(method, path, null,
                body == null ? HttpRequest.BodyPublishers.noBody() : jsonBody(body), body == null ? null : "application/json");
        return new Answer(response.statusCode(), parse(method, path, response));
    }

    private JsonNode send(String method, String path, String q, HttpRequest.BodyPublisher body, String contentType) {
        HttpResponse<String> response = call(method, path, q, body, contentType);
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body().replaceAll("\\s+", " ");
            if (text.length() > 300) text = text.substring(0, 300) + "...";
            throw new SupersetException(method + " " + path + " answered HTTP " + response.statusCode() + ": " + redact(text));
        }
        return parse(method, path, response);
    }

    private HttpResponse<String> call(String method, String path, String q, HttpRequest.BodyPublisher body, String contentType) {
        String uri = base + path + (q == null ? "" : "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .method(method, body);
        if (contentType != null) b.header("Content-Type", contentType);
        if (accessToken != null) b.header("Authorization", "Bearer " + accessToken);
        if (csrfToken != null && !method.equals("GET")) {
            b.header("X-CSRFToken", csrfToken);
            // Superset's CSRF protection checks the Referer on HTTPS; the base URL is a referer it accepts
            b.header("Referer", base + "/");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new SupersetException("cannot reach Superset at " + base + " (connection refused): is it running? (bin/stack status)");
        } catch (IOException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new SupersetException(method + " " + base + path + " failed: " + redact(reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupersetException(method + " " + path + " interrupted");
        }
    }

    private JsonNode parse(String method, String path, HttpResponse<String> response) {
        try {
            String text = response.body();
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new SupersetException(method + " " + path + " answered HTTP " + response.statusCode() + " with something that is not JSON");
        }
    }

    private String redact(String s) {
        String out = s;
        for (String secret : secrets) out = out.replace(secret, "***");
        return out;
    }

    /** A failed exchange with Superset; its message never holds a secret. */
    static final class SupersetException extends RuntimeException {
        SupersetException(String message) {
            super(message);
        }
    }
}
