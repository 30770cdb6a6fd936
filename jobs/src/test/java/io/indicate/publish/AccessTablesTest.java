package io.indicate.publish;

import io.indicate.security.AccessRules;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The access tables as of a day: future rows wait for their date, leavers are gone, a reused login starts afresh. */
class AccessTablesTest {
    private static final LocalDate JAN = LocalDate.of(2025, 1, 1);
    private static final LocalDate JUNE = LocalDate.of(2025, 6, 1);

    private static AccessTables.AgentVersion v(String agent, String login, String team, String lead, String role,
                                               LocalDate from, LocalDate to) {
        return new AccessTables.AgentVersion(agent, login, team, lead, role, from, to);
    }

    /** anna (A1) leaves on JUNE and her login goes to A7; bo (A2) moves from T1 to T2 on JUNE; lena leads T1, lars T2. */
    private static final List<AccessTables.AgentVersion> ROSTER = List.of(
            v("A1", "anna", "T1", "lena", "agent", JAN, JUNE),
            v("A1", "anna", null, null, "left", JUNE, null),
            v("A7", "anna", "T2", "lars", "agent", JUNE, null),
            v("A2", "bo", "T1", "lena", "agent", JAN, JUNE),
            v("A2", "bo", "T2", "lars", "agent", JUNE, null),
            v("L1", "lena", "T1", "maja", "team_lead", JAN, null),
            v("L2", "lars", "T2", "maja", "team_lead", JAN, null));

    private static Map<String, List<List<Object>>> derive(List<AccessTables.AgentVersion> versions, LocalDate today) {
        return AccessTables.derive(versions, today, 3).stream()
                .collect(Collectors.toMap(AccessTables.Content::table, AccessTables.Content::rows));
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void theDayBeforeTheChangesTheOldRowsHoldAndTheFutureOnesAreNotPublished() {
        Map<String, List<List<Object>>> t = derive(ROSTER, JUNE.minusDays(1));
        assertEquals(List.of(row("anna", "agent", "A1"), row("bo", "agent", "A2"), row("lars", "team_lead", "L2"),
                row("lena", "team_lead", "L1")), t.get(AccessRules.ACCESS_PERSON));
        assertEquals(List.of(row("anna", "A1", "T1", JAN, null), row("bo", "A2", "T1", JAN, null),
                row("lars", "L2", "T2", JAN, null), row("lena", "L1", "T1", JAN, null)), t.get(AccessRules.ACCESS_AGENT_TEAM),
                "bo's move and anna's leaving on JUNE are not published before JUNE, not even as an end date");
        assertEquals(List.of(row("lena", "T1")), t.get(AccessRules.ACCESS_LEAD_TEAM),
                "lars leads T2 once rows in force name him (bo's and A7's, from JUNE); maja, named by the leads' rows, "
                        + "is no person of this roster and leads nothing here");
    }

    @Test
    void onTheDateTheMoveHoldsTheLeaverIsGoneAndTheReusedLoginSeesOnlyTheNewPersonsRows() {
        Map<String, List<List<Object>>> t = derive(ROSTER, JUNE);
        assertEquals(List.of(row("anna", "agent", "A7"), row("bo", "agent", "A2"), row("lars", "team_lead", "L2"),
                row("lena", "team_lead", "L1")), t.get(AccessRules.ACCESS_PERSON));
        List<List<Object>> annas = t.get(AccessRules.ACCESS_AGENT_TEAM).stream().filter(r -> r.get(0).equals("anna")).toList();
        assertEquals(List.of(row("anna", "A7", "T2", JUNE, null)), annas, "none of A1's team history under the login");
        assertEquals(List.of(row("bo", "A2", "T1", JAN, JUNE), row("bo", "A2", "T2", JUNE, null)),
                t.get(AccessRules.ACCESS_AGENT_TEAM).stream().filter(r -> r.get(0).equals("bo")).toList());
        assertEquals(List.of(row("lars", "T2")), t.get(AccessRules.ACCESS_LEAD_TEAM), "T1 has no agent left: lena leads none");
        assertEquals(List.of(List.of(3)), t.get(AccessRules.ACCESS_POLICY));
    }

    @Test
    void aLeadWhoLeftLeadsNothingEvenWhileRowsStillNameThem() {
        List<AccessTables.AgentVersion> versions = List.of(
                v("A1", "anna", "T1", "lena", "agent", JAN, null),
                v("L1", "lena", "T1", "maja", "team_lead", JAN, JUNE),
                v("L1", "lena", null, null, "left", JUNE, null));
        assertEquals(List.of(row("lena", "T1")), derive(versions, JUNE.minusDays(1)).get(AccessRules.ACCESS_LEAD_TEAM));
        assertEquals(List.of(), derive(versions, JUNE).get(AccessRules.ACCESS_LEAD_TEAM));
    }

    @Test
    void aLoginHeldByTwoAgentsOnTheSameDayAndABadMinimumAreErrors() {
        List<AccessTables.AgentVersion> clash = List.of(v("A1", "anna", "T1", "lena", "agent", JAN, null),
                v("A7", "anna", "T2", "lars", "agent", JUNE, null));
        assertEquals(1, derive(clash, JUNE.minusDays(1)).get(AccessRules.ACCESS_PERSON).size());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> derive(clash, JUNE));
        assertEquals("login 'anna' belongs on 2025-06-01 to two agents: A1 and A7 (a login must name one person)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AccessTables.derive(clash, JAN, 0));
    }
}
