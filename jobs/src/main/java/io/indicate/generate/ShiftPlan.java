package io.indicate.generate;

import java.util.List;

/**
 * One member's planned working session on one day, in epoch seconds. The simulation follows the plan but may
 * run late: a break or the log-off waits until the member's current call and after-call work are done.
 *
 * @param breaks in time order, inside {@code [start, end)}, not overlapping
 */
record ShiftPlan(TelephonyMember member, long start, long end, List<Break> breaks) {

    /**
     * A planned pause. {@code allQueues} breaks are logged as PAUSEALL / UNPAUSEALL, the others as PAUSE /
     * UNPAUSE in each of the member's queues.
     */
    record Break(long start, int seconds, String reason, boolean allQueues) {
        long end() {
            return start + seconds;
        }
    }

    ShiftPlan {
        breaks = List.copyOf(breaks);
        if (end <= start) throw new IllegalArgumentException("shift of " + member.id() + " ends before it starts");
    }
}
