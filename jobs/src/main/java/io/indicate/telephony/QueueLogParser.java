package io.indicate.telephony;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and checks one Asterisk queue_log line (SOURCES.md §1). A line is rejected with a reason that says
 * what was expected when it has fewer than five fields, a non-numeric or implausible epoch, a malformed event
 * name, a call event without call id or queue, or a non-numeric duration where the event defines one.
 * Unknown but well-formed events are accepted: they are kept in bronze and ignored after.
 */
public final class QueueLogParser {
    /** 2000-01-01 and 2100-01-01: outside this an epoch is a corrupted line, not a call. */
    private static final long MIN_EPOCH = 946_684_800L;
    private static final long MAX_EPOCH = 4_102_444_800L;
    private static final Pattern EVENT = Pattern.compile("[A-Z][A-Z_]*");
    private static final Pattern DIGITS = Pattern.compile("-?\\d+");

    /** Events that belong to a call and need its call id and queue. */
    private static final Set<String> CALL_EVENTS = Set.of("ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "COMPLETECALLER",
            "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY",
            "EXITWITHKEY", "RINGNOANSWER");

    /** For each event, the data fields (1-based) that must be whole numbers, and what they hold. */
    private static final Map<String, Map<Integer, String>> NUMERIC_FIELDS = Map.ofEntries(
            Map.entry("CONNECT", Map.of(1, "holdtime")),
            Map.entry("COMPLETEAGENT", Map.of(1, "holdtime", 2, "calltime")),
            Map.entry("COMPLETECALLER", Map.of(1, "holdtime", 2, "calltime")),
            Map.entry("TRANSFER", Map.of(3, "holdtime", 4, "calltime")),
            Map.entry("BLINDTRANSFER", Map.of(3, "holdtime", 4, "calltime")),
            Map.entry("ATTENDEDTRANSFER", Map.of(3, "holdtime", 4, "calltime")),
            Map.entry("ABANDON", Map.of(3, "waittime")),
            Map.entry("EXITWITHTIMEOUT", Map.of(3, "waittime")),
            Map.entry("EXITEMPTY", Map.of(3, "waittime")),
            Map.entry("EXITWITHKEY", Map.of(4, "waittime")),
            Map.entry("RINGNOANSWER", Map.of(1, "ringtime")));

    /** A parse result: exactly one of event and reason is set. */
    public record Result(QueueLogEvent event, String reason) {
        public boolean ok() { return event != null; }
    }

    private QueueLogParser() {}

    public static Result parse(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length < 5) {
            return fail("expected at least 5 '|'-separated fields (epoch|callid|queue|agent|event), found " + f.length);
        }
        if (!DIGITS.matcher(f[0]).matches()) {
            return fail("epoch '" + abbreviate(f[0]) + "' is not a whole number of seconds");
        }
        long epoch;
        try {
            epoch = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            return fail("epoch '" + abbreviate(f[0]) + "' is out of range");
        }
        if (epoch < MIN_EPOCH || epoch >= MAX_EPOCH) {
            return fail("epoch " + epoch + " is not between 2000 and 2100");
        }
        String event = f[4];
        if (!EVENT.matcher(event).matches()) {
            return fail("event '" + abbreviate(event) + "' is not an upper-case event name");
        }
        String[] data = new String[5];
        for (int i = 0; i < 5 && 5 + i < f.length; i++) data[i] = f[5 + i];
        if (f.length > 10) data[4] = String.join("|", Arrays.copyOfRange(f, 9, f.length));
        if (CALL_EVENTS.contains(event) && (isBlank(f[1]) || isBlank(f[2]) || "NONE".equals(f[2]))) {
            return fail(event + " needs a call id and a queue");
        }
        for (Map.Entry<Integer, String> n : NUMERIC_FIELDS.getOrDefault(event, Map.of()).entrySet()) {
            String v = data[n.getKey() - 1];
            if (v == null || !DIGITS.matcher(v).matches()) {
                return fail(event + " " + n.getValue() + " (data" + n.getKey() + ") '" + abbreviate(v) + "' is not a whole number");
            }
        }
        return new Result(new QueueLogEvent(epoch, f[1], f[2], f[3], event,
                data[0], data[1], data[2], data[3], data[4]), null);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static Result fail(String reason) {
        return new Result(null, reason);
    }
}
