package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A local stand-in that plays the part of Superset's REST API the provisioner uses, with state: login and
 * CSRF (a write without the token and the session cookie is refused, as Superset's CSRF protection does),
 * asset import (unzips the bundle and creates the database, datasets and their permissions as Superset
 * does), roles, permissions, users and RLS rules. Every request is recorded for the contract check.
 */
final class FakeSuperset implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "Admin-Pass-Secret-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One request as it arrived. */
    record Recorded(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
                    int status, String responseBody) {
        boolean isWrite() {
            return !method.equals("GET") && !path.equals("/api/v1/security/login");
        }

        String contentType() {
            List<String> v = headers.get("Content-type");
            return v == null ? null : v.get(0);
        }
    }

    private final HttpServer server;
    final String accessToken = "jwt-" + UUID.randomUUID();
    final String csrfToken = "csrf-" + UUID.randomUUID();
    private final String sessionCookie = "sess-" + UUID.randomUUID();
    final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());

    private int nextId = 100;
    final Map<Integer, String> roles = new TreeMap<>();
    final Map<Integer, String[]> permissionViews = new TreeMap<>();
    final Map<Integer, Set<Integer>> rolePermissions = new HashMap<>();
    final Map<Integer, ObjectNode> users = new TreeMap<>();
    final Map<Integer, ObjectNode> rules = new TreeMap<>();
    final Map<String, ObjectNode> databasesByUuid = new LinkedHashMap<>();
    final Map<String, ObjectNode> datasetsByUuid = new LinkedHashMap<>();
    final Map<String, ObjectNode> dashboardsByUuid = new LinkedHashMap<>();
    final List<String> importedPasswords = new ArrayList<>();
    int imports;
    /** When set, POST /api/v1/security/users/ fails with HTTP 500 echoing the request body (a careless server). */
    boolean echoUserBodyInError;

    FakeSuperset() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        roles.put(1, "Admin");
        roles.put(2, "Public");
        roles.put(3, "Gamma");
        ObjectNode admin = user(1, ADMIN, "Ada", "Admin", "admin@example.com", true, List.of(1));
        users.put(1, admin);
        // what a Superset of that era has (every pair the provisioner may ask for, minus one to exercise the
        // warning) and pairs no role of ours may get
        List<RolePermissions.Pair> present = new ArrayList<>(RolePermissions.VIEWER);
        present.addAll(RolePermissions.SQL_LAB);
        present.removeIf(p -> p.key().equals("can_estimate_query_cost on SQLLab"));
        present.add(new RolePermissions.Pair("can_write", "Dashboard"));
        present.add(new RolePermissions.Pair("can_write", "Chart"));
        present.add(new RolePermissions.Pair("can_write", "Dataset"));
        present.add(new RolePermissions.Pair("can_read", "User"));
        present.add(new RolePermissions.Pair("all_datasource_access", "all_datasource_access"));
        for (RolePermissions.Pair p : present) permissionViews.put(nextId++, new String[]{p.permission(), p.viewMenu()});
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Recorded> writes() {
        synchronized (requests) {
            return requests.stream().filter(Recorded::isWrite).toList();
        }
    }

    Integer roleId(String name) {
        return roles.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The role's permissions as "permission on view menu". */
    Set<String> permissionsOf(String role) {
        Set<String> out = new TreeSet<>();
        for (int id : rolePermissions.getOrDefault(roleId(role), Set.of())) {
            String[] pv = permissionViews.get(id);
            out.add(pv[0] + " on " + pv[1]);
        }
        return out;
    }

    ObjectNode userNamed(String username) {
        return users.values().stream().filter(u -> u.path("username").asText().equals(username)).findFirst().orElse(null);
    }

    ObjectNode ruleNamed(String name) {
        return rules.values().stream().filter(r -> r.path("name").asText().equals(name)).findFirst().orElse(null);
    }

    int datasetId(String table) {
        return datasetsByUuid.values().stream().filter(d -> d.path("table_name").asText().equals(table))
                .findFirst().orElseThrow().path("id").asInt();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------

    private synchronized void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        Answer answer;
        try {
            answer = route(ex, method, path, rawQuery, body);
        } catch (RuntimeException e) {
            answer = new Answer(500, JSON.createObjectNode().put("message", String.valueOf(e.getMessage())));
        }
        byte[] out = JSON.writeValueAsBytes(answer.body());
        requests.add(new Recorded(method, path, rawQuery, Map.copyOf(ex.getRequestHeaders()), body, answer.status(),
                new String(out, StandardCharsets.UTF_8)));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(answer.status(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private record Answer(int status, JsonNode body) {}

    private static Answer ok(JsonNode body) { return new Answer(200, body); }

    private static Answer error(int status, String message) {
        return new Answer(status, JSON.createObjectNode().put("message", message));
    }

    private static final Pattern ID_PATH = Pattern.compile("(/api/v1/[a-z_/-]+?)/(\\d+)(/permissions/?)?");

    private Answer route(HttpExchange ex, String method, String path, String rawQuery, byte[] body) throws IOException {
        if (method.equals("POST") && path.equals("/api/v1/security/login")) {
            JsonNode login = JSON.readTree(body);
            if (!ADMIN.equals(login.path("username").asText()) || !ADMIN_PASSWORD.equals(login.path("password").asText())
                    || !"db".equals(login.path("provider").asText())) {
                return error(401, "Not authorized");
            }
            return ok(JSON.createObjectNode().put("access_token", accessToken));
        }
        if (!("Bearer " + accessToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, "Missing Authorization Header");
        }
        if (method.equals("GET") && path.equals("/api/v1/security/csrf_token/")) {
            ex.getResponseHeaders().add("Set-Cookie", "session=" + sessionCookie + "; HttpOnly; Path=/");
            return ok(JSON.createObjectNode().put("result", csrfToken));
        }
        if (!method.equals("GET")) {
            String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
            if (!csrfToken.equals(ex.getRequestHeaders().getFirst("X-CSRFToken")) || !cookie.contains("session=" + sessionCookie)) {
                return error(400, "The CSRF session token is missing.");
            }
        }
        Map<String, Integer> page = page(rawQuery);
        switch (method + " " + path) {
            case "GET /api/v1/dataset/": return list(datasetsByUuid.values(), page);
            case "GET /api/v1/database/": return list(databasesByUuid.values(), page);
            case "GET /api/v1/dashboard/": return list(dashboardsByUuid.values(), page);
            case "GET /api/v1/security/roles/": {
                List<JsonNode> items = new ArrayList<>();
                roles.forEach((id, name) -> items.add(JSON.createObjectNode().put("id", id).put("name", name)));
                return list(items, page);
            }
            case "GET /api/v1/security/permissions-resources/": {
                List<JsonNode> items = new ArrayList<>();
                permissionViews.forEach((id, pv) -> {
                    ObjectNode n = JSON.createObjectNode().put("id", id);
                    n.putObject("permission").put("name", pv[0]);
                    n.putObject("view_menu").put("name", pv[1]);
                    items.add(n);
                });
                return list(items, page);
            }
            case "GET /api/v1/security/users/": return list(users.values(), page);
            case "GET /api/v1/rowlevelsecurity/": return list(rules.values(), page);
            case "POST /api/v1/security/roles/": {
                int id = nextId++;
                roles.put(id, JSON.readTree(body).path("name").asText());
                return new Answer(201, JSON.createObjectNode().put("id", id).set("result",
                        JSON.createObjectNode().put("id", id).put("name", roles.get(id))));
            }
            case "POST /api/v1/security/users/": {
                if (echoUserBodyInError) return error(500, "could not add user from " + new String(body, StandardCharsets.UTF_8));
                JsonNode u = JSON.readTree(body);
                for (JsonNode r : u.path("roles")) if (!roles.containsKey(r.asInt())) return error(422, "unknown role " + r);
                int id = nextId++;
                List<Integer> roleIds = new ArrayList<>();
                u.path("roles").forEach(r -> roleIds.add(r.asInt()));
                users.put(id, user(id, u.path("username").asText(), u.path("first_name").asText(), u.path("last_name").asText(),
                        u.path("email").asText(), u.path("active").asBoolean(true), roleIds));
                return new Answer(201, JSON.createObjectNode().put("id", id).set("result", users.get(id)));
            }
            case "POST /api/v1/rowlevelsecurity/": {
                int id = nextId++;
                rules.put(id, rule(id, JSON.readTree(body)));
                return new Answer(201, JSON.createObjectNode().put("id", id).set("result", JSON.readTree(body)));
            }
            case "POST /api/v1/assets/import/": return importBundle(ex, body);
            default: break;
        }
        Matcher m = ID_PATH.matcher(path);
        if (!m.matches()) return error(404, "Not found");
        String collection = m.group(1);
        int id = Integer.parseInt(m.group(2));
        if (m.group(3) != null && collection.equals("/api/v1/security/roles")) {
            if (!roles.containsKey(id)) return error(404, "Not found");
            // as Flask-AppBuilder routes them: GET only at ".../permissions/", POST only at ".../permissions"
            // (Werkzeug redirects the other spelling with a 308, which the real client does not follow)
            if (method.equals("GET") != m.group(3).endsWith("/")) return error(308, "Permanent Redirect");
            if (method.equals("GET")) {
                ArrayNode result = JSON.createArrayNode();
                for (int pv : rolePermissions.getOrDefault(id, Set.of())) {
                    result.addObject().put("id", pv).put("permission_name", permissionViews.get(pv)[0])
                            .put("view_menu_name", permissionViews.get(pv)[1]);
                }
                return ok(JSON.createObjectNode().put("count", result.size()).set("result", result));
            }
            Set<Integer> ids = new TreeSet<>();
            JsonNode wanted = JSON.readTree(body).path("permission_view_menu_ids");
            // Flask-AppBuilder replaces the role's permissions with exactly this list
            wanted.forEach(n -> { if (permissionViews.containsKey(n.asInt())) ids.add(n.asInt()); });
            rolePermissions.put(id, ids);
            return ok(JSON.createObjectNode().set("result", JSON.createObjectNode().set("permission_view_menu_ids", wanted)));
        }
        if (collection.equals("/api/v1/security/users") && method.equals("PUT")) {
            ObjectNode u = users.get(id);
            if (u == null) return error(404, "Not found");
            JsonNode change = JSON.readTree(body);
            change.fields().forEachRemaining(f -> {
                if (f.getKey().equals("roles")) {
                    ArrayNode list = u.putArray("roles");
                    f.getValue().forEach(r -> list.addObject().put("id", r.asInt()).put("name", roles.get(r.asInt())));
                } else {
                    u.set(f.getKey(), f.getValue());
                }
            });
            return ok(JSON.createObjectNode().put("id", id).set("result", u));
        }
        if (collection.equals("/api/v1/dashboard") && method.equals("PUT")) {
            ObjectNode d = dashboardsByUuid.values().stream().filter(x -> x.path("id").asInt() == id).findFirst().orElse(null);
            if (d == null) return error(404, "Not found");
            ArrayNode list = d.putArray("roles");
            for (JsonNode r : JSON.readTree(body).path("roles")) list.addObject().put("id", r.asInt()).put("name", roles.get(r.asInt()));
            return ok(JSON.createObjectNode().put("id", id).set("result", JSON.readTree(body)));
        }
        if (collection.equals("/api/v1/rowlevelsecurity")) {
            if (!rules.containsKey(id)) return error(404, "Not found");
            if (method.equals("DELETE")) {
                rules.remove(id);
                return ok(JSON.createObjectNode().put("message", "OK"));
            }
            if (method.equals("PUT")) {
                rules.put(id, rule(id, JSON.readTree(body)));
                return ok(JSON.createObjectNode().put("id", id).set("result", JSON.readTree(body)));
            }
        }
        return error(405, "Method not allowed");
    }

    private static Map<String, Integer> page(String rawQuery) throws IOException {
        Map<String, Integer> page = new HashMap<>(Map.of("page", 0, "page_size", 20));
        if (rawQuery == null) return page;
        for (String kv : rawQuery.split("&")) {
            if (!kv.startsWith("q=")) continue;
            JsonNode q = JSON.readTree(URLDecoder.decode(kv.substring(2), StandardCharsets.UTF_8));
            if (q.has("page")) page.put("page", q.get("page").asInt());
            if (q.has("page_size")) page.put("page_size", Math.min(100, q.get("page_size").asInt()));
        }
        return page;
    }

    private static Answer list(java.util.Collection<? extends JsonNode> all, Map<String, Integer> page) {
        List<JsonNode> items = new ArrayList<>(all);
        int from = Math.min(items.size(), page.get("page") * page.get("page_size"));
        int to = Math.min(items.size(), from + page.get("page_size"));
        ObjectNode out = JSON.createObjectNode().put("count", items.size());
        ArrayNode ids = out.putArray("ids");
        ArrayNode result = out.putArray("result");
        for (JsonNode n : items.subList(from, to)) {
            ids.add(n.path("id").asInt());
            result.add(n);
        }
        return ok(out);
    }

    private ObjectNode user(int id, String username, String first, String last, String email, boolean active, List<Integer> roleIds) {
        ObjectNode u = JSON.createObjectNode().put("id", id).put("username", username).put("first_name", first)
                .put("last_name", last).put("email", email).put("active", active);
        ArrayNode list = u.putArray("roles");
        roleIds.forEach(r -> list.addObject().put("id", r).put("name", roles.get(r)));
        return u;
    }

    /** An RLS rule as Superset lists it: tables and roles as objects. */
    private ObjectNode rule(int id, JsonNode posted) {
        ObjectNode r = JSON.createObjectNode().put("id", id);
        // the document types these as plain strings in answers: an unset one is left out, not null
        for (String f : List.of("name", "filter_type", "clause", "description", "group_key")) {
            if (posted.hasNonNull(f)) r.set(f, posted.get(f));
        }
        ArrayNode tables = r.putArray("tables");
        for (JsonNode t : posted.path("tables")) {
            ObjectNode d = datasetsByUuid.values().stream().filter(x -> x.path("id").asInt() == t.asInt()).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no dataset " + t));
            tables.addObject().put("id", t.asInt()).put("schema", d.path("schema").asText()).put("table_name", d.path("table_name").asText());
        }
        ArrayNode rs = r.putArray("roles");
        for (JsonNode role : posted.path("roles")) rs.addObject().put("id", role.asInt()).put("name", roles.get(role.asInt()));
        return r;
    }

    // ---- asset import ---------------------------------------------------------------------------------------

    private Answer importBundle(HttpExchange ex, byte[] body) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        Map<String, byte[]> parts = multipart(body, contentType.substring(contentType.indexOf("boundary=") + 9));
        if (!parts.containsKey("bundle")) return error(400, "Arguments are not correct");
        if (parts.containsKey("passwords")) importedPasswords.add(new String(parts.get("passwords"), StandardCharsets.UTF_8));
        Map<String, JsonNode> files = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(parts.get("bundle")))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                // Superset drops the bundle's root folder
                files.put(name.substring(name.indexOf('/') + 1), YAML.readTree(zip.readAllBytes()));
            }
        }
        if (!"assets".equals(files.getOrDefault("metadata.yaml", JSON.nullNode()).path("type").asText())) {
            return error(422, "Error importing assets: metadata.yaml of type assets is required");
        }
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            if (!f.getKey().startsWith("databases/")) continue;
            JsonNode d = f.getValue();
            ObjectNode db = databasesByUuid.computeIfAbsent(d.path("uuid").asText(), u -> JSON.createObjectNode().put("id", nextId++));
            db.put("database_name", d.path("database_name").asText());
            permission("database_access", "[" + db.path("database_name").asText() + "].(id:" + db.path("id").asInt() + ")");
        }
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            if (!f.getKey().startsWith("datasets/")) continue;
            JsonNode d = f.getValue();
            ObjectNode db = databasesByUuid.get(d.path("database_uuid").asText());
            if (db == null) return error(422, "dataset " + f.getKey() + " names an unknown database");
            ObjectNode ds = datasetsByUuid.computeIfAbsent(d.path("uuid").asText(), u -> JSON.createObjectNode().put("id", nextId++));
            ds.put("table_name", d.path("table_name").asText()).put("schema", d.path("schema").asText());
            ds.putObject("database").put("id", db.path("id").asInt()).put("database_name", db.path("database_name").asText());
            ds.put("extra", d.path("extra").isNull() || d.path("extra").isMissingNode() ? null : JSON.writeValueAsString(d.path("extra")));
            permission("datasource_access", "[" + db.path("database_name").asText() + "].[" + ds.path("table_name").asText()
                    + "](id:" + ds.path("id").asInt() + ")");
        }
        for (Map.Entry<String, JsonNode> f : files.entrySet()) {
            if (!f.getKey().startsWith("dashboards/")) continue;
            JsonNode d = f.getValue();
            ObjectNode dash = dashboardsByUuid.computeIfAbsent(d.path("uuid").asText(), u -> {
                ObjectNode n = JSON.createObjectNode().put("id", nextId++);
                n.putArray("roles");
                return n;
            });
            dash.put("slug", d.path("slug").asText()).put("dashboard_title", d.path("dashboard_title").asText());
        }
        imports++;
        return ok(JSON.createObjectNode().put("message", "OK"));
    }

    private void permission(String permission, String viewMenu) {
        boolean exists = permissionViews.values().stream().anyMatch(pv -> pv[0].equals(permission) && pv[1].equals(viewMenu));
        if (!exists) permissionViews.put(nextId++, new String[]{permission, viewMenu});
    }

    private static Map<String, byte[]> multipart(byte[] body, String boundary) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String chunk : text.split("--" + Pattern.quote(boundary))) {
            int headerEnd = chunk.indexOf("\r\n\r\n");
            if (headerEnd < 0) continue;
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(chunk.substring(0, headerEnd));
            if (!name.find()) continue;
            String content = chunk.substring(headerEnd + 4, chunk.length() - 2);
            parts.put(name.group(1), content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }
}
