package io.indicate.goals;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The goals CSV contract (README, Goals): each broken rule rejects its row with its line and a reason; the rest are accepted. */
class GoalsReaderTest {
    private static final String HEADER = "scope,scope_id,kpi,direction,value,valid_from,set_by\n";

    private static GoalsReader.Result read(String body) throws IOException {
        return GoalsReader.read(new StringReader(HEADER + body), "goals.csv");
    }

    @Test
    void eachBrokenRuleRejectsItsRowWithLineAndReasonAndTheOthersAreAccepted() throws IOException {
        GoalsReader.Result r = read(String.join("\n",
                "organisation,,calls_answered,higher,2,2026-01-01,boss",          // 2 ok
                "region,R1,calls_answered,higher,2,2026-01-01,boss",              // 3 scope
                "team,T1,service_level_pct,higher,80,2026-01-01,lead.one",         // 4 kpi
                "team,T1,aht_s,smaller,300,2026-01-01,lead.one",                   // 5 direction
                "team,T1,aht_s,lower,fast,2026-01-01,lead.one",                    // 6 value
                "team,T1,aht_s,lower,300,01/02/2026,lead.one",                     // 7 valid_from
                "team,T1,aht_s,lower,300,2026-01-01,",                             // 8 set_by empty
                "organisation,T1,aht_s,lower,300,2026-01-01,boss",                 // 9 scope_id for the organisation
                "agent,,aht_s,lower,300,2026-01-01,anna.one",                      // 10 scope_id missing
                "agent,A1,csat_pct,HIGHER,90,2026-01-01,anna.one",                 // 11 ok (case of direction ignored)
                "team,T1,aht_s,lower,300,2026-01-01,lead.one,extra",              // 12 field count
                "team,T1,aht_s,lower,NaN,2026-01-01,lead.one",                     // 13 not finite
                "team,T1,aht_s,lower,300,2026-01-01,lead one") + "\n");            // 14 login with a space
        assertEquals(List.of(2L, 11L), r.accepted().stream().map(GoalsReader.Accepted::line).toList());
        Map<Long, String> reasons = r.rejected().stream().collect(Collectors.toMap(GoalsReader.Reject::line, GoalsReader.Reject::reason));
        assertEquals(11, reasons.size());
        assertTrue(reasons.get(3L).startsWith("scope 'region' is not one of"), reasons.get(3L));
        assertTrue(reasons.get(4L).startsWith("kpi 'service_level_pct' is not one of"), reasons.get(4L));
        assertEquals("direction 'smaller' is not one of higher, lower", reasons.get(5L));
        assertEquals("value 'fast' is not a number", reasons.get(6L));
        assertEquals("valid_from '01/02/2026' is not a date YYYY-MM-DD", reasons.get(7L));
        assertTrue(reasons.get(8L).startsWith("empty set_by"), reasons.get(8L));
        assertEquals("scope_id 'T1' must be empty for an organisation goal", reasons.get(9L));
        assertEquals("empty scope_id: a agent goal names its agent_id", reasons.get(10L));
        assertEquals("expected 7 fields, found 8", reasons.get(12L));
        assertEquals("value 'NaN' is not a finite number", reasons.get(13L));
        assertTrue(reasons.get(14L).startsWith("set_by 'lead one'"), reasons.get(14L));
        assertEquals("higher", r.accepted().get(1).fields().get("direction"));
    }

    @Test
    void theSameGoalTwiceInOneFileRejectsBothNamingTheOtherLine() throws IOException {
        GoalsReader.Result r = read(String.join("\n",
                "team,T1,aht_s,lower,300,2026-01-01,lead.one",
                "team,T1,aht_s,lower,280,2026-01-01,lead.one",
                "team,T1,aht_s,lower,280,2026-02-01,lead.one") + "\n");
        assertEquals(List.of(4L), r.accepted().stream().map(GoalsReader.Accepted::line).toList());
        assertEquals(List.of(2L, 3L), r.rejected().stream().map(GoalsReader.Reject::line).toList());
        assertTrue(r.rejected().get(0).reason().startsWith("the same goal (scope, scope_id, kpi, valid_from) is also on line(s) 3"),
                r.rejected().get(0).reason());
        assertTrue(r.rejected().get(1).reason().contains("also on line(s) 2"), r.rejected().get(1).reason());
    }

    @Test
    void aFileWithoutAColumnIsRefusedNamingTheHeaderExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GoalsReader.read(new StringReader("scope,scope_id,kpi,value,valid_from,set_by\n"), "goals.csv"));
        assertEquals("goals goals.csv: missing column(s) [direction]; expected header scope,scope_id,kpi,direction,value,valid_from,set_by",
                e.getMessage());
    }
}
