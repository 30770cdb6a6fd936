package io.indicate.superset;

import io.indicate.cli.SupersetSyncCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.publish.Publisher;
import io.indicate.publish.ServingDatabase;
import io.indicate.publish.ServingFixture;
import io.indicate.security.AccessRules;
import io.indicate.warehouse.Warehouse;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real Superset that {@code bin/stack up superset} runs, with the serving fixture published to an embedded
 * PostgreSQL and synced once per test JVM (the slow parts: Spark for the fixture, Superset's import).
 *
 * <p>Superset is found through {@code SUPERSET_URL} / {@code SUPERSET_ADMIN_PASSWORD}, else the files
 * {@code bin/stack} writes ({@code .stack/superset/url}, {@code .stack/superset/admin_password}). When it is
 * not reachable, {@link #shared()} throws: the tests fail with that message, they are never skipped.
 *
 * <p>The roster is the fixture's plus two people whose logins test the quoting of user names: an agent
 * {@code o'brien@example.com} in team T1 and {@code åsa.öberg} in T2; their rows are copies of another agent's
 * rows under their own agent id, added to the serving tables after the publish.
 */
final class RealSuperset {
    static final String OBRIEN = "o'brien@example.com";
    static final String ASA = "åsa.öberg";
    static final String EXTRA_ROSTER_LINES = String.join("\n",
            "A4," + OBRIEN + ",Conan O'Brien,,PJSIP/204,9004,T1,North,lena,agent,2025-01-01",
            "A5," + ASA + ",Åsa Öberg,asa@example.com,PJSIP/205,9005,T2,South,lars,agent,2025-01-01",
            "");
    static final String DB_USER = "superset_reader";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> MANAGED_ROLES = java.util.Set.of("Agent", "TeamLead", "Management");

    private static RealSuperset shared;

    final URI url;
    final String adminPassword;
    final ServingDatabase db;
    final Path work;
    final Path roster;
    final Path passwords;
    private final String dbPassword;
    final Sync firstSync;
    /**
     * The contact centre's time zone, in which the fixture is published and synced (its "today", the last-refreshed
     * metric) and in which bin/stack runs Superset (INDICATE_TIMEZONE's default): the tests' "today" must be Superset's.
     */
    static final ZoneId CENTRE = ZoneId.of("Europe/Stockholm");

    /** Days the fixture's dates were moved forward in the serving tables, so that its last day is today. */
    long shiftDays;

    /** What one run of {@code indicate superset sync} printed and returned. */
    record Sync(int exitCode, String out, String err) {
        String all() { return out + err; }
    }

    private RealSuperset(URI url, String adminPassword) throws IOException {
        this.url = url;
        this.adminPassword = adminPassword;
        this.work = Files.createTempDirectory("indicate-real-superset");
        this.passwords = work.resolve("initial-passwords");
        this.dbPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Warehouse w = ServingFixture.shared();
        db = ServingDatabase.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        Clock afterFixture = Clock.fixed(ServingFixture.D4.atStartOfDay(ZoneId.of("UTC")).toInstant(), ZoneId.of("UTC"));
        Publisher.builder(w, db.jdbcUrl()).user(ServingDatabase.SUPERUSER).today(afterFixture, CENTRE).build().publish();
        db.createReader(DB_USER, dbPassword);
        addPeopleWithQuotedLogins();
        shiftDays = java.time.temporal.ChronoUnit.DAYS.between(ServingFixture.D4, LocalDate.now(CENTRE));
        moveFixtureDaysToToday();
        roster = Files.writeString(work.resolve("roster.csv"), ServingFixture.ROSTER_CSV + EXTRA_ROSTER_LINES);
        removeEverythingTheSyncManages();
        firstSync = sync(roster);
        if (firstSync.exitCode() != 0) {
            throw new IllegalStateException("the first sync against " + url + " failed: " + firstSync.all());
        }
    }

    /** The shared instance; fails with one clear message when Superset is not running. */
    static synchronized RealSuperset shared() {
        if (shared == null) {
            URI url = URI.create(setting("SUPERSET_URL", "url",
                    "no Superset to test against: run `bin/stack up superset` (or set SUPERSET_URL and SUPERSET_ADMIN_PASSWORD)"));
            requireHealthy(url);
            String password = setting("SUPERSET_ADMIN_PASSWORD", "admin_password",
                    "no admin password for " + url + ": set SUPERSET_ADMIN_PASSWORD (bin/stack writes .stack/superset/admin_password only when it generated one)");
            try {
                shared = new RealSuperset(url, password);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static String setting(String env, String stackFile, String missing) {
        String v = System.getenv(env);
        if (v != null && !v.isBlank()) return v.strip();
        Path f = RepositoryFiles.root().resolve(".stack/superset").resolve(stackFile);
        try {
            if (Files.isRegularFile(f)) return Files.readString(f).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(missing);
    }

    static void requireHealthy(URI url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("Superset at " + url + "/health answered " + r.statusCode());
        } catch (IOException e) {
            throw new IllegalStateException("Superset is not reachable at " + url + " (" + e.getClass().getSimpleName()
                    + "): run `bin/stack up superset`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code indicate superset sync} in-process with the test's secrets as its environment. */
    Sync sync(Path rosterFile, String... extra) {
        return sync(url, rosterFile, extra);
    }

    Sync sync(URI target, Path rosterFile, String... extra) {
        return sync(Clock.systemUTC(), target, rosterFile, extra);
    }

    /** A sync whose "today" (in {@link #CENTRE}, which decides the roster rows in force) is {@code day}. */
    Sync syncOn(LocalDate day, Path rosterFile) {
        return sync(middayOf(day), url, rosterFile);
    }

    static Clock middayOf(LocalDate day) {
        return Clock.fixed(day.atTime(12, 0).atZone(CENTRE).toInstant(), ZoneId.of("UTC"));
    }

    private Sync sync(Clock clock, URI target, Path rosterFile, String... extra) {
        Map<String, String> env = Map.of("SUPERSET_ADMIN_PASSWORD", adminPassword, "INDICATE_SERVING_DB_PASSWORD", dbPassword);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new SupersetSyncCommand(env::get, clock));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        List<String> args = new ArrayList<>(List.of("--url", target.toString(), "--user", "admin",
                "--password-env", "SUPERSET_ADMIN_PASSWORD", "--roster", rosterFile.toString(),
                "--assets", RepositoryFiles.supersetAssets().toString(), "--initial-password-dir", passwords.toString(),
                "--database-uri", db.sqlalchemyUrl(DB_USER, "127.0.0.1"), "--timezone", CENTRE.getId()));
        args.addAll(List.of(extra));
        int code = cli.execute(args.toArray(new String[0]));
        return new Sync(code, out.toString(), err.toString());
    }

    /**
     * Brings Superset back to before the project's first sync, as far as access goes: users with one of the
     * project's roles are deactivated and left with the empty built-in role Public (Superset refuses to delete a
     * user who has left traces such as logs), and the project's RLS rules and roles are deleted; the assets stay.
     * The next sync then reactivates every roster person with a new password file, as after a leave.
     */
    void removeEverythingTheSyncManages() {
        SupersetClient admin = admin().client;
        int publicRole = admin.list("/api/v1/security/roles/").stream().filter(r -> r.path("name").asText().equals("Public"))
                .findFirst().orElseThrow(() -> new IllegalStateException("Superset has no role Public")).path("id").asInt();
        for (JsonNode u : admin.list("/api/v1/security/users/")) {
            boolean managed = false;
            for (JsonNode r : u.path("roles")) managed |= MANAGED_ROLES.contains(r.path("name").asText());
            if (managed) {
                ObjectNode parked = JSON.createObjectNode().put("active", false);
                parked.putArray("roles").add(publicRole);
                admin.put("/api/v1/security/users/" + u.path("id").asInt(), parked);
            }
        }
        for (JsonNode r : admin.list("/api/v1/rowlevelsecurity/")) {
            if (r.path("name").asText().startsWith(AccessRules.RULE_PREFIX)) admin.delete("/api/v1/rowlevelsecurity/" + r.path("id").asInt());
        }
        for (JsonNode r : admin.list("/api/v1/security/roles/")) {
            if (MANAGED_ROLES.contains(r.path("name").asText())) admin.delete("/api/v1/security/roles/" + r.path("id").asInt());
        }
    }

    /** A person's initial password, from the 0600 file the sync wrote. */
    String passwordOf(String login) {
        try {
            return Files.readString(passwords.resolve(login + ".password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no initial password file for " + login, e);
        }
    }

    /** A logged-in API session of a person (or the admin). */
    Session login(String login, String password) {
        SupersetClient client = new SupersetClient(url);
        client.login(login, password);
        return new Session(client);
    }

    Session admin() {
        return login("admin", adminPassword);
    }

    Session as(String login) {
        return login(login, passwordOf(login));
    }

    /** A connection as the read-only user Superset connects with. */
    Connection readerConnection() throws SQLException {
        return java.sql.DriverManager.getConnection(db.jdbcUrl(), DB_USER, dbPassword);
    }

    /** Rows of a query on the serving database, as the superuser (the truth the tests compare with). */
    List<Map<String, Object>> query(String sql) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i), rs.getObject(i));
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Moves every date and timestamp of the serving tables {@link #shiftDays} forward: the dashboards' charts
     * show today and the last 30 days, and draw only with rows in that window.
     */
    private void moveFixtureDaysToToday() {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT c.table_name, c.column_name FROM information_schema.columns c "
                    + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                    + "WHERE c.table_schema = 'serving' AND t.table_type = 'BASE TABLE' AND c.column_name <> '_refreshed_at' "
                    + "AND c.data_type IN ('date', 'timestamp without time zone', 'timestamp with time zone')")) {
                while (rs.next()) columns.add(new String[]{rs.getString(1), rs.getString(2)});
            }
            for (String[] col : columns) {
                s.execute("UPDATE serving." + col[0] + " SET " + col[1] + " = " + col[1] + " + INTERVAL '" + shiftDays + " days'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the fixture's days: " + e.getMessage(), e);
        }
    }

    private void addPeopleWithQuotedLogins() {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String[] p : List.of(new String[]{"A4", OBRIEN, "A1"}, new String[]{"A5", ASA, "A3"})) {
                String id = p[0], login = p[1].replace("'", "''"), copyOf = p[2];
                s.execute("INSERT INTO serving.access_person (login, role, agent_id) VALUES ('" + login + "', 'agent', '" + id + "')");
                s.execute("INSERT INTO serving.access_agent_team (login, agent_id, team_id, valid_from, valid_to) "
                        + "SELECT '" + login + "', '" + id + "', team_id, valid_from, valid_to FROM serving.access_agent_team WHERE agent_id = '" + copyOf + "'");
                for (String t : List.of("kpi_agent_daily", "kpi_agent_interval", "kpi_agent_goal_daily")) {
                    List<String> cols = new ArrayList<>();
                    try (ResultSet rs = c.getMetaData().getColumns(null, "serving", t, null)) {
                        while (rs.next()) cols.add(rs.getString("COLUMN_NAME"));
                    }
                    String select = String.join(", ", cols.stream().map(col -> switch (col) {
                        case "agent_id" -> "'" + id + "'";
                        case "agent_login" -> "'" + login + "'";
                        default -> col;
                    }).toList());
                    s.execute("INSERT INTO serving." + t + " (" + String.join(", ", cols) + ") SELECT " + select
                            + " FROM serving." + t + " WHERE agent_id = '" + copyOf + "'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add the quoted-login people: " + e.getMessage(), e);
        }
    }

    /** A Superset API session; chart data requests answer with their HTTP status instead of throwing. */
    static final class Session {
        final SupersetClient client;

        Session(SupersetClient client) {
            this.client = client;
        }

        List<JsonNode> dashboards() {
            return client.list("/api/v1/dashboard/");
        }

        List<JsonNode> charts(int dashboardId) {
            List<JsonNode> out = new ArrayList<>();
            client.get("/api/v1/dashboard/" + dashboardId + "/charts").path("result").forEach(out::add);
            return out;
        }

        /** POST /api/v1/chart/data; the answer's status and body, never an exception for a refusal. */
        SupersetClient.Answer chartData(JsonNode queryContext) {
            return client.exchange("POST", "/api/v1/chart/data", queryContext);
        }

        SupersetClient.Answer post(String path, JsonNode body) {
            return client.exchange("POST", path, body);
        }

        SupersetClient.Answer get(String path) {
            return client.exchange("GET", path, null);
        }
    }

    /** A chart-data request for {@code datasetId} with one query. */
    static ObjectNode queryContext(int datasetId, ObjectNode query) {
        ObjectNode qc = JSON.createObjectNode();
        qc.putObject("datasource").put("id", datasetId).put("type", "table");
        qc.put("force", true).put("result_format", "json").put("result_type", "full");
        qc.putArray("queries").add(query);
        return qc;
    }

    /** Every row of the dataset, columns as named (no metrics: Superset's raw-records query). */
    static ObjectNode rawRows(List<String> columns) {
        ObjectNode q = JSON.createObjectNode();
        ArrayNode cols = q.putArray("columns");
        columns.forEach(cols::add);
        q.putArray("metrics");
        q.putArray("orderby");
        q.putArray("filters");
        q.put("row_limit", 100_000);
        return q;
    }

    /**
     * The query of a chart as its viz plugin sends it, from the chart's saved params: its dimensions (the time
     * axis at its grain first, then the grouping, or a pivot table's columns and rows), metrics and non-time filters. The time window is left out: the fixture's days
     * are in the past, and the window is no part of who sees which rows.
     */
    static ObjectNode chartQuery(JsonNode params) {
        return chartQuery(params, "metrics", false);
    }

    /**
     * The query of a chart for one of its metric lists ({@code metrics}, or a mixed chart's {@code metrics_b}); with
     * {@code window}, the chart's time range too, as the dashboard asks for it ("today : tomorrow", "Last week").
     */
    static ObjectNode chartQuery(JsonNode params, String metricList, boolean window) {
        ObjectNode q = JSON.createObjectNode();
        ArrayNode columns = q.putArray("columns");
        if (params.hasNonNull("x_axis")) {
            columns.addObject().put("columnType", "BASE_AXIS").put("sqlExpression", params.path("x_axis").asText())
                    .put("label", params.path("x_axis").asText()).put("expressionType", "SQL")
                    .put("timeGrain", params.path("time_grain_sqla").asText(null));
        }
        // a table's or chart's grouping; a pivot table's rows and columns
        List<String> groupings = metricList.equals("metrics_b") ? List.of("groupby_b") : List.of("groupby", "groupbyColumns", "groupbyRows");
        for (String grouping : groupings) params.path(grouping).forEach(columns::add);
        ArrayNode metrics = q.putArray("metrics");
        params.path(metricList).forEach(metrics::add);
        ArrayNode filters = q.putArray("filters");
        for (JsonNode f : params.path(metricList.equals("metrics_b") ? "adhoc_filters_b" : "adhoc_filters")) {
            if (window || !"TEMPORAL_RANGE".equals(f.path("operator").asText())) {
                filters.addObject().put("col", f.path("subject").asText()).put("op", f.path("operator").asText())
                        .set("val", f.path("comparator"));
            }
        }
        q.putArray("orderby");
        q.put("row_limit", params.path("row_limit").asInt(10_000));
        return q;
    }

    /** The rows of a chart-data answer, or an assertion error naming {@code what} and Superset's reason. */
    static JsonNode requireData(SupersetClient.Answer a, String what) {
        if (a.status() != 200) throw new AssertionError(what + ": HTTP " + a.status() + " " + a.body());
        JsonNode result = a.body().path("result").path(0);
        if (result.hasNonNull("error") || result.path("errors").size() > 0) {
            throw new AssertionError(what + ": " + result.path("error").asText() + " " + result.path("errors"));
        }
        return result.path("data");
    }

    static Map<String, Object> row(JsonNode node) {
        Map<String, Object> m = new HashMap<>();
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            // temporal values come as epoch milliseconds, sometimes written as a double (1.741392E12)
            m.put(e.getKey(), v.isNull() ? null
                    : v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0 ? v.decimalValue().toBigInteger().toString()
                    : v.asText());
        });
        return m;
    }
}
