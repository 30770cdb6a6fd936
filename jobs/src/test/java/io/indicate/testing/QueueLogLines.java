package io.indicate.testing;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Hand-made queue_log lines, written with local times so a test reads like the contact centre's day. */
public final class QueueLogLines {
    private final ZoneId zone;
    private final List<String> lines = new ArrayList<>();
    private int answered;

    public QueueLogLines(ZoneId zone) {
        this.zone = zone;
    }

    public static QueueLogLines stockholm() {
        return new QueueLogLines(ZoneId.of("Europe/Stockholm"));
    }

    public long epoch(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toEpochSecond();
    }

    /** A line at a local time; for the autumn DST day's repeated hour use {@link #utc}. */
    public QueueLogLines at(String localDateTime, String callid, String queue, String agent, String event, String... data) {
        return raw(epoch(localDateTime), callid, queue, agent, event, data);
    }

    public QueueLogLines utc(String utcDateTime, String callid, String queue, String agent, String event, String... data) {
        return raw(LocalDateTime.parse(utcDateTime).toEpochSecond(java.time.ZoneOffset.UTC), callid, queue, agent, event, data);
    }

    private QueueLogLines raw(long epoch, String callid, String queue, String agent, String event, String... data) {
        StringBuilder b = new StringBuilder().append(epoch).append('|').append(callid).append('|').append(queue)
                .append('|').append(agent).append('|').append(event);
        for (String d : data) b.append('|').append(d);
        lines.add(b.toString());
        return this;
    }

    /**
     * {@code n} calls of {@code member} in queue {@code support} on a local day, from 09:00 ten minutes apart, each
     * answered after 10 s and completed by the agent after {@code talkSeconds} of talk (so its handle time).
     */
    public QueueLogLines answeredCalls(String member, String day, int n, int talkSeconds) {
        for (int i = 0; i < n; i++) {
            int call = ++answered;
            String id = "answered" + call;
            LocalDateTime enter = LocalDate.parse(day).atTime(9, 0).plusMinutes(10L * i);
            at(enter.toString(), id, "support", "NONE", "ENTERQUEUE", "", String.format("+4670200%04d", call), "1");
            at(enter.plusSeconds(10).toString(), id, "support", member, "CONNECT", "10", "b" + id, "1");
            at(enter.plusSeconds(10 + talkSeconds).toString(), id, "support", member, "COMPLETEAGENT", "10", String.valueOf(talkSeconds), "1");
        }
        return this;
    }

    public QueueLogLines text(String line) {
        lines.add(line);
        return this;
    }

    public String content() {
        return String.join("\n", lines) + "\n";
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }
}
