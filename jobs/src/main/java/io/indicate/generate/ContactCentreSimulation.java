package io.indicate.generate;

import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of the contact centre that writes what Asterisk would write to its queue_log.
 * Callers arrive, wait, are rung to the member who has been idle longest (Asterisk's {@code leastrecent}),
 * talk, and leave; members log in for their shifts, pause for lunch, meetings and after-call work, and log
 * off when their shift is over and their last call is wrapped up.
 *
 * <p>What the output guarantees: a member rings or talks on at most one call at a time, and only while
 * logged in and not paused; every call that enters a queue leaves it exactly once (completed or transferred
 * after a CONNECT, or abandoned, timed out, left with a key, left an empty queue); each line is written at
 * the simulated second it happens, so lines come out in time order and ties in causal order.
 */
final class ContactCentreSimulation {
    /** What was written: queue_log lines, calls that entered a queue, calls an agent answered. */
    record Totals(long lines, long calls, long answered) {}

    private static final String NONE = "NONE";
    private static final int STEP_S = 300;
    private static final double DAY_FACTOR_SPREAD = 0.10;
    /** Demand also swings from half hour to half hour (a campaign mail, an outage): queues build up in bursts. */
    private static final int BURST_STEPS = 6;
    private static final double BURST_SPREAD = 0.2;
    private static final int QUEUE_TIMEOUT_S = 300;
    private static final double RING_NO_ANSWER_CHANCE = 0.03;
    private static final int RING_NO_ANSWER_S = 15;
    /** Asterisk rings someone else first, but tries a member who did not answer again after a while. */
    private static final int REFUSED_RETRY_S = 20;
    private static final double SHORT_ABANDON_CHANCE = 0.04;
    private static final double MEAN_PATIENCE_S = 200;
    private static final double EXIT_WITH_KEY_CHANCE = 0.01;
    private static final double LEAVE_WHEN_EMPTY_CHANCE = 0.5;
    private static final double ACW_CHANCE = 0.9;
    private static final int MIN_ACW_S = 10;
    private static final int MAX_ACW_S = 90;
    private static final double TRANSFER_CHANCE = 0.05;
    private static final double BLIND_TRANSFER_CHANCE = 0.006;
    private static final double ATTENDED_TRANSFER_CHANCE = 0.005;
    private static final double AGENT_HANGS_UP_CHANCE = 0.45;
    /** Long enough that the call placed just before midnight is still running after it, whoever answers. */
    private static final int MIDNIGHT_CALL_MIN_TALK_S = 480;

    private final LocalDays days;
    private final ShiftPlanner planner;
    private final ArrivalProfile profile;
    private final SplittableRandom rng;
    private final CallerNumbers callers;
    private final QueueLogWriter out;
    private final Map<TelephonyMember, Agent> agentOf = new HashMap<>();
    private final QueueState[] queues = new QueueState[ServiceQueue.values().length];
    private final PriorityQueue<Step> agenda =
            new PriorityQueue<>(Comparator.comparingLong(Step::time).thenComparingLong(Step::seq));
    private List<ShiftPlan> previousDayPlans = List.of();
    private long now;
    private long nextStepSeq;
    private long nextUniqueId = 1;
    private long lines;
    private long calls;
    private long answered;

    ContactCentreSimulation(LocalDays days, List<TelephonyMember> members, ShiftPlanner planner, ArrivalProfile profile,
                            SplittableRandom rng, QueueLogWriter out) {
        this.days = days;
        this.planner = planner;
        this.profile = profile;
        this.rng = rng;
        this.callers = new CallerNumbers(rng.split());
        this.out = out;
        for (ServiceQueue q : ServiceQueue.values()) queues[q.ordinal()] = new QueueState();
        for (TelephonyMember m : members) {
            Agent a = new Agent(m);
            agentOf.put(m, a);
            for (ServiceQueue q : m.queues()) queues[q.ordinal()].members.add(a);
        }
    }

    Totals run() {
        for (int d = 0; d < days.count(); d++) {
            int day = d;
            at(days.midnight(d), () -> startDay(day));
        }
        // the range ends at the midnight after its last day: a shift or call still running then is left open, as
        // at any moment of a live day, and nothing is written on a day outside the range (the demo's last day is
        // today, so a late shift used to put tomorrow's date into the marts)
        long end = days.midnight(days.count());
        while (!agenda.isEmpty() && agenda.peek().time() < end) {
            Step step = agenda.poll();
            now = step.time();
            step.action().run();
        }
        return new Totals(lines, calls, answered);
    }

    // ---- the day's plan: shifts, housekeeping, arrivals ----

    private void startDay(int day) {
        List<ShiftPlan> plans = planner.plansFor(day);
        for (ShiftPlan plan : plans) at(plan.start(), () -> logIn(plan));
        scheduleHousekeeping(day);
        scheduleArrivals(day, plans);
        if (day + 1 < days.count()) scheduleMidnightCall(day, plans);
        previousDayPlans = plans;
    }

    /** Asterisk restarts for maintenance now and then, and the dial plan is reloaded some mornings. */
    private void scheduleHousekeeping(int day) {
        if (day % 7 == 0) at(days.epochAt(day, LocalTime.of(5, 30)) + rng.nextInt(600), () -> emit(NONE, NONE, NONE, "QUEUESTART", ""));
        if (day % 7 == 1 || rng.nextDouble() < 0.2) at(days.epochAt(day, LocalTime.of(6, 40)) + rng.nextInt(900), () -> emit(NONE, NONE, NONE, "CONFIGRELOAD", ""));
    }

    /** Poisson arrivals, rate constant within each five-minute step; shifts from yesterday still count after midnight. */
    private void scheduleArrivals(int day, List<ShiftPlan> plans) {
        long dayStart = days.midnight(day);
        int steps = (int) ((days.midnight(day + 1) - dayStart) / STEP_S);
        List<ShiftPlan> onShift = new ArrayList<>(previousDayPlans);
        onShift.addAll(plans);
        double[][] staffed = staffed(onShift, dayStart, steps);
        double[] dayFactor = new double[queues.length];
        for (int q = 0; q < queues.length; q++) dayFactor[q] = 1 + DAY_FACTOR_SPREAD * (2 * rng.nextDouble() - 1);
        double[] burst = new double[queues.length];
        for (int i = 0; i < steps; i++) {
            long from = dayStart + (long) i * STEP_S;
            double hour = days.localHour(from + STEP_S / 2);
            if (i % BURST_STEPS == 0) {
                for (int q = 0; q < queues.length; q++) burst[q] = Math.max(0.6, Math.min(1.5, 1 + BURST_SPREAD * Randoms.gaussian(rng)));
            }
            for (ServiceQueue q : ServiceQueue.values()) {
                double rate = profile.callsPerSecond(q, staffed[q.ordinal()][i], hour, dayFactor[q.ordinal()] * burst[q.ordinal()]);
                if (rate <= 0) continue;
                for (double t = from + Randoms.exponential(rng, 1 / rate); t < from + STEP_S; t += Randoms.exponential(rng, 1 / rate)) {
                    at((long) t, () -> arrive(q, false));
                }
            }
        }
    }

    private static double[][] staffed(List<ShiftPlan> plans, long dayStart, int steps) {
        double[][] staffed = new double[ServiceQueue.values().length][steps];
        for (ShiftPlan p : plans) {
            long from = p.start();
            for (ShiftPlan.Break b : p.breaks()) {
                addWorkingTime(staffed, p.member(), dayStart, from, b.start());
                from = b.end();
            }
            addWorkingTime(staffed, p.member(), dayStart, from, p.end());
        }
        return staffed;
    }

    private static void addWorkingTime(double[][] staffed, TelephonyMember member, long dayStart, long from, long until) {
        double share = 1.0 / member.queues().size();
        long lo = Math.max(from, dayStart);
        long hi = Math.min(until, dayStart + (long) staffed[0].length * STEP_S);
        while (lo < hi) {
            int i = (int) ((lo - dayStart) / STEP_S);
            long segmentEnd = Math.min(hi, dayStart + (i + 1L) * STEP_S);
            for (ServiceQueue q : member.queues()) staffed[q.ordinal()][i] += share * (segmentEnd - lo) / STEP_S;
            lo = segmentEnd;
        }
    }

    /**
     * One patient caller just before each midnight inside the range, so every day boundary has a call that
     * starts on one local date and ends on the next (answered and talking, or still waiting until the timeout).
     */
    private void scheduleMidnightCall(int day, List<ShiftPlan> plans) {
        long enter = days.midnight(day + 1) - 30 - rng.nextInt(121);
        ServiceQueue best = ServiceQueue.SUPPORT;
        int bestCount = -1;
        for (ServiceQueue q : ServiceQueue.values()) {
            int count = 0;
            for (ShiftPlan p : plans) if (p.start() <= enter && enter < p.end() && p.member().queues().contains(q)) count++;
            if (count > bestCount) {
                best = q;
                bestCount = count;
            }
        }
        ServiceQueue queue = best;
        at(enter, () -> arrive(queue, true));
    }

    // ---- calls ----

    private void arrive(ServiceQueue queue, boolean patient) {
        QueueState qs = queues[queue.ordinal()];
        String callid = (now - 5 - rng.nextInt(40)) + "." + nextUniqueId++;
        Call c = new Call(queue, now, callid, callers.next(), patient);
        qs.waiting.add(c);
        c.origPosition = qs.waiting.size();
        calls++;
        emit(callid, queue.queueName(), NONE, "ENTERQUEUE", "", c.caller, Integer.toString(c.origPosition));
        at(now + QUEUE_TIMEOUT_S, () -> leave(c, "EXITWITHTIMEOUT"));
        if (!patient) {
            long patience = rng.nextDouble() < SHORT_ABANDON_CHANCE
                    ? 1 + rng.nextInt(4)
                    : 5 + Math.round(Randoms.exponential(rng, MEAN_PATIENCE_S));
            if (patience < QUEUE_TIMEOUT_S) at(now + patience, () -> leave(c, "ABANDON"));
            if (rng.nextDouble() < EXIT_WITH_KEY_CHANCE) at(now + 15 + rng.nextInt(150), () -> leave(c, "EXITWITHKEY"));
            if (qs.nobodyLoggedIn() && rng.nextDouble() < LEAVE_WHEN_EMPTY_CHANCE) {
                at(now + 2 + rng.nextInt(5), () -> {
                    if (qs.nobodyLoggedIn()) leave(c, "EXITEMPTY");
                });
            }
        }
        dispatch(qs);
    }

    /** The caller leaves without being answered; a member being rung for the call is released. */
    private void leave(Call c, String event) {
        if (c.done || c.agent != null) return;
        QueueState qs = queues[c.queue.ordinal()];
        Agent ringing = c.ringing;
        if (ringing != null) {
            ringing.call = null;
            c.ringing = null;
            c.ringToken++;
        }
        int index = qs.waiting.indexOf(c);
        qs.waiting.remove(index);
        c.done = true;
        String position = Integer.toString(index + 1);
        String orig = Integer.toString(c.origPosition);
        String wait = Long.toString(now - c.enter);
        if (event.equals("EXITWITHKEY")) {
            emit(c.callid, c.queue.queueName(), NONE, event, rng.nextBoolean() ? "0" : "1", position, orig, wait);
        } else {
            emit(c.callid, c.queue.queueName(), NONE, event, position, orig, wait);
        }
        if (ringing != null) agentFree(ringing);
    }

    /** Oldest waiting calls first, each to the available member who has been idle longest. */
    private void dispatch(QueueState qs) {
        for (int i = 0; i < qs.waiting.size(); i++) {
            Call c = qs.waiting.get(i);
            if (c.ringing != null) continue;
            Agent best = null;
            for (Agent a : qs.members) {
                if (a.available() && !c.refusedBy(a, now) && (best == null || a.idleSince < best.idleSince)) best = a;
            }
            if (best != null) ring(c, best);
        }
    }

    private void ring(Call c, Agent a) {
        c.ringing = a;
        a.call = c;
        int token = ++c.ringToken;
        long ringStart = now;
        boolean answers = rng.nextDouble() >= RING_NO_ANSWER_CHANCE;
        int ringSeconds = answers ? 2 + rng.nextInt(7) : RING_NO_ANSWER_S;
        at(now + ringSeconds, () -> ringEnds(c, a, token, answers, ringStart));
    }

    private void ringEnds(Call c, Agent a, int token, boolean answers, long ringStart) {
        if (c.done || c.ringToken != token) return;
        c.ringing = null;
        a.call = null;
        QueueState qs = queues[c.queue.ordinal()];
        if (answers) {
            connect(c, a, ringStart);
            return;
        }
        emit(c.callid, c.queue.queueName(), a.id, "RINGNOANSWER", Integer.toString(RING_NO_ANSWER_S * 1000));
        c.refusals.add(new Refusal(a, now + REFUSED_RETRY_S));
        at(now + REFUSED_RETRY_S, () -> dispatch(qs));
        dispatch(qs);
        agentFree(a);
    }

    private void connect(Call c, Agent a, long ringStart) {
        queues[c.queue.ordinal()].waiting.remove(c);
        c.agent = a;
        c.connect = now;
        a.call = c;
        answered++;
        emit(c.callid, c.queue.queueName(), a.id, "CONNECT", Long.toString(now - c.enter),
                ringStart + "." + nextUniqueId++, Long.toString(now - ringStart));
        long talk = c.queue.sampleTalkSeconds(rng);
        if (c.patient) talk = Math.max(talk, MIDNIGHT_CALL_MIN_TALK_S);
        at(now + talk, () -> hangUp(c, a));
    }

    private void hangUp(Call c, Agent a) {
        String queue = c.queue.queueName();
        String hold = Long.toString(c.connect - c.enter);
        String talk = Long.toString(now - c.connect);
        String orig = Integer.toString(c.origPosition);
        double r = rng.nextDouble();
        if (r < TRANSFER_CHANCE) {
            emit(c.callid, queue, a.id, "TRANSFER", transferTarget(c.queue), "from-internal", hold, talk, orig);
        } else if (r < TRANSFER_CHANCE + BLIND_TRANSFER_CHANCE) {
            emit(c.callid, queue, a.id, "BLINDTRANSFER", transferTarget(c.queue), "from-internal", hold, talk, orig);
        } else if (r < TRANSFER_CHANCE + BLIND_TRANSFER_CHANCE + ATTENDED_TRANSFER_CHANCE) {
            emit(c.callid, queue, a.id, "ATTENDEDTRANSFER", "BRIDGE", bridgeId(), hold, talk, orig);
        } else {
            emit(c.callid, queue, a.id, rng.nextDouble() < AGENT_HANGS_UP_CHANCE ? "COMPLETEAGENT" : "COMPLETECALLER", hold, talk, orig);
        }
        c.done = true;
        a.call = null;
        a.idleSince = now;
        if (rng.nextDouble() < ACW_CHANCE) {
            pause(a, "ACW", false, MIN_ACW_S + rng.nextInt(MAX_ACW_S - MIN_ACW_S + 1));
        } else {
            agentFree(a);
        }
    }

    private String transferTarget(ServiceQueue from) {
        ServiceQueue[] all = ServiceQueue.values();
        return all[(from.ordinal() + 1 + rng.nextInt(all.length - 1)) % all.length].extension();
    }

    /** Asterisk names bridges by UUID. */
    private String bridgeId() {
        return String.format("%08x-%04x-4%03x-%04x-%012x", rng.nextInt() & 0xffffffffL, rng.nextInt(0x10000),
                rng.nextInt(0x1000), 0x8000 | rng.nextInt(0x4000), rng.nextLong() & 0xffffffffffffL);
    }

    // ---- members ----

    private void logIn(ShiftPlan plan) {
        Agent a = agentOf.get(plan.member());
        if (a.inSession) throw new IllegalStateException(a.id + " planned to log in while still in a session");
        a.inSession = true;
        a.plan = plan;
        a.paused = false;
        a.loginAt = now;
        a.idleSince = now;
        if (plan.member().logsInWithAgentChannel()) {
            a.channel = plan.member().loginPhone() + "-" + String.format("%08x", nextUniqueId++);
            emit(NONE, NONE, a.id, "AGENTLOGIN", a.channel);
        } else {
            for (ServiceQueue q : plan.member().queues()) emit(NONE, q.queueName(), a.id, "ADDMEMBER", "");
        }
        for (ShiftPlan.Break b : plan.breaks()) at(b.start(), () -> breakDue(a, plan, b));
        at(plan.end(), () -> shiftEnds(a, plan));
        agentFree(a);
    }

    /** A break that falls due during a call waits until the call and its after-call work are done. */
    private void breakDue(Agent a, ShiftPlan plan, ShiftPlan.Break b) {
        if (a.plan != plan) return;
        a.pendingBreaks.add(b);
        agentFree(a);
    }

    private void shiftEnds(Agent a, ShiftPlan plan) {
        if (a.plan != plan) return;
        a.logoffPending = true;
        agentFree(a);
    }

    private void pause(Agent a, String reason, boolean allQueues, int seconds) {
        a.paused = true;
        int token = ++a.pauseToken;
        if (allQueues) {
            emit(NONE, NONE, a.id, "PAUSEALL", reason);
        } else {
            for (ServiceQueue q : a.member.queues()) emit(NONE, q.queueName(), a.id, "PAUSE", reason);
        }
        at(now + seconds, () -> unpause(a, token, allQueues));
    }

    private void unpause(Agent a, int token, boolean allQueues) {
        if (!a.inSession || a.pauseToken != token) return;
        a.paused = false;
        if (allQueues) {
            emit(NONE, NONE, a.id, "UNPAUSEALL", "");
        } else {
            for (ServiceQueue q : a.member.queues()) emit(NONE, q.queueName(), a.id, "UNPAUSE", "");
        }
        agentFree(a);
    }

    /** The member has nothing going on: log off if the shift is over, else take a due break, else a call. */
    private void agentFree(Agent a) {
        if (!a.inSession || a.paused || a.call != null) return;
        if (a.logoffPending) {
            logOff(a);
            return;
        }
        ShiftPlan.Break due = a.pendingBreaks.poll();
        if (due != null) {
            pause(a, due.reason(), due.allQueues(), due.seconds());
            return;
        }
        Call oldest = null;
        for (ServiceQueue q : a.member.queues()) {
            for (Call c : queues[q.ordinal()].waiting) {
                if (c.ringing != null || c.refusedBy(a, now)) continue;
                if (oldest == null || c.enter < oldest.enter) oldest = c;
                break;
            }
        }
        if (oldest != null) ring(oldest, a);
    }

    private void logOff(Agent a) {
        if (a.member.logsInWithAgentChannel()) {
            emit(NONE, NONE, a.id, "AGENTLOGOFF", a.channel, Long.toString(now - a.loginAt));
        } else {
            for (ServiceQueue q : a.member.queues()) emit(NONE, q.queueName(), a.id, "REMOVEMEMBER", "");
        }
        a.inSession = false;
        a.plan = null;
        a.logoffPending = false;
        a.pendingBreaks.clear();
    }

    // ---- plumbing ----

    private void at(long time, Runnable action) {
        if (time < now) throw new IllegalStateException("cannot schedule at " + time + ", the clock is at " + now);
        agenda.add(new Step(time, nextStepSeq++, action));
    }

    private void emit(String callid, String queue, String agent, String event, String... data) {
        StringBuilder line = new StringBuilder(96).append(now).append('|').append(callid).append('|').append(queue)
                .append('|').append(agent).append('|').append(event);
        for (String d : data) line.append('|').append(d);
        out.append(now, line);
        lines++;
    }

    private record Step(long time, long seq, Runnable action) {}

    private record Refusal(Agent agent, long until) {}

    private static final class QueueState {
        final List<Call> waiting = new ArrayList<>();
        final List<Agent> members = new ArrayList<>();

        boolean nobodyLoggedIn() {
            for (Agent a : members) if (a.inSession) return false;
            return true;
        }
    }

    private static final class Agent {
        final TelephonyMember member;
        final String id;
        final ArrayDeque<ShiftPlan.Break> pendingBreaks = new ArrayDeque<>();
        ShiftPlan plan;
        boolean inSession;
        boolean paused;
        boolean logoffPending;
        Call call;
        long loginAt;
        long idleSince;
        int pauseToken;
        String channel;

        Agent(TelephonyMember member) {
            this.member = member;
            this.id = member.id();
        }

        boolean available() {
            return inSession && !paused && call == null && !logoffPending && pendingBreaks.isEmpty();
        }
    }

    private static final class Call {
        final ServiceQueue queue;
        final long enter;
        final String callid;
        final String caller;
        final boolean patient;
        final List<Refusal> refusals = new ArrayList<>(0);
        int origPosition;
        Agent ringing;
        int ringToken;
        Agent agent;
        long connect;
        boolean done;

        Call(ServiceQueue queue, long enter, String callid, String caller, boolean patient) {
            this.queue = queue;
            this.enter = enter;
            this.callid = callid;
            this.caller = caller;
            this.patient = patient;
        }

        boolean refusedBy(Agent a, long now) {
            for (Refusal r : refusals) if (r.agent() == a && now < r.until()) return true;
            return false;
        }
    }
}
