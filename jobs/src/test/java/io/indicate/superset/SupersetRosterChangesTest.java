package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import io.indicate.cli.IndicateCli;
import io.indicate.publish.ServingFixture;
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
import java.util.List;
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
        agentDaily = superset.admin().client.list("/api/v1/dataset/").stream()
                .filter(d -> d.path("table_name").asText().equals("kpi_agent_daily")).findFirst().orElseThrow().path("id").asInt();
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
