package io.indicate.superset;

import io.indicate.cli.SupersetSyncCommand;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.publish.ServingFixture;
import io.indicate.roster.Role;
import io.indicate.security.AccessRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code indicate superset sync} against {@link FakeSuperset}: what it leaves Superset holding, that a
 * second run sends nothing, and that every request it sends validates against Superset's published OpenAPI
 * document (with a deliberately wrong request to show the check can fail).
 */
class SupersetSyncTest {
    private static final String DB_PASSWORD = "Serving-Db-Secret-7";
    private static final String NEW_USER_PASSWORD = "First-Login-Secret-3";
    private static OpenApiInteractionValidator validator;

    @TempDir Path dir;
    private FakeSuperset superset;
    private Path roster;

    @BeforeAll
    static void loadSpec() {
        validator = OpenApiInteractionValidator.createForSpecificationUrl(RepositoryFiles.supersetOpenApi().toUri().toString()).build();
    }

    @BeforeEach
    void start() throws Exception {
        superset = new FakeSuperset();
        roster = ServingFixture.writeRoster(dir);
    }

    @AfterEach
    void stop() {
        superset.close();
    }

    private record Run(int exitCode, String out, String err) {
        String all() { return out + err; }
    }

    private Run sync(Path rosterFile, String... extra) {
        Map<String, String> env = Map.of("SUPERSET_PW", FakeSuperset.ADMIN_PASSWORD, "INDICATE_SERVING_DB_PASSWORD", DB_PASSWORD,
                "NEW_USER_PW", NEW_USER_PASSWORD);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new SupersetSyncCommand(env::get));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            ex.printStackTrace(c.getErr());
            return 1;
        });
        List<String> args = new ArrayList<>(List.of("--url", superset.url().toString(), "--user", FakeSuperset.ADMIN,
                "--password-env", "SUPERSET_PW", "--roster", rosterFile.toString(), "--assets", RepositoryFiles.supersetAssets().toString(),
                "--new-user-password-env", "NEW_USER_PW", "--timezone", "UTC"));
        args.addAll(List.of(extra));
        int code = cli.execute(args.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyRequestTheProvisionerSendsValidatesAgainstSupersetsOpenApiDocument() {
        assertEquals(0, sync(roster).exitCode());
        sync(roster);

        List<String> problems = new ArrayList<>();
        Set<String> endpoints = new TreeSet<>();
        for (FakeSuperset.Recorded r : superset.requests) {
            ValidationReport report = validator.validateRequest(toValidatorRequest(r));
            endpoints.add(r.method() + " " + r.path().replaceAll("/\\d+", "/{id}"));
            if (report.hasErrors()) problems.add(r.method() + " " + r.path() + ": " + report.getMessages());
            assertTrue(r.status() / 100 == 2, r.method() + " " + r.path() + " got " + r.status() + " " + r.responseBody());
        }
        assertEquals(List.of(), problems);

        // the stand-in answers as the document says Superset answers, so the provisioner is tested against
        // realistic responses; one known difference is allowed: Superset's generated document types the
        // list endpoints' "ids" as strings, while Superset (and this stand-in) send integers, which the
        // provisioner never reads; and it types a dashboard's "roles" in the list as one object, while
        // Superset sends the list of role objects the provisioner compares
        List<String> answerProblems = new ArrayList<>();
        for (FakeSuperset.Recorded r : superset.requests) {
            SimpleResponse response = SimpleResponse.Builder.status(r.status()).withContentType("application/json")
                    .withBody(r.responseBody()).build();
            validator.validateResponse(r.path(), Request.Method.valueOf(r.method()), response).getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR && !m.getMessage().startsWith("[Path '/ids/")
                            && !(r.path().equals("/api/v1/dashboard/") && m.getMessage().matches("\\[Path '/result/\\d+/roles'].*")))
                    .forEach(m -> answerProblems.add(r.method() + " " + r.path() + ": " + m.getMessage()));
        }
        assertEquals(List.of(), answerProblems);
        assertTrue(endpoints.containsAll(Set.of("POST /api/v1/security/login", "GET /api/v1/security/csrf_token/",
                "POST /api/v1/assets/import/", "GET /api/v1/dataset/", "POST /api/v1/security/roles/",
                "GET /api/v1/security/permissions-resources/", "POST /api/v1/security/roles/{id}/permissions",
                "POST /api/v1/security/users/", "POST /api/v1/rowlevelsecurity/", "GET /api/v1/rowlevelsecurity/", "PUT /api/v1/dashboard/{id}")),
                endpoints.toString());
    }

    @Test
    void theContractCheckCatchesARequestThatBreaksTheSpec() {
        assertEquals(0, sync(roster).exitCode());
        FakeSuperset.Recorded userPost = superset.requests.stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/api/v1/security/users/")).findFirst().orElseThrow();
        assertFalse(validator.validateRequest(toValidatorRequest(userPost)).hasErrors());

        // the same request without the username Flask-AppBuilder requires, and with a field it does not know
        ObjectNode broken = (ObjectNode) json(userPost.body());
        broken.remove("username");
        broken.put("nickname", "bo");
        assertTrue(validator.validateRequest(withBody(userPost, broken)).hasErrors());

        FakeSuperset.Recorded rulePost = superset.requests.stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/api/v1/rowlevelsecurity/")).findFirst().orElseThrow();
        ObjectNode badRule = (ObjectNode) json(rulePost.body());
        badRule.put("filter_type", "Sometimes");
        assertTrue(validator.validateRequest(withBody(rulePost, badRule)).hasErrors());

        SimpleRequest noToken = SimpleRequest.Builder.get("/api/v1/rowlevelsecurity/").build();
        assertTrue(validator.validateRequest(noToken).hasErrors(), "a call without the JWT is not what the spec allows");
    }

    @Test
    void aFirstSyncCreatesRolesWithLeastPermissionsUsersFromTheRosterAndTheRules() {
        Run run = sync(roster);
        assertEquals(0, run.exitCode(), run.all());

        assertEquals(1, superset.imports);
        assertEquals(List.of("{\"databases/serving.yaml\":\"" + DB_PASSWORD + "\"}"), superset.importedPasswords);

        Set<String> agent = superset.permissionsOf("Agent");
        Set<String> lead = superset.permissionsOf("TeamLead");
        Set<String> management = superset.permissionsOf("Management");
        assertTrue(agent.contains("can_read on Dashboard") && agent.contains(datasourceAccess("kpi_agent_daily")), agent.toString());
        for (String table : List.of("kpi_coaching_daily", "kpi_org_daily", "data_quality_daily", "fact_queue_call", "fact_agent_session")) {
            assertFalse(agent.contains(datasourceAccess(table)), "Agent must not reach " + table);
        }
        assertTrue(agent.contains(datasourceAccess("kpi_agent_goal_daily")) && agent.contains(datasourceAccess("kpi_team_goal_daily")), agent.toString());
        assertTrue(lead.contains(datasourceAccess("kpi_org_daily")) && lead.contains(datasourceAccess("kpi_coaching_daily"))
                && !lead.contains(datasourceAccess("fact_queue_call")), lead.toString());
        for (Set<String> role : List.of(agent, lead)) {
            assertFalse(role.contains("menu_access on SQL Lab") || role.contains("can_execute_sql_query on SQLLab"), "no SQL Lab");
            assertFalse(role.stream().anyMatch(p -> p.startsWith("database_access") || p.equals("can_write on Dashboard")
                    || p.equals("can_write on Chart") || p.equals("can_write on Dataset") || p.startsWith("all_datasource_access")),
                    role.toString());
        }
        assertTrue(management.contains("menu_access on SQL Lab") && management.contains("can_execute_sql_query on SQLLab")
                && management.stream().anyMatch(p -> p.startsWith("database_access on [serving]")), management.toString());
        assertTrue(management.contains(datasourceAccess("fact_queue_call")));
        assertTrue(run.out().contains("warning: this Superset has no permission 'can_estimate_query_cost on SQLLab'"), run.out());

        Map<String, Set<String>> audience = new java.util.TreeMap<>();
        superset.dashboardsByUuid.values().forEach(d -> audience.put(d.path("slug").asText(), names(d.path("roles"))));
        assertEquals(Map.of("my-performance", Set.of("Agent"), "team", Set.of("TeamLead"), "organisation", Set.of("Management")), audience);

        assertEquals(Set.of("Agent"), roleNames(superset.userNamed("bo")));
        assertEquals(Set.of("TeamLead"), roleNames(superset.userNamed("lena")));
        assertEquals(Set.of("Management"), roleNames(superset.userNamed("maja")));
        assertEquals("Bo", superset.userNamed("bo").path("first_name").asText());
        assertEquals(Set.of("Admin"), roleNames(superset.userNamed(FakeSuperset.ADMIN)), "users outside the roster are left alone");

        for (AccessRules.SupersetRule rule : AccessRules.supersetRules()) {
            ObjectNode have = superset.ruleNamed(rule.name());
            assertNotNull(have, rule.name());
            assertEquals(rule.clause(), have.path("clause").asText());
            assertTrue(rule.clause().contains("IN {{ [current_username()] | where_in }}"), "the user name is quoted by Superset");
            assertEquals(Set.of(AccessRules.supersetRole(rule.role())), names(have.path("roles")));
            assertEquals(new TreeSet<>(rule.tables()), names(have.path("tables"), "table_name"));
        }
        assertTrue(names(superset.ruleNamed(AccessRules.access(Role.AGENT, "kpi_agent_daily").ruleName()).path("tables"), "table_name")
                .contains("kpi_agent_vs_team_daily"));
    }

    @Test
    void aSecondSyncAgainstTheSameStateSendsNoWrite() {
        assertEquals(0, sync(roster).exitCode());
        int before = superset.writes().size();
        assertTrue(before > 10, "the first run did the work: " + before);

        Run again = sync(roster);

        assertEquals(0, again.exitCode(), again.all());
        assertEquals(before, superset.writes().size(), "writes of the second run: "
                + superset.writes().subList(before, superset.writes().size()).stream().map(r -> r.method() + " " + r.path()).toList());
        assertTrue(again.out().contains("Superset was already in sync: nothing sent"), again.out());
        assertEquals(1, superset.imports);
    }

    @Test
    void driftIsRepairedWithJustTheDifferences() throws Exception {
        assertEquals(0, sync(roster).exitCode());
        // someone edits a rule clause, gives an agent the Admin role beside Agent, and the roster loses cia
        ObjectNode rule = superset.ruleNamed(AccessRules.access(Role.AGENT, "kpi_team_daily").ruleName());
        rule.put("clause", "1 = 1");
        ObjectNode bo = superset.userNamed("bo");
        bo.withArray("roles").addObject().put("id", 1).put("name", "Admin");
        Path shorter = Files.writeString(dir.resolve("shorter.csv"), ServingFixture.ROSTER_CSV.lines()
                .filter(l -> !l.startsWith("A3,")).collect(Collectors.joining("\n")) + "\n");
        int before = superset.writes().size();

        Run run = sync(shorter);

        assertEquals(0, run.exitCode(), run.all());
        List<String> writes = superset.writes().subList(before, superset.writes().size()).stream()
                .map(r -> r.method() + " " + r.path().replaceAll("/\\d+", "/{id}")).sorted().toList();
        assertEquals(List.of("PUT /api/v1/rowlevelsecurity/{id}", "PUT /api/v1/security/users/{id}"), writes);
        AccessRules.Access teamRule = AccessRules.access(Role.AGENT, "kpi_team_daily");
        assertEquals(teamRule.clause(), superset.ruleNamed(teamRule.ruleName()).path("clause").asText());
        assertEquals(Set.of("Admin", "Agent"), roleNames(superset.userNamed("bo")), "an unmanaged role given by an admin is kept");
        assertFalse(superset.userNamed("cia").path("active").asBoolean(), "a person who left the roster is deactivated");
    }

    @Test
    void noPasswordOrTokenAppearsInOutputEvenWhenSupersetEchoesARequestBody() {
        Run ok = sync(roster);
        assertEquals(0, ok.exitCode());
        assertNoSecret(ok.all());

        superset.close();
        try (FakeSuperset careless = new FakeSuperset()) {
            careless.echoUserBodyInError = true;
            superset = careless;
            Run failed = sync(roster);
            assertEquals(1, failed.exitCode());
            assertTrue(failed.all().contains("POST /api/v1/security/users/ answered HTTP 500"), failed.all());
            assertTrue(failed.all().contains("password\\\":\\\"***"), "the echoed password is blanked: " + failed.all());
            assertNoSecret(failed.all());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPasswordFlagIsRefusedWithoutEchoingIt() {
        Run run = sync(roster, "--password", FakeSuperset.ADMIN_PASSWORD);
        assertEquals(2, run.exitCode());
        assertTrue(run.all().contains("--password is not accepted"), run.all());
        assertFalse(run.all().contains(FakeSuperset.ADMIN_PASSWORD));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void assertNoSecret(String output) {
        for (String secret : List.of(FakeSuperset.ADMIN_PASSWORD, DB_PASSWORD, NEW_USER_PASSWORD, superset.accessToken, superset.csrfToken)) {
            assertFalse(output.contains(secret), "output holds a secret: " + output);
        }
    }

    private String datasourceAccess(String table) {
        return "datasource_access on [serving].[" + table + "](id:" + superset.datasetId(table) + ")";
    }

    private static Set<String> roleNames(JsonNode user) {
        return names(user.path("roles"));
    }

    private static Set<String> names(JsonNode list) {
        return names(list, "name");
    }

    private static Set<String> names(JsonNode list, String field) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private static JsonNode json(byte[] body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SimpleRequest withBody(FakeSuperset.Recorded r, JsonNode body) {
        return toValidatorRequest(new FakeSuperset.Recorded(r.method(), r.path(), r.rawQuery(), r.headers(),
                body.toString().getBytes(StandardCharsets.UTF_8), r.status(), r.responseBody()));
    }

    /** The recorded request as the validator sees it: method, path, decoded query parameters, headers, body. */
    private static SimpleRequest toValidatorRequest(FakeSuperset.Recorded r) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(r.method(), r.path());
        if (r.rawQuery() != null) {
            for (String kv : r.rawQuery().split("&")) {
                int eq = kv.indexOf('=');
                b.withQueryParam(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Set<String> seen = new HashSet<>();
        r.headers().forEach((name, values) -> {
            if (seen.add(name.toLowerCase())) b.withHeader(name, values);
        });
        if (r.body().length > 0) b.withBody(r.body());
        return b.build();
    }
}
