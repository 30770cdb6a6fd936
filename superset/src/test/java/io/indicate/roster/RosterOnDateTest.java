package io.indicate.roster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roster's leaver rows, its refusal of duplicate rows, and who it says has access on a date. */
class RosterOnDateTest {
    private static final String HEADER =
            "agent_id,login,full_name,email,telephony_id,crm_user_id,team_id,team_name,team_lead_login,role,valid_from\n";
    private static final LocalDate MOVE = LocalDate.of(2025, 6, 1);

    private static List<RosterRow> read(String body) throws IOException {
        RosterReader.Result r = RosterReader.read(new StringReader(HEADER + body), "roster.csv");
        assertEquals(List.of(), r.rejected());
        return r.accepted();
    }

    @Test
    void aLeftRowIsAcceptedInAnyCaseAndHasNoRole() throws IOException {
        List<RosterRow> rows = read("A1,anna,Anna Berg,,,,T1,North,lena,agent,2025-01-01\n"
                + "A1,anna,Anna Berg,,,,,,,Left,2025-05-01\n");
        assertFalse(rows.get(0).left());
        assertTrue(rows.get(1).left());
        assertEquals(null, rows.get(1).role());
    }

    @Test
    void anUnknownRoleNamesTheFourAllowedOnes() throws IOException {
        RosterReader.Result r = RosterReader.read(new StringReader(HEADER + "A1,anna,,,,,,,,gone,2025-01-01\n"), "roster.csv");
        assertEquals("role 'gone' is not one of agent, team_lead, management, left", r.rejected().get(0).reason());
    }

    @Test
    void twoRowsOfOneAgentWithTheSameValidFromRefuseTheFileNamingFileAgentDateAndLines() {
        String body = "A1,anna,,,,,T1,North,lena,agent,2025-01-01\n"
                + "A2,bo,,,,,T1,North,lena,agent,2025-01-01\n"
                + "A1,anna,,,,,T2,South,lars,agent,2025-01-01\n"
                + "A1,anna,,,,,T2,South,lars,agent,2025-02-01\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RosterReader.read(new StringReader(HEADER + body), "hr/roster-2025-06.csv"));
        assertEquals("roster hr/roster-2025-06.csv: agent A1 has 2 rows valid from 2025-01-01 (lines 2, 4); each (agent_id, "
                + "valid_from) may appear once: keep the one row that holds from that date", e.getMessage());
    }

    @Test
    void theRowInForceIsTheLatestOnOrBeforeTheDayAFutureRowWaitsForItsDate() throws IOException {
        List<RosterRow> rows = read("A1,anna,,,,,T1,North,lena,agent,2025-01-01\n"
                + "A1,anna,,,,,T2,South,lars,team_lead,2025-06-01\n");
        assertEquals("T1", RosterOnDate.people(rows, MOVE.minusDays(1)).get(0).teamId());
        assertEquals(Role.AGENT, RosterOnDate.people(rows, MOVE.minusDays(1)).get(0).role());
        assertEquals(Role.TEAM_LEAD, RosterOnDate.people(rows, MOVE).get(0).role());
        assertEquals(List.of(), RosterOnDate.people(rows, LocalDate.of(2024, 12, 31)), "nobody before their first row");
    }

    @Test
    void aLeaverHasNoAccessFromTheLeftRowOnAndTheirLoginMayPassToSomeoneNew() throws IOException {
        List<RosterRow> rows = read("A1,anna,,,,,T1,North,lena,agent,2025-01-01\n"
                + "A1,anna,,,,,,,,left,2025-06-01\n"
                + "A7,anna,,,,,T2,South,lars,agent,2025-06-01\n");
        assertEquals("A1", RosterOnDate.people(rows, MOVE.minusDays(1)).get(0).agentId());
        assertEquals(List.of("A7"), RosterOnDate.people(rows, MOVE).stream().map(RosterRow::agentId).toList());
        assertTrue(RosterOnDate.heldByOtherAgentBefore(rows, "anna", "A7", MOVE));
        assertFalse(RosterOnDate.heldByOtherAgentBefore(rows, "anna", "A1", MOVE.minusDays(1)), "nobody else before A7 starts");
    }

    @Test
    void aLoginHeldByTwoAgentsOnTheSameDayIsAnErrorNamingBoth() throws IOException {
        List<RosterRow> rows = read("A1,anna,,,,,T1,North,lena,agent,2025-01-01\n"
                + "A7,anna,,,,,T2,South,lars,agent,2025-06-01\n");
        assertEquals(1, RosterOnDate.people(rows, MOVE.minusDays(1)).size(), "before A7 starts the login is A1's alone");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RosterOnDate.people(rows, MOVE));
        assertEquals("roster: login 'anna' is used on 2025-06-01 by agents A1 and A7 (a login must name one person)", e.getMessage());
    }
}
