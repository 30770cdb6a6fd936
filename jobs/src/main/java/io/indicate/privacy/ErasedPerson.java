package io.indicate.privacy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The person an erasure removes, as a source's bronze tables are matched against them ({@link io.indicate.ingest.Source#erase}).
 * The conditions name them by keyed hash only: Delta keeps every condition in the table's log, after VACUUM too.
 */
public sealed interface ErasedPerson {
    /** A caller, by the keyed hash of their number; {@link Erasure} has registered the functions the conditions use. */
    record Caller(String hash) implements ErasedPerson {
        /** A condition: the number field {@code column} is theirs. */
        public String numberIs(String column) {
            return Erasure.PHONE_HASH + "(" + column + ") = " + Erasure.quote(hash);
        }

        /** A condition: the free text {@code column} holds their number. */
        public String inText(String column) {
            return "array_contains(" + Erasure.PHONE_HASHES_IN + "(" + column + "), " + Erasure.quote(hash) + ")";
        }
    }

    /** A CRM requester, by keyed hash, with the tickets they asked (read before they are deleted). */
    record Requester(String hash, List<Long> tickets) implements ErasedPerson {
        public Requester {
            tickets = List.copyOf(tickets);
        }

        /** The ticket ids for an SQL {@code in (...)}: {@code null} when there are none. */
        public String ticketIds() {
            return tickets.isEmpty() ? "null" : tickets.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
    }

    /** A leaving agent, kept under an anonymous id: {@code agents} re-keys whatever names them. */
    record Agent(AnonymousAgents agents) implements ErasedPerson {}
}
