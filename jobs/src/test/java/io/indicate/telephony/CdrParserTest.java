package io.indicate.telephony;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdrParserTest {
    private static final String EIGHTEEN = "\"\",\"201\",\"+46701234567\",\"from-internal\",\"\"\"Berg, Anna\"\" <201>\","
            + "\"PJSIP/201-00000001\",\"PJSIP/trunk-00000002\",\"Dial\",\"PJSIP/+46701234567@trunk,30\","
            + "\"2026-03-10 23:50:00\",\"2026-03-10 23:50:10\",\"2026-03-11 00:00:10\",610,600,\"ANSWERED\","
            + "\"DOCUMENTATION\",\"1773183000.1\",\"\"";

    @Test
    void anEighteenColumnLineWithQuotedCommasIsReadFieldByField() {
        CdrParser.Result r = CdrParser.parse(EIGHTEEN);
        assertTrue(r.ok(), r.reason());
        assertEquals("\"Berg, Anna\" <201>", r.fields().get(4));
        assertEquals("PJSIP/+46701234567@trunk,30", r.fields().get(8));
        assertEquals(600L, r.billsec());
        assertEquals("2026-03-10", r.startDate().toString(), "the PBX's local date of start");
        assertNull(r.fields().get(18), "no linkedid in the older format");
    }

    @Test
    void aTwentyOneColumnLineKeepsLinkedidPeeraccountAndSequence() {
        CdrParser.Result r = CdrParser.parse(EIGHTEEN + ",\"1773183000.1\",\"\",\"7\"");
        assertTrue(r.ok(), r.reason());
        assertEquals("1773183000.1", r.fields().get(18));
        assertEquals("7", r.fields().get(20));
    }

    @Test
    void otherColumnCountsUnreadableTimesAndNumbersAreRejectedWithTheReason() {
        assertEquals("expected 18 or 21 columns, found 19", CdrParser.parse(EIGHTEEN + ",\"x\"").reason());
        CdrParser.Result badStart = CdrParser.parse(EIGHTEEN.replace("2026-03-10 23:50:00", "10/03/2026 23:50"));
        assertFalse(badStart.ok());
        assertEquals("start '10/03/2026 23:50' is not a time YYYY-MM-DD HH:MM:SS", badStart.reason());
        assertTrue(CdrParser.parse(EIGHTEEN.replace(",600,", ",six hundred,")).reason().contains("billsec 'six hundred'"));
    }
}
