package io.indicate.superset;

import io.indicate.cli.SupersetSyncCommand;
import com.fasterxml.jackson.databind.JsonNode;
import io.indicate.publish.ServingFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code superset sync} follows the roster row in force on the sync's date (against {@link FakeSuperset}, with
 * "today" set through the command's clock): a future-dated row takes effect on its date, a {@code left} row
 * deactivates, a login handed from a leaver to a new person in one step gets a new password, and duplicate
 * {@code (agent_id, valid_from)} rows stop the sync before anything is sent.
 */
class SupersetRosterOnDateTest {
    private static final LocalDate CHANGE = LocalDate.of(2025, 6, 1);
    private static final String BO_BECOMES_LEAD = "A2,bo,Bo Ek,bo@example.com,PJSIP/202,9002,T2,South,lars,team_lead," + CHANGE;
    private static final String CIA_LEAVES = "A3,cia,Cia Lund,cia@example.com,,,,,,left," + CHANGE;
    private static final String NEW_CIA = "A9,cia,Cia Nyberg,cia.nyberg@example.com,PJSIP/209,9009,T2,South,lars,agent," + CHANGE;

    @TempDir Path dir;
    private FakeSuperset superset;

    @BeforeEach
    void start() throws Exception {
        superset = new FakeSuperset();
    }

    @AfterEach
    void stop() {
        superset.close();
    }

    private record Run(int exitCode, String out, String err) {
        String all() { return out + err; }
    }

    private Path roster(String... extraLines) throws IOException {
        return Files.writeString(dir.resolve("roster.csv"), ServingFixture.ROSTER_CSV + String.join("\n", extraLines) + "\n");
    }

    private Run syncOn(LocalDate today, Path rosterFile) {
        return sync(Clock.fixed(today.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC), rosterFile, "--timezone", "UTC");
    }

