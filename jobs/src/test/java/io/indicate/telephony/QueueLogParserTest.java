package io.indicate.telephony;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueLogParserTest {

    @Test
    void aCompleteLineGivesEveryField() {
        QueueLogEvent e = QueueLogParser.parse("1761631310|c1|support|PJSIP/201|CONNECT|10|b1|2").event();
        assertEquals(1761631310L, e.epoch());
        assertEquals("c1", e.callid());
        assertEquals("support", e.queue());
        assertEquals("PJSIP/201", e.agent());
        assertEquals("CONNECT", e.event());
        assertEquals("10", e.data1());
        assertEquals("2", e.data3());
        assertNull(e.data4());
    }

    @Test
    void missingTrailingFieldsAreAccepted() {
        assertTrue(QueueLogParser.parse("1761631200|NONE|NONE|NONE|QUEUESTART").ok());
        assertTrue(QueueLogParser.parse("1761631200|NONE|support|PJSIP/201|UNPAUSE|").ok());
    }

    @Test
    void fieldsBeyondData5StayInData5() {
        QueueLogEvent e = QueueLogParser.parse("1761631200|c1|q|a|CUSTOM|1|2|3|4|5|6|7").event();
        assertEquals("5|6|7", e.data5());
    }

    @Test
    void unknownWellFormedEventsAreKept() {
        assertTrue(QueueLogParser.parse("1761631200|c1|q|NONE|SOMETHINGNEW|x").ok());
    }

    @Test
    void badLinesAreRejectedWithAReasonThatSaysWhatWasExpected() {
        assertReason("garbage line", "expected at least 5");
        assertReason("abc|c1|q|NONE|ENTERQUEUE||123|1", "epoch 'abc' is not a whole number");
        assertReason("12|c1|q|NONE|ENTERQUEUE||123|1", "not between 2000 and 2100");
        assertReason("1761631200|c1|q|NONE|enterqueue||123|1", "not an upper-case event name");
        assertReason("1761631200||q|NONE|ENTERQUEUE||123|1", "ENTERQUEUE needs a call id and a queue");
        assertReason("1761631200|c1|NONE|NONE|ABANDON|1|1|3", "ABANDON needs a call id and a queue");
        assertReason("1761631200|c1|q|PJSIP/1|CONNECT|ten|b|2", "CONNECT holdtime (data1) 'ten' is not a whole number");
        assertReason("1761631200|c1|q|PJSIP/1|COMPLETEAGENT|10", "COMPLETEAGENT calltime (data2) '' is not a whole number");
        assertReason("1761631200|c1|q|NONE|EXITWITHKEY|1|1|1", "EXITWITHKEY waittime (data4)");
    }

    private static void assertReason(String line, String expected) {
        QueueLogParser.Result r = QueueLogParser.parse(line);
        assertFalse(r.ok(), line);
        assertTrue(r.reason().contains(expected), () -> "reason for '" + line + "' was: " + r.reason());
    }
}
