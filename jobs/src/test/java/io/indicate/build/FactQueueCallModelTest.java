package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.testing.QueueLogLines;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * silver.fact_queue_call: a queue call is a (callid, queue) pair with an ENTERQUEUE, dated by its ENTERQUEUE, its
 * outcome, wait and talk from its events (KPI-DEFINITIONS.md, Telephony: the queue call). Roster: A1 is PJSIP/201.
 */
@ModelTest
class FactQueueCallModelTest {
    private static final String FACT = "date_local, queue, callid, outcome, wait_s, talk_s, member, agent_id";

    private static ModelHarness withAgents(String... dates) {
        return ModelHarness.forDates(dates)
                .given(Table.SILVER_DIM_AGENT, "agent_id, login, telephony_id, team_id, role, valid_from, valid_to",
                        row("A1", "anna.one", "PJSIP/201", "T1", "agent", "2025-01-01", null));
    }

    @Test
    void aCallEnteringBeforeMidnightIsTheAgentsOnTheDayItEnteredAlsoWhenTheAgentsFirstEventIsAfterMidnight() {
        // PJSIP/201 is a static queue member (no ADDMEMBER or AGENTLOGIN): its first event of the night is the
        // CONNECT at 00:00:20 of a call that entered at 23:59:50; the call, and its agent A1, belong to the 10th
        QueueLogLines log = QueueLogLines.stockholm()
                .at("2026-03-10T23:59:50", "c1", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-11T00:00:20", "c1", "support", "PJSIP/201", "CONNECT", "30", "b1", "2")
                .at("2026-03-11T00:03:20", "c1", "support", "PJSIP/201", "COMPLETEAGENT", "30", "180", "1");
        withAgents("2026-03-10")
                .given(Table.BRONZE_QUEUE_LOG, QueueLogRows.COLUMNS, QueueLogRows.of(log))
                .expect(Table.SILVER_FACT_QUEUE_CALL, FACT,
                        row("2026-03-10", "support", "c1", "answered", 30, 180, "PJSIP/201", "A1"));
    }

    @Test
    void aCallThatOverflowsIntoASecondQueueIsTwoQueueCallsEachWithItsOwnOutcome() {
        // c2 times out of support after 300 s (data3) and enters sales, where A1 answers it after 20 s and hands it on
        // by an attended transfer after 100 s of talk (calltime: data4); c3, blind-transferred after 70 s (data4)
        QueueLogLines log = QueueLogLines.stockholm()
                .at("2026-03-10T10:00:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T10:05:00", "c2", "support", "NONE", "EXITWITHTIMEOUT", "1", "1", "300")
                .at("2026-03-10T10:05:00", "c2", "sales", "NONE", "ENTERQUEUE", "", "+46702222222", "1")
                .at("2026-03-10T10:05:20", "c2", "sales", "PJSIP/201", "CONNECT", "20", "b2", "3")
                .at("2026-03-10T10:07:00", "c2", "sales", "PJSIP/201", "ATTENDEDTRANSFER", "BRIDGE", "b9", "20", "100", "1")
                .at("2026-03-10T11:00:00", "c3", "sales", "NONE", "ENTERQUEUE", "", "+46703333333", "1")
                .at("2026-03-10T11:00:10", "c3", "sales", "PJSIP/201", "CONNECT", "10", "b3", "1")
                .at("2026-03-10T11:01:20", "c3", "sales", "PJSIP/201", "BLINDTRANSFER", "300", "internal", "10", "70", "1");
        withAgents("2026-03-10")
                .given(Table.BRONZE_QUEUE_LOG, QueueLogRows.COLUMNS, QueueLogRows.of(log))
                .expect(Table.SILVER_FACT_QUEUE_CALL, FACT + ", terminal_event, is_completed, is_transfer",
                        row("2026-03-10", "sales", "c2", "answered", 20, 100, "PJSIP/201", "A1", "ATTENDEDTRANSFER", true, true),
                        row("2026-03-10", "sales", "c3", "answered", 10, 70, "PJSIP/201", "A1", "BLINDTRANSFER", true, true),
                        row("2026-03-10", "support", "c2", "timed_out", 300, null, null, null, "EXITWITHTIMEOUT", false, false));
    }

    @Test
    void aCallLeavingTheQueueWaitedTheWaittimeOfItsEventExitWithKeysInData4() {
        // EXITWITHKEY: key, position, origposition, waittime; EXITEMPTY and EXITWITHTIMEOUT: position, origposition,
        // waittime. c5 pressed 1 after 12 s from position 2 (origposition 3)
        QueueLogLines log = QueueLogLines.stockholm()
                .at("2026-03-10T09:00:00", "c5", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "3")
                .at("2026-03-10T09:00:12", "c5", "support", "NONE", "EXITWITHKEY", "1", "2", "3", "12")
                .at("2026-03-10T09:01:00", "c6", "support", "NONE", "ENTERQUEUE", "", "+46706666666", "1")
                .at("2026-03-10T09:01:07", "c6", "support", "NONE", "EXITEMPTY", "1", "1", "7");
        withAgents("2026-03-10")
                .given(Table.BRONZE_QUEUE_LOG, QueueLogRows.COLUMNS, QueueLogRows.of(log))
                .expect(Table.SILVER_FACT_QUEUE_CALL, "callid, outcome, terminal_event, wait_s",
                        row("c5", "timed_out", "EXITWITHKEY", 12),
                        row("c6", "timed_out", "EXITEMPTY", 7));
    }

    /** KPI-DEFINITIONS.md: "its outcome is decided by its terminal event"; a loop back into the queue is not one. */
    @Test
    void aCallBackInTheSameQueueAfterATimeoutHasTheOutcomeOfItsLastLeavingEvent() {
        QueueLogLines log = QueueLogLines.stockholm()
                .at("2026-03-10T09:00:00", "c7", "support", "NONE", "ENTERQUEUE", "", "+46707777777", "1")
                .at("2026-03-10T09:05:00", "c7", "support", "NONE", "EXITWITHTIMEOUT", "1", "1", "300")
                .at("2026-03-10T09:05:30", "c7", "support", "NONE", "ENTERQUEUE", "", "+46707777777", "1")
                .at("2026-03-10T09:06:10", "c7", "support", "NONE", "ABANDON", "1", "1", "40");
        withAgents("2026-03-10")
                .given(Table.BRONZE_QUEUE_LOG, QueueLogRows.COLUMNS, QueueLogRows.of(log))
                .expect(Table.SILVER_FACT_QUEUE_CALL, "date_local, callid, outcome, terminal_event, wait_s",
                        row("2026-03-10", "c7", "abandoned", "ABANDON", 40));
    }
}
