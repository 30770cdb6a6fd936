package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.testing.QueueLogLines;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/**
 * silver.fact_ring_no_answer: a RINGNOANSWER counts for the agent rung, on the local date of the event, not of the
 * call (KPI-DEFINITIONS.md, Telephony: the agent's day). Roster: A1 is PJSIP/201, A2 PJSIP/202.
 */
@ModelTest
class FactRingNoAnswerModelTest {
    @Test
    void aRingAfterMidnightCountsOnTheDateOfTheRingNotOfTheCallsEnterQueue() {
        QueueLogLines log = QueueLogLines.stockholm()
                .at("2026-03-10T23:59:30", "c1", "support", "NONE", "ENTERQUEUE", "", "+46701111111", "1")
                .at("2026-03-10T23:59:45", "c1", "support", "PJSIP/201", "RINGNOANSWER", "15000")
                .at("2026-03-11T00:00:10", "c1", "support", "PJSIP/202", "RINGNOANSWER", "15000")
                .at("2026-03-11T00:00:30", "c1", "support", "PJSIP/201", "CONNECT", "60", "b1", "1");
        ModelHarness.forDates("2026-03-10", "2026-03-11")
                .given(Table.SILVER_DIM_AGENT, "agent_id, login, telephony_id, role, valid_from, valid_to",
                        row("A1", "anna.one", "PJSIP/201", "agent", "2025-01-01", null),
                        row("A2", "bo.two", "PJSIP/202", "agent", "2025-01-01", null))
                .given(Table.BRONZE_QUEUE_LOG, QueueLogRows.COLUMNS, QueueLogRows.of(log))
                .expect(Table.SILVER_FACT_RING_NO_ANSWER, "date_local, agent_id, member, ringtime_ms",
                        row("2026-03-10", "A1", "PJSIP/201", 15000),
                        row("2026-03-11", "A2", "PJSIP/202", 15000));
    }
}
