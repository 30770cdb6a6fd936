package io.indicate.generate;

import java.util.List;

/**
 * Someone the phone system knows as a queue member: the {@code agent} field of queue_log is exactly
 * {@link #id()}. Members named {@code Agent/...} log in over a phone ({@link #loginPhone()}) with
 * AGENTLOGIN; the others join their queues with ADDMEMBER.
 *
 * @param kind what the member's working days look like
 */
record TelephonyMember(String id, List<ServiceQueue> queues, String loginPhone, Kind kind) {

    enum Kind {
        /** Takes calls full shifts. */
        AGENT,
        /** Team lead: mostly coaching, now and then a short session on the phones at peak time. */
        TEAM_LEAD,
        /** A temp on the phone system who is missing from HR's roster. */
        TEMP
    }

    TelephonyMember {
        if (queues.isEmpty()) throw new IllegalArgumentException("member " + id + " must serve at least one queue");
        queues = List.copyOf(queues);
    }

    boolean logsInWithAgentChannel() {
        return id.startsWith("Agent/");
    }
}
