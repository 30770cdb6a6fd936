package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import io.indicate.cli.IndicateCli;
import io.indicate.config.Settings;
import io.indicate.publish.Publisher;
import io.indicate.publish.ServingDatabase;
import io.indicate.publish.ServingFixture;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import io.indicate.security.AccessRules;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roster changes reach the real Superset at the next sync; a Superset that is down is one clear line. */
@Tag("real-superset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupersetRosterChangesTest {
    private RealSuperset superset;
    private AccessExpectation expectation;
    private int agentDaily;

    @BeforeAll
    void start() {
        superset = RealSuperset.shared();
        expectation = new AccessExpectation(superset);
        agentDaily = datasetId("kpi_agent_daily");
    }

    private int datasetId(String table) {
        return superset.admin().client.list("/api/v1/dataset/").stream()
                .filter(d -> d.path("table_name").asText().equals(table)).findFirst().orElseThrow().path("id").asInt();
    }

    @AfterEach
    void backToTheFullRoster() {
        RealSuperset.Sync full = superset.sync(superset.roster);
        assertEquals(0, full.exitCode(), full.all());
    }

    private Path rosterWhere(java.util.function.UnaryOperator<String> change) throws IOException {
        String csv = (ServingFixture.ROSTER_CSV + RealSuperset.EXTRA_ROSTER_LINES).lines().map(change).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(superset.work.resolve("roster-changed.csv"), csv);
    }

    @Test
    void aPersonRemovedFromTheRosterIsDeactivatedAtTheNextSyncAndComesBackWithANewPassword() throws IOException {
        String oldPassword = superset.passwordOf("cia");
        superset.as("cia");
        RealSuperset.Sync without = superset.sync(rosterWhere(l -> l.startsWith("A3,cia,") ? "" : l));
        assertEquals(0, without.exitCode(), without.all());
        assertTrue(without.out().contains("1 deactivated"), without.out());
        JsonNode cia = superset.admin().client.list("/api/v1/security/users/").stream()
                .filter(u -> u.path("username").asText().equals("cia")).findFirst().orElseThrow();
        assertFalse(cia.path("active").asBoolean(), "deactivated, not deleted");
        assertThrows(SupersetClient.SupersetException.class, () -> superset.login("cia", oldPassword), "a deactivated user cannot log in");

        RealSuperset.Sync back = superset.sync(superset.roster);
        assertTrue(back.out().contains("1 reactivated"), back.out());
        assertNotEquals(oldPassword, superset.passwordOf("cia"), "a reactivated login gets a new password");
        assertThrows(SupersetClient.SupersetException.class, () -> superset.login("cia", oldPassword));
        assertEquals(List.of("A3"), agentIds(superset.as("cia")));
    }

    @Test
    void aLeadWhoBecomesAnAgentLosesTheTeamsRowsAtTheNextSync() throws IOException {
        assertEquals(List.of("A1", "A2", "A4", "L1"), agentIds(superset.as("lena")));
        RealSuperset.Sync demoted = superset.sync(rosterWhere(l -> l.startsWith("L1,lena,") ? l.replace(",team_lead,", ",agent,") : l));
        assertEquals(0, demoted.exitCode(), demoted.all());
        // Superset's role now filters her as an agent: her own agent id only (the serving access tables still
        // list her as leading T1 until the next publish, which the agent rule does not read)
        assertEquals(List.of("L1"), agentIds(superset.as("lena")));
        assertEquals(List.of("my-performance"), superset.as("lena").dashboards().stream().map(d -> d.path("slug").asText()).toList());
    }

    /**
     * The roster as of today, end to end: the same roster, with three changes dated today (in the serving
     * tables' dates, which the fixture moved so that its last day is today), published and synced as of
     * yesterday and as of today. bo leaves (a {@code left} row); cia (A3) leaves and her login goes to a new
     * person, A9; anna (A1) moves from T1 (lead lena) to T2 (lead lars). Yesterday none of it is in force; today
     * all of it is: anna's team days are T2's from today, and her agent rows from today on are lars's while lena
     * keeps the days before (a lead sees the teams they lead by the team of each date).
     */
    @Test
    void aLeaverIsDeactivatedAReusedLoginSeesNoneOfTheLeaversRowsAndAFutureMoveWaitsForItsDate() throws Exception {
        LocalDate today = ServingFixture.D4.plusDays(superset.shiftDays);
        LocalDate yesterday = today.minusDays(1);
        String shifted = shiftedRoster(ServingFixture.ROSTER_CSV + RealSuperset.EXTRA_ROSTER_LINES);
        Path roster = Files.writeString(superset.work.resolve("roster-as-of-today.csv"), shifted + String.join("\n",
                "A2,bo,Bo Ek,bo@example.com,,,,,,left," + today,
                "A3,cia,Cia Lund,cia@example.com,,,,,,left," + today,
                "A9,cia,Cia Nyberg,cia.nyberg@example.com,PJSIP/209,9009,T2,South,lars,agent," + today,
                "A1,anna,Anna Berg,anna@example.com,PJSIP/201,9001,T2,South,lars,agent," + today, ""));
        List<String> days = java.util.stream.IntStream.range(0, 4).mapToObj(i -> yesterday.minusDays(2).plusDays(i).toString()).toList();
        List<String> beforeTheMove = days.subList(0, 3), fromTheMove = days.subList(3, 4);
        assertEquals(today.toString(), fromTheMove.get(0));
        // the leads' assertions below mean something only if A1 has rows on both sides of the move date
        for (String table : AGENT_GRAIN) {
            assertEquals(days, daysInServing(table, "A1"), "the fixture must hold A1's rows of " + table + " before the move and on its date");
        }

        publishAccessTablesOn(yesterday, roster);
        RealSuperset.Sync before = superset.syncOn(yesterday, roster);
        assertEquals(0, before.exitCode(), before.all());
        assertEquals(List.of("A2"), agentIds(superset.as("bo")), "bo has not left yet");
        assertEquals(List.of("A3"), agentIds(superset.as("cia")), "the login is still the leaver's");
        assertEquals(days.stream().map(d -> d + "|T1").toList(), teamDays(superset.as("anna")), "the move dated today is not in force yet");
        assertEquals(inEveryAgentGrainTable(days), daysOfAgentSeenBy("lena", "A1"), "before the move lena (T1) sees all of A1's days");
        assertEquals(inEveryAgentGrainTable(List.of()), daysOfAgentSeenBy("lars", "A1"), "before the move lars (T2) sees none of A1's");
        String bosPassword = superset.passwordOf("bo"), leaversPassword = superset.passwordOf("cia");

        attributeAsTheBuildDoes(roster, "A1");
        publishAccessTablesOn(today, roster);
        RealSuperset.Sync on = superset.syncOn(today, roster);
        assertEquals(0, on.exitCode(), on.all());
        assertTrue(on.out().contains("1 deactivated"), on.out());
        assertTrue(on.out().contains("1 handed over to a new person"), on.out());
        assertFalse(userNamed("bo").path("active").asBoolean(), "the leaver is deactivated");
        assertThrows(SupersetClient.SupersetException.class, () -> superset.login("bo", bosPassword), "and cannot log in");

        assertNotEquals(leaversPassword, superset.passwordOf("cia"), "the new person gets a password of their own");
        assertThrows(SupersetClient.SupersetException.class, () -> superset.login("cia", leaversPassword), "the leaver's no longer works");
        assertEquals("Nyberg", userNamed("cia").path("last_name").asText());
        assertEquals(List.of(), agentIds(superset.as("cia")), "A9 has no rows yet and sees none of A3's");
        assertTrue(agentIds(superset.as("maja")).contains("A3"), "A3's rows are still there, for management");

        assertEquals(List.of(days.get(0) + "|T1", days.get(1) + "|T1", days.get(2) + "|T1", days.get(3) + "|T2"),
                teamDays(superset.as("anna")), "from today anna's team is T2");

        // a lead sees the agent rows of the teams they lead by the team of each date: the move hands A1's days
        // from today on to lars, and lena keeps the days before it
        assertEquals(inEveryAgentGrainTable(fromTheMove), daysOfAgentSeenBy("lars", "A1"), "lars (T2) sees A1's days from the move on");
        assertEquals(inEveryAgentGrainTable(beforeTheMove), daysOfAgentSeenBy("lena", "A1"), "lena (T1) keeps A1's days before the move");
        assertEquals(inEveryAgentGrainTable(days), daysOfAgentSeenBy("maja", "A1"), "management sees all of them");
    }

    /** The agent-grain datasets, the ones a lead's rule filters by the team of each row's date. */
    private static final List<String> AGENT_GRAIN = List.of("kpi_agent_daily", "kpi_agent_interval", AccessRules.AGENT_VS_TEAM_VIEW);

    private static Map<String, List<String>> inEveryAgentGrainTable(List<String> days) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        AGENT_GRAIN.forEach(t -> out.put(t, days));
        return out;
    }

    /** The days of {@code agentId}'s rows in each agent-grain dataset, as Superset answers them to {@code login}. */
    private Map<String, List<String>> daysOfAgentSeenBy(String login, String agentId) {
        RealSuperset.Session session = superset.as(login);
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String table : AGENT_GRAIN) {
            List<String> keys = AccessExpectation.keys(RealSuperset.requireData(session.chartData(RealSuperset.queryContext(datasetId(table),
                    RealSuperset.rawRows(List.of("date_local", "agent_id")))), table + " as " + login));
            out.put(table, keys.stream().filter(k -> k.endsWith("|" + agentId)).map(k -> k.substring(0, k.indexOf('|'))).distinct().sorted().toList());
        }
        return out;
    }

    /** The days of {@code agentId}'s rows in a serving table, read as the superuser. */
    private List<String> daysInServing(String table, String agentId) {
        return superset.query("SELECT DISTINCT date_local FROM serving." + table + " WHERE agent_id = '" + agentId + "' ORDER BY date_local")
                .stream().map(r -> r.get("date_local").toString()).toList();
    }

    /**
     * What build and publish make of a team move in the marts a lead's rule reads: the build gives every built
     * date from the move's {@code valid_from} on to the team of the roster row valid on that date
     * ({@code BuildPlanner}; {@code KpiRulesTest.aTeamMoveChangesTheTeamFromItsDateAndNeverRewritesHistory}) and
     * publish copies those rows. The fixture's marts are hand-made with the fixture roster, so this writes that
     * attribution of {@code agentId}'s rows into the serving tables (the view follows {@code kpi_agent_daily}),
     * from {@code rosterFile}; {@link #restoreServingTables} puts the old teams back.
     */
    private void attributeAsTheBuildDoes(Path rosterFile, String agentId) throws IOException, SQLException {
        List<RosterRow> rows = RosterReader.read(rosterFile).accepted().stream().filter(r -> r.agentId().equals(agentId)).toList();
        try (Connection c = superset.db.connect()) {
            for (String table : List.of("kpi_agent_daily", "kpi_agent_interval")) {
                boolean named = !superset.query("SELECT 1 FROM information_schema.columns WHERE table_schema = 'serving' AND table_name = '"
                        + table + "' AND column_name = 'team_name'").isEmpty();
                for (Map<String, Object> r : superset.query("SELECT DISTINCT date_local, team_id, " + (named ? "team_name" : "NULL AS team_name")
                        + " FROM serving." + table + " WHERE agent_id = '" + agentId + "'")) {
                    LocalDate day = LocalDate.parse(r.get("date_local").toString());
                    RosterRow inForce = rows.stream().filter(x -> !x.validFrom().isAfter(day))
                            .max(java.util.Comparator.comparing(RosterRow::validFrom)).orElseThrow();
                    if (inForce.teamId().equals(r.get("team_id"))) continue;
                    martTeamsBefore.add(new TeamOfDay(table, agentId, day, (String) r.get("team_id"), (String) r.get("team_name")));
                    setTeam(c, new TeamOfDay(table, agentId, day, inForce.teamId(), named ? inForce.teamName() : null));
                }
            }
        }
    }

    /** The team of an agent's rows of one day in one serving mart; {@code teamName} null where the mart has no such column. */
    private record TeamOfDay(String table, String agentId, LocalDate day, String teamId, String teamName) {}

    private final List<TeamOfDay> martTeamsBefore = new java.util.ArrayList<>();

    private static void setTeam(Connection c, TeamOfDay t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE serving." + t.table() + " SET team_id = ?"
                + (t.teamName() == null ? "" : ", team_name = ?") + " WHERE agent_id = ? AND date_local = ?")) {
            int i = 1;
            ps.setString(i++, t.teamId());
            if (t.teamName() != null) ps.setString(i++, t.teamName());
            ps.setString(i++, t.agentId());
            ps.setObject(i, t.day());
            assertTrue(ps.executeUpdate() > 0, "no rows to attribute: " + t);
        }
    }

    /** The roster with every valid_from moved as far as the fixture's days were moved in serving. */
    private String shiftedRoster(String csv) {
        return csv.lines().map(l -> {
            int comma = l.lastIndexOf(',');
            String last = l.substring(comma + 1);
            return last.matches("\\d{4}-\\d{2}-\\d{2}") ? l.substring(0, comma + 1) + LocalDate.parse(last).plusDays(superset.shiftDays) : l;
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Publishes the access tables of {@code rosterFile} to the test's serving database as {@code indicate
     * publish} would on {@code day}: from a warehouse holding only the roster's dim_agent (no builds, so no mart
     * is touched), with minimum group size 1 so that every team day of an agent is visible.
     */
    private void publishAccessTablesOn(LocalDate day, Path rosterFile) throws IOException {
        if (accessTablesBefore == null) accessTablesBefore = snapshotAccessTables();
        Path root = Files.createTempDirectory(superset.work, "roster-warehouse");
        Warehouse w = Warehouse.open(SparkSessions.getOrCreate(Settings.defaults()), root.toString());
        ServingFixture.writeDimAgent(w, RosterReader.read(rosterFile).accepted());
        Publisher.Report report = Publisher.builder(w, superset.db.jdbcUrl()).user(ServingDatabase.SUPERUSER)
                .today(RealSuperset.middayOf(day), RealSuperset.CENTRE).minTeamAgents(1).build().publish();
        assertTrue(report.buildsPublished().isEmpty() && report.tables().stream().noneMatch(Publisher.TableResult::changed),
                "only the access tables change: " + report);
    }

    private Map<String, List<Map<String, Object>>> accessTablesBefore;

    private static final List<String> ACCESS_TABLES = List.of(AccessRules.ACCESS_PERSON, AccessRules.ACCESS_AGENT_TEAM,
            AccessRules.ACCESS_LEAD_TEAM, AccessRules.ACCESS_POLICY);

    private Map<String, List<Map<String, Object>>> snapshotAccessTables() {
        Map<String, List<Map<String, Object>>> out = new java.util.LinkedHashMap<>();
        for (String t : ACCESS_TABLES) out.put(t, superset.query("SELECT * FROM serving." + t));
        return out;
    }

    /**
     * Puts back the access tables the other tests of this JVM expect (with the quoted-login people) and the teams
     * of the mart rows {@link #attributeAsTheBuildDoes} changed.
     */
    @AfterEach
    void restoreServingTables() throws SQLException {
        if (!martTeamsBefore.isEmpty()) {
            try (Connection c = superset.db.connect()) {
                for (TeamOfDay t : martTeamsBefore) setTeam(c, t);
            }
            martTeamsBefore.clear();
        }
        if (accessTablesBefore == null) return;
        try (Connection c = superset.db.connect()) {
            c.setAutoCommit(false);
            for (Map.Entry<String, List<Map<String, Object>>> t : accessTablesBefore.entrySet()) {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM serving." + t.getKey());
                }
                for (Map<String, Object> row : t.getValue()) {
                    List<String> cols = List.copyOf(row.keySet());
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO serving." + t.getKey() + " (" + String.join(", ", cols)
                            + ") VALUES (" + String.join(", ", cols.stream().map(x -> "?").toList()) + ")")) {
                        for (int i = 0; i < cols.size(); i++) ps.setObject(i + 1, row.get(cols.get(i)));
                        ps.executeUpdate();
                    }
                }
            }
            c.commit();
        }
        accessTablesBefore = null;
    }

    private JsonNode userNamed(String login) {
        return superset.admin().client.list("/api/v1/security/users/").stream()
                .filter(u -> u.path("username").asText().equals(login)).findFirst().orElseThrow();
    }

    private List<String> teamDays(RealSuperset.Session session) {
        return AccessExpectation.keys(RealSuperset.requireData(session.chartData(RealSuperset.queryContext(datasetId("kpi_team_daily"),
                RealSuperset.rawRows(List.of("date_local", "team_id")))), "team days"));
    }

    @Test
    void aSupersetThatIsDownIsOneLineAndExitCode1() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            // any variable that is set will do as the admin password: the request never gets anywhere
            code = IndicateCli.run("superset", "sync", "--url", "http://127.0.0.1:" + closedPort, "--user", "admin",
                    "--password-env", "PATH", "--roster", superset.roster.toString(),
                    "--assets", RepositoryFiles.supersetAssets().toString());
        } finally {
            System.setErr(original);
        }
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code, text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("cannot reach Superset at http://127.0.0.1:" + closedPort), text);
    }

    private List<String> agentIds(RealSuperset.Session session) {
        return AccessExpectation.keys(RealSuperset.requireData(session.chartData(RealSuperset.queryContext(agentDaily,
                RealSuperset.rawRows(List.of("agent_id")))), "agent ids")).stream().distinct().map(k -> k.substring(k.indexOf('|') + 1)).sorted().toList();
    }
}
