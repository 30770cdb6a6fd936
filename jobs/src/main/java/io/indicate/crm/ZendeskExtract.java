package io.indicate.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.indicate.progress.Progress;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Pulls a Zendesk cursor-based incremental export page by page into a landing folder, one file per page,
 * exactly as received, for {@code indicate ingest --crm}. Contract:
 * <ul>
 *   <li>the next page's URL (the response's {@code after_url}) is stored in {@code OUT/.cursor} after each
 *       page is landed, so a run that stops (or a later run) continues where the last one stopped; the
 *       first run starts at the given URL;</li>
 *   <li>it stops at {@code end_of_stream}, keeping the cursor for the changes still to come;</li>
 *   <li>HTTP 429 waits the {@code Retry-After} seconds and asks again; 5xx and network errors are retried
 *       with doubling waits, up to {@code maxAttempts} tries for one page;</li>
 *   <li>a page that is not JSON is landed all the same (ingest quarantines it with the reason) and ends the
 *       run with an error, the cursor left at that page;</li>
 *   <li>the token is sent only in the Authorization header (Zendesk API-token auth, Basic
 *       {@code email/token:TOKEN}, when an e-mail is given; else as an OAuth Bearer token) and never appears
 *       in output or messages; it goes only to the configured URL's origin, over https (plain http only on a
 *       loopback host), and never along a redirect or to another host named by a page's after_url.</li>
 * </ul>
 */
public final class ZendeskExtract {
    public static final String CURSOR_FILE = ".cursor";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern PAGE_NAME = java.util.regex.Pattern.compile("crm-(\\d+)\\.json");

    /** Waits; a test passes one that records the waits instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What a run did: pages landed and whether the export has reached its end for now. */
    public record Result(int pages, boolean endOfStream) {}

    private final HttpClient http;
    private final String authorization;
    private final Sleeper sleeper;
    private final Duration firstBackoff;
    private final int maxAttempts;
    private final Progress progress;

    /** {@code email} null: the token is an OAuth access token; else it is an API token of that agent. */
    public ZendeskExtract(String email, String token, Sleeper sleeper, Duration firstBackoff, int maxAttempts, Progress progress) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the API token is empty");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        this.authorization = email == null ? "Bearer " + token : "Basic " + java.util.Base64.getEncoder()
                .encodeToString((email + "/token:" + token).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.sleeper = sleeper;
        this.firstBackoff = firstBackoff;
        this.maxAttempts = maxAttempts;
        this.progress = progress;
    }

    public Result run(String startUrl, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path cursorFile = out.resolve(CURSOR_FILE);
        URI origin = trustedOrigin(startUrl);
        String url = Files.exists(cursorFile) ? Files.readString(cursorFile, StandardCharsets.UTF_8).trim() : startUrl;
        progress.line(Files.exists(cursorFile) ? "crm extract: resuming from the stored cursor" : "crm extract: starting at " + startUrl);
        int pages = 0;
        long sequence = lastPageNumber(out);
        while (true) {
            byte[] body = fetch(origin, url);
            pages++;
            Path page = land(out, ++sequence, body);
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("page " + pages + " is not valid JSON; landed as " + page.getFileName()
                        + " for ingest to quarantine; the cursor stays at that page");
            }
            boolean end = json != null && json.path("end_of_stream").asBoolean(false);
            Optional<String> next = Optional.ofNullable(json == null ? null : json.get("after_url"))
                    .filter(n -> !n.isNull()).map(JsonNode::asText).filter(s -> !s.isBlank());
            if (next.isPresent()) writeAtomically(cursorFile, next.get().getBytes(StandardCharsets.UTF_8));
            progress.line("  page " + pages + ": " + page.getFileName() + (end ? " (end of stream)" : ""));
            if (end) return new Result(pages, true);
            if (next.isEmpty()) {
                throw new IllegalStateException("page " + pages + " has neither end_of_stream nor after_url: cannot continue");
            }
            url = next.get();
        }
    }

    /**
     * The one origin (scheme, host, port) the credentials may go to: the configured URL's. It must be https,
     * except on a loopback host (a local test server).
     */
    static URI trustedOrigin(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url is not a URL: " + withoutQuery(url));
        }
        if (u.getHost() == null) throw new IllegalArgumentException("--url has no host: " + withoutQuery(url));
        boolean loopback = u.getHost().equals("localhost") || u.getHost().startsWith("127.") || u.getHost().equals("[::1]");
        if (!"https".equalsIgnoreCase(u.getScheme()) && !("http".equalsIgnoreCase(u.getScheme()) && loopback)) {
            throw new IllegalArgumentException("--url must be https (the token is sent with every request), got "
                    + u.getScheme() + "://" + u.getHost());
        }
        return URI.create(u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + u.getRawAuthority());
    }

    private static boolean sameOrigin(URI origin, String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() != null && u.getRawAuthority() != null
                    && origin.equals(URI.create(u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + u.getRawAuthority()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] fetch(URI origin, String url) throws IOException, InterruptedException {
        if (!sameOrigin(origin, url)) {
            // a cursor (stored or in after_url) naming another host would receive the token
            throw new IllegalStateException("refusing to send the token to " + withoutQuery(url) + ": not the configured "
                    + origin + " (a page's after_url or the stored cursor names another address)");
        }
        Duration backoff = firstBackoff;
        String lastProblem = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", authorization).header("Accept", "application/json").GET().build();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastProblem = "network error " + e.getClass().getSimpleName();
                progress.line("  " + lastProblem + "; retrying in " + backoff.toSeconds() + " s");
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) return response.body();
            if (status == 429) {
                Duration wait = retryAfter(response).orElse(backoff);
                lastProblem = "HTTP 429";
                progress.line("  rate limited (HTTP 429); waiting " + wait.toSeconds() + " s as asked");
                sleeper.sleep(wait);
                continue;
            }
            if (status >= 500) {
                lastProblem = "HTTP " + status;
                progress.line("  HTTP " + status + "; retrying in " + backoff.toSeconds() + " s");
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2);
                continue;
            }
            if (status >= 300 && status < 400) {
                throw new IllegalStateException("HTTP " + status + " from " + withoutQuery(url) + ": redirects are not"
                        + " followed with the token; configure the address it points to ("
                        + response.headers().firstValue("Location").map(ZendeskExtract::withoutQuery).orElse("no Location") + ")");
            }
            throw new IllegalStateException("HTTP " + status + " from " + withoutQuery(url)
                    + (status == 401 || status == 403 ? ": the token was refused" : ""));
        }
        throw new IllegalStateException("gave up on " + withoutQuery(url) + " after " + maxAttempts + " attempts (last: " + lastProblem + ")");
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** A URL's query may carry cursors (not secrets, but long): messages name the endpoint only. */
    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Pages are numbered on from the last one in the folder, so their names sort in the order they came. */
    private static Path land(Path out, long number, byte[] body) throws IOException {
        Path page = out.resolve(String.format("crm-%09d.json", number));
        writeAtomically(page, body);
        return page;
    }

    private static long lastPageNumber(Path out) throws IOException {
        try (var files = Files.list(out)) {
            return files.map(p -> PAGE_NAME.matcher(p.getFileName().toString()))
                    .filter(java.util.regex.Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
        }
    }

    /** Written under a hidden name first (ingest skips those), then renamed: a reader never sees half a file. */
    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