    private Run sync(Clock clock, Path rosterFile, String... zoneArgs) {
        Map<String, String> env = Map.of("SUPERSET_PW", FakeSuperset.ADMIN_PASSWORD);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new SupersetSyncCommand(env::get, clock));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        List<String> args = new java.util.ArrayList<>(List.of("--url", superset.url().toString(), "--user", FakeSuperset.ADMIN,
                "--password-env", "SUPERSET_PW", "--roster", rosterFile.toString(), "--assets", RepositoryFiles.supersetAssets().toString(),
                "--initial-password-dir", dir.resolve("passwords").toString()));
        args.addAll(List.of(zoneArgs));
        int code = cli.execute(args.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    private String passwordFile(String login) throws IOException {
        return Files.readString(dir.resolve("passwords").resolve(login + ".password")).strip();
    }

    @Test
    void aFutureDatedRoleChangeTakesEffectOnItsDateNotBefore() throws IOException {
        Path r = roster(BO_BECOMES_LEAD);
        Run before = syncOn(CHANGE.minusDays(1), r);
        assertEquals(0, before.exitCode(), before.all());
        assertEquals(Set.of("Agent"), roleNames(superset.userNamed("bo")), "the row dated tomorrow is not in force yet");

        Run on = syncOn(CHANGE, r);
        assertEquals(0, on.exitCode(), on.all());
        assertEquals(Set.of("TeamLead"), roleNames(superset.userNamed("bo")), "on its date it is");
    }

    /** 23:30 UTC on the eve of the change is already the change's date in Stockholm (UTC+2 in summer). */
    @Test
    void todayIsTheDateInTheConfiguredTimezone() throws IOException {
        Path r = roster(BO_BECOMES_LEAD);
        Clock eveningBefore = Clock.fixed(CHANGE.minusDays(1).atTime(23, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        Run utc = sync(eveningBefore, r, "--config", Files.writeString(dir.resolve("utc.yaml"), "timezone: UTC\n").toString());
        assertEquals(0, utc.exitCode(), utc.all());
        assertEquals(Set.of("Agent"), roleNames(superset.userNamed("bo")), "in UTC it is still the day before");

        Run stockholm = sync(eveningBefore, r, "--config", Files.writeString(dir.resolve("sthlm.yaml"), "timezone: Europe/Stockholm\n").toString());
        assertEquals(0, stockholm.exitCode(), stockholm.all());
        assertEquals(Set.of("TeamLead"), roleNames(superset.userNamed("bo")), "in Stockholm the change's date has begun");

        Run flag = sync(eveningBefore, r, "--config", dir.resolve("sthlm.yaml").toString(), "--timezone", "UTC");
        assertEquals(0, flag.exitCode(), flag.all());
        assertEquals(Set.of("Agent"), roleNames(superset.userNamed("bo")), "--timezone overrides the config");
    }

    @Test
    void aLeftRowDeactivatesTheLeaverOnItsDate() throws IOException {
        Path r = roster(CIA_LEAVES);
        assertEquals(0, syncOn(CHANGE.minusDays(1), r).exitCode());
        assertTrue(superset.userNamed("cia").path("active").asBoolean(), "still employed the day before");

        Run on = syncOn(CHANGE, r);
        assertEquals(0, on.exitCode(), on.all());
        assertTrue(on.out().contains("1 deactivated"), on.out());
        assertFalse(superset.userNamed("cia").path("active").asBoolean(), "a left row takes access away at the next sync");
    }

    @Test
    void aLoginPassedFromALeaverToANewPersonInOneStepGetsANewPasswordOnceAndTheNewPersonsName() throws IOException {
        Path r = roster(CIA_LEAVES, NEW_CIA);
        assertEquals(0, syncOn(CHANGE.minusDays(1), r).exitCode());
        String leaversPassword = passwordFile("cia");
        int ciaId = superset.userNamed("cia").path("id").asInt();

        Run handover = syncOn(CHANGE, r);
        assertEquals(0, handover.exitCode(), handover.all());
        assertTrue(handover.out().contains("1 handed over to a new person"), handover.out());
        JsonNode cia = superset.userNamed("cia");
        assertEquals(ciaId, cia.path("id").asInt(), "the same Superset user (the login is the key)");
        assertTrue(cia.path("active").asBoolean());
        assertEquals("Nyberg", cia.path("last_name").asText());
        assertEquals("cia.nyberg@example.com", cia.path("email").asText());
        assertNotEquals(leaversPassword, passwordFile("cia"), "the new person never gets the leaver's password");
        assertEquals(passwordFile("cia"), cia.path("password").asText(), "the account's password is the new file's");

        int writesBefore = superset.writes().size();
        Run again = syncOn(CHANGE, r);
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(writesBefore, superset.writes().size(), "the handover happens once: " + again.out());
    }

    @Test
    void aLoginReusedLongAgoIsNotResetAgainAtEverySync() throws IOException {
        // A9 took over cia's login long ago (the leaver's row is old): the account already carries A9's identity
        Path r = Files.writeString(dir.resolve("roster.csv"), ServingFixture.ROSTER_CSV.replace(
                "A3,cia,Cia Lund,cia@example.com,PJSIP/203,9003,T2,South,lars,agent,2025-01-01\n", "")
                + "A3,cia,Cia Lund,cia@example.com,PJSIP/203,9003,T2,South,lars,agent,2024-01-01\n"
                + "A3,cia,Cia Lund,cia@example.com,,,,,,left,2024-06-01\n"
                + "A9,cia,Cia Nyberg,cia.nyberg@example.com,PJSIP/209,9009,T2,South,lars,agent,2024-09-01\n");
        assertEquals(0, syncOn(CHANGE, r).exitCode());
        String first = passwordFile("cia");
        Run again = syncOn(CHANGE.plusDays(1), r);
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("nothing sent"), again.out());
        assertEquals(first, passwordFile("cia"));
    }

    @Test
    void duplicateAgentAndValidFromRowsStopTheSyncBeforeAnythingIsSentNamingFileLinesAndAgent() throws IOException {
        Path r = roster("A2,bo,Bo Ek,bo@example.com,PJSIP/202,9002,T1,North,lena,team_lead,2025-01-01");
        Run run = syncOn(CHANGE, r);
        assertEquals(1, run.exitCode(), run.all());
        String err = run.err();
        assertTrue(err.contains(r.toString()), err);
        assertTrue(err.contains("agent A2 has 2 rows valid from 2025-01-01 (lines 3, 9)"), err);
        assertEquals(List.of(), superset.writes(), "nothing is sent for a roster that is refused");
    }

    private static Set<String> roleNames(JsonNode user) {
        Set<String> out = new TreeSet<>();
        user.path("roles").forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
