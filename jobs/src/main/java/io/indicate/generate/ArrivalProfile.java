package io.indicate.generate;

/**
 * How many calls arrive, as a rate per second. A contact centre staffs to its forecast, so daytime demand is
 * derived from the staffed capacity of each queue (which follows the shift plan) times a demand wave that
 * peaks mid-morning and early afternoon, so that queues build up at the peaks. Outside opening hours a
 * trickle of calls still arrives, most of them in the late evening.
 *
 * <p>The forecast follows the square-root staffing rule ({@code agents = load + sqrt(load)}, about an 80/20
 * service level): a small group must run at a lower occupancy than a large one to answer as fast, so a
 * three-agent queue is not buried in calls while a forty-agent queue still runs near its target occupancy.
 */
final class ArrivalProfile {
    /** Share of staffed time agents should spend talking and wrapping up when demand meets the forecast. */
    private static final double TARGET_OCCUPANCY = 0.80;
    /** Mean after-call work plus ringing, seconds; must agree with the simulation's ACW and ring times. */
    private static final double MEAN_NON_TALK_HANDLING_S = 50;
    private static final double OPENS_AT = 7.0;
    private static final double CLOSES_AT = 21.0;

    private final double nightCallsPerHourPerQueue;

    ArrivalProfile(int agentCount) {
        this.nightCallsPerHourPerQueue = 0.1 + 0.01 * agentCount;
    }

    /**
     * @param staffed     agents available to the queue (a member serving two queues counts half in each)
     * @param localHour   local time of day, e.g. 10.5
     * @param deviation   how far actual demand is off the forecast for the queue right now, around 1
     */
    double callsPerSecond(ServiceQueue queue, double staffed, double localHour, double deviation) {
        double forecast = forecastLoad(staffed) / (queue.meanTalkSeconds() + MEAN_NON_TALK_HANDLING_S);
        return forecast * demandWave(localHour) * deviation + nightTrickle(localHour) / 3600.0;
    }

    /** Erlangs of work the staffed agents can take: solves {@code staffed = load + sqrt(load)}, capped at the target occupancy. */
    private static double forecastLoad(double staffed) {
        double rootOfLoad = (StrictMath.sqrt(1 + 4 * staffed) - 1) / 2;
        return Math.min(TARGET_OCCUPANCY * staffed, rootOfLoad * rootOfLoad);
    }

    private static double demandWave(double h) {
        return 0.85 + 0.25 * StrictMath.exp(-square((h - 10.5) / 1.2)) + 0.18 * StrictMath.exp(-square((h - 14.25) / 1.1));
    }

    /** Calls per hour outside opening hours: some in the evening after closing, very few deep in the night. */
    private double nightTrickle(double h) {
        if (h >= OPENS_AT && h < CLOSES_AT) return 0;
        return nightCallsPerHourPerQueue * (h >= CLOSES_AT ? 0.6 : 0.15);
    }

    private static double square(double x) {
        return x * x;
    }
}
