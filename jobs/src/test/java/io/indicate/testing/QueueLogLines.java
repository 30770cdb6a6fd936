package io.indicate.testing;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Hand-made queue_log lines, written with local times so a test reads like the contact centre's day. */
public final class QueueLogLines {
    private final ZoneId zone;
    private final List<String> lines = new ArrayList<>();

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
