package io.indicate.generate;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans who works when, one day at a time. Agents keep a personal start time (an early, a day or a late
 * shift) with a little daily jitter, work about eight hours plus lunch, and have days off; weekends are
 * staffed thinly, by the agents on the weekend rota. Team leads take a short session on the phones on some weekdays; the temp works a few days.
 * All clock times are local, so a shift starts at 07:00 local also on a daylight-saving day.
 */
final class ShiftPlanner {
    private static final LocalTime[] SHIFT_STARTS = {
            LocalTime.of(7, 0), LocalTime.of(7, 30), LocalTime.of(8, 0), LocalTime.of(8, 30), LocalTime.of(9, 0),
            LocalTime.of(10, 0), LocalTime.of(11, 0), LocalTime.of(12, 0), LocalTime.of(13, 0),
            LocalTime.of(15, 0), LocalTime.of(16, 0)};
    private static final int[] SHIFT_START_WEIGHTS = {20, 10, 22, 10, 12, 8, 5, 4, 4, 3, 2};
    private static final LocalTime FIRST_LATE_START = LocalTime.of(15, 0);
    private static final int[] START_JITTER_MINUTES = {-15, 0, 0, 15};
    private static final int WORK_SECONDS = 8 * 3600;
    private static final int MIN_REST_SECONDS = 9 * 3600;
    private static final double WEEKDAY_WORK_CHANCE = 0.86;
    private static final double WEEKEND_ROTA_SHARE = 0.35;
    private static final double WEEKEND_WORK_CHANCE = 0.80;
    private static final double MEETING_CHANCE = 0.12;
    private static final double LEAD_SESSION_CHANCE = 0.30;
    private static final int TEMP_DAYS = 3;

    private final LocalDays days;
    private final List<TelephonyMember> members;
    private final SplittableRandom rng;
    private final LocalTime[] preferredStart;
    private final boolean[] onWeekendRota;
    private final long[] lastEnd;
    private final boolean[] tempWorks;

    ShiftPlanner(LocalDays days, List<TelephonyMember> members, SplittableRandom rng) {
        this.days = days;
        this.members = List.copyOf(members);
        this.rng = rng;
        this.preferredStart = new LocalTime[members.size()];
        this.onWeekendRota = new boolean[members.size()];
        this.lastEnd = new long[members.size()];
        Arrays.fill(lastEnd, Long.MIN_VALUE / 2);
        List<Integer> agents = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).kind() != TelephonyMember.Kind.AGENT) continue;
            agents.add(i);
            preferredStart[i] = SHIFT_STARTS[weightedIndex(SHIFT_START_WEIGHTS)];
        }
        boolean anyLate = agents.stream().anyMatch(i -> !preferredStart[i].isBefore(FIRST_LATE_START));
        if (agents.size() >= 3 && !anyLate) preferredStart[agents.get(rng.nextInt(agents.size()))] = FIRST_LATE_START;
        List<Integer> rotaCandidates = new ArrayList<>(agents);
        int rotaSize = Math.max(1, (int) Math.ceil(agents.size() * WEEKEND_ROTA_SHARE));
        for (int k = 0; k < rotaSize && !rotaCandidates.isEmpty(); k++) {
            onWeekendRota[rotaCandidates.remove(rng.nextInt(rotaCandidates.size()))] = true;
        }
        this.tempWorks = new boolean[days.count()];
        List<Integer> dayIndexes = new ArrayList<>();
        for (int d = 0; d < days.count(); d++) dayIndexes.add(d);
        for (int k = 0; k < Math.min(TEMP_DAYS, days.count()); k++) tempWorks[dayIndexes.remove(rng.nextInt(dayIndexes.size()))] = true;
    }

    /** The plans of one day, in member order. Days must be asked for in order: the rest rule looks back. */
    List<ShiftPlan> plansFor(int day) {
        List<ShiftPlan> plans = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            TelephonyMember m = members.get(i);
            ShiftPlan plan = switch (m.kind()) {
                case AGENT -> agentShift(i, day);
                case TEAM_LEAD -> leadSession(m, day);
                case TEMP -> tempWorks[day] ? fixedSession(m, day, LocalTime.of(11, 0), 90 * 60) : null;
            };
            if (plan == null || plan.start() < lastEnd[i] + (m.kind() == TelephonyMember.Kind.AGENT ? MIN_REST_SECONDS : 0)) continue;
            lastEnd[i] = plan.end();
            plans.add(plan);
        }
        return plans;
    }

    private ShiftPlan agentShift(int i, int day) {
        boolean weekend = days.isWeekend(day);
        if (weekend && !onWeekendRota[i]) return null;
        if (rng.nextDouble() >= (weekend ? WEEKEND_WORK_CHANCE : WEEKDAY_WORK_CHANCE)) return null;
        LocalTime planned = preferredStart[i].plusMinutes(START_JITTER_MINUTES[rng.nextInt(START_JITTER_MINUTES.length)]);
        long start = days.epochAt(day, planned) - 120 + rng.nextInt(360);
        int lunchSeconds = (rng.nextBoolean() ? 30 : 45) * 60 + rng.nextInt(91);
        long lunchStart = start + 210 * 60 + rng.nextInt(61) * 60L + rng.nextInt(60);
        long end = start + WORK_SECONDS + lunchSeconds - 300 + rng.nextInt(901);
        ShiftPlan.Break lunch = new ShiftPlan.Break(lunchStart, lunchSeconds, "Lunch", true);
        List<ShiftPlan.Break> breaks = new ArrayList<>(List.of(lunch));
        if (rng.nextDouble() < MEETING_CHANCE) {
            int meetingSeconds = (rng.nextBoolean() ? 30 : 60) * 60;
            long morning = start + 75 * 60 + rng.nextInt(30) * 60L;
            long afternoon = lunch.end() + 60 * 60 + rng.nextInt(60) * 60L;
            boolean morningFits = morning + meetingSeconds + 15 * 60 <= lunchStart;
            boolean afternoonFits = afternoon + meetingSeconds + 30 * 60 <= end;
            if (morningFits && (rng.nextBoolean() || !afternoonFits)) {
                breaks.add(0, new ShiftPlan.Break(morning, meetingSeconds, "Meeting", false));
            } else if (afternoonFits) {
                breaks.add(new ShiftPlan.Break(afternoon, meetingSeconds, "Meeting", false));
            }
        }
        return new ShiftPlan(members.get(i), start, end, breaks);
    }

    private ShiftPlan leadSession(TelephonyMember lead, int day) {
        if (days.isWeekend(day) || rng.nextDouble() >= LEAD_SESSION_CHANCE) return null;
        LocalTime peak = rng.nextBoolean() ? LocalTime.of(10, 0) : LocalTime.of(13, 30);
        return fixedSession(lead, day, peak, 2 * 3600 + rng.nextInt(601));
    }

    private ShiftPlan fixedSession(TelephonyMember m, int day, LocalTime at, int seconds) {
        long start = days.epochAt(day, at) + rng.nextInt(301);
        return new ShiftPlan(m, start, start + seconds, List.of());
    }

    private int weightedIndex(int[] weights) {
        int total = 0;
        for (int w : weights) total += w;
        int r = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        throw new IllegalStateException("weights must be positive");
    }
}
