package io.indicate.build;

import io.indicate.testing.ModelTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import static io.indicate.build.ModelHarness.row;

/** gold.kpi_queue_daily: a queue's day is the sum of its intervals (KPI-DEFINITIONS.md, Telephony: the queue call). */
@ModelTest
class KpiQueueDailyModelTest {
    private static final String INTERVAL = "date_local, interval_start_local, queue, offered, answered, answered_within_sl, "
            + "abandoned, short_abandoned, timed_out, answered_wait_s, max_wait_s";

    @Test
    void ratiosAreRecomputedFromTheDaysSumsNotAveragedOverIntervals() {
        // 09:00 service level 8 / (10 - 2) = 100 %, 09:15 0 / 4 = 0 %: the day is 8 / (14 - 2) = 66.7 %, not 50 %;
        // abandon rate 3 / 12 = 25 %, ASA (80 + 60) s / 9 answered = 15.6 s, the longest wait 90 s
        ModelHarness.forDates("2026-03-02")
                .given(Table.GOLD_KPI_QUEUE_INTERVAL, INTERVAL,
                        row("2026-03-02", "2026-03-02 09:00:00", "support", 10, 8, 8, 0, 2, 0, 80, 20),
                        row("2026-03-02", "2026-03-02 09:15:00", "support", 4, 1, 0, 3, 0, 0, 60, 90))
                .expect(Table.GOLD_KPI_QUEUE_DAILY, "date_local, queue, offered, answered, answered_within_sl, abandoned, "
                                + "short_abandoned, timed_out, max_wait_s, service_level_pct, abandon_rate_pct, asa_s",
                        row("2026-03-02", "support", 14, 9, 8, 3, 2, 0, 90, 100.0 * 8 / 12, 25.0, 140.0 / 9));
    }

    @Test
    void aDayOfOnlyShortAbandonsHasNoRatios() {
        ModelHarness.forDates("2026-03-02")
                .given(Table.GOLD_KPI_QUEUE_INTERVAL, INTERVAL,
                        row("2026-03-02", "2026-03-02 09:00:00", "sales", 1, 0, 0, 0, 1, 0, 0, null))
                .expect(Table.GOLD_KPI_QUEUE_DAILY, "queue, offered, service_level_pct, abandon_rate_pct, asa_s",
                        row("sales", 1, null, null, null));
    }

    @Test
    void onlyTheBuildsDatesAreBuiltEachQueueApart() {
        ModelHarness.forDates("2026-03-02")
                .given(Table.GOLD_KPI_QUEUE_INTERVAL, INTERVAL,
                        row("2026-03-02", "2026-03-02 09:00:00", "support", 2, 2, 2, 0, 0, 0, 10, 5),
                        row("2026-03-02", "2026-03-02 09:00:00", "sales", 3, 3, 1, 0, 0, 0, 90, 40),
                        row("2026-03-03", "2026-03-03 09:00:00", "support", 7, 7, 7, 0, 0, 0, 70, 10))
                .expect(Table.GOLD_KPI_QUEUE_DAILY, "date_local, queue, offered, service_level_pct",
                        row("2026-03-02", "sales", 3, 100.0 / 3),
                        row("2026-03-02", "support", 2, 100.0));
    }
}
