package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/** gold.kpi_queue_interval: a queue's calls per local interval of their ENTERQUEUE (KPI-DEFINITIONS.md, the queue call). */
@ModelTest
class KpiQueueIntervalModelTest {
    private static final String CALL = "date_local, interval_start_local, interval_start_utc, utc_offset, queue, callid, outcome, wait_s";

    @Test
    void maxWaitIsTheLongestWaitOfAnsweredAbandonedAndTimedOutCallsNotOfShortAbandons() {
        // 09:00: answered after 2 s, a short abandon after 4 s: the longest wait is 2 s. 09:15: only a short
        // abandon: no wait of those outcomes, no max_wait_s
        ModelHarness.forDates("2026-03-10")
                .given(Table.SILVER_DIM_QUEUE, "queue, sl_threshold_s", row("support", 20))
                .given(Table.SILVER_FACT_QUEUE_CALL, CALL,
                        row("2026-03-10", "2026-03-10 09:00:00", "2026-03-10 08:00:00", "+01:00", "support", "c1", "answered", 2),
                        row("2026-03-10", "2026-03-10 09:00:00", "2026-03-10 08:00:00", "+01:00", "support", "c2", "short_abandoned", 4),
                        row("2026-03-10", "2026-03-10 09:15:00", "2026-03-10 08:15:00", "+01:00", "support", "c3", "short_abandoned", 3))
                .expect(Table.GOLD_KPI_QUEUE_INTERVAL, "interval_start_local, queue, offered, answered, short_abandoned, max_wait_s",
                        row("2026-03-10 09:00:00", "support", 2, 1, 1, 2),
                        row("2026-03-10 09:15:00", "support", 1, 0, 1, null));
    }
}
