package io.indicate.roster;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who the roster says has access on one local date: for each agent the row valid that day, i.e. the one with
 * the latest {@code valid_from} on or before it (a row dated later is not in force yet); an agent whose row
 * valid that day is a {@code left} row, or who has no row yet, has no access. The same rule decides the
 * serving access tables ({@code publish.AccessTables}, from {@code silver.dim_agent}'s
 * {@code valid_from <= day < valid_to}) and the Superset users ({@code superset sync}).
 */
public final class RosterOnDate {
    private RosterOnDate() {}

    /**
     * The people with access on {@code day}, one row each, by login. A login held on that day by two agents
     * is an error naming both (a login must name one person); a login of a leaver may be held by someone new.
     */
    public static List<RosterRow> people(List<RosterRow> rows, LocalDate day) {
        Map<String, RosterRow> byAgent = new TreeMap<>();
        for (RosterRow row : rows) {
            if (row.validFrom().isAfter(day)) continue;
            byAgent.merge(row.agentId(), row, (a, b) -> b.validFrom().isAfter(a.validFrom()) ? b : a);
        }
        Map<String, RosterRow> byLogin = new TreeMap<>();
        for (RosterRow row : byAgent.values()) {
            if (row.left()) continue;
            RosterRow other = byLogin.put(row.login(), row);
            if (other != null) {
                throw new IllegalArgumentException("roster: login '" + row.login() + "' is used on " + day + " by agents "
                        + other.agentId() + " and " + row.agentId() + " (a login must name one person)");
            }
        }
        return List.copyOf(byLogin.values());
    }

    /**
     * Whether {@code login} was held, on or before {@code day}, by an agent other than {@code agentId}: a login
     * handed from a leaver (or from someone who changed login) to a new person.
     */
    public static boolean heldByOtherAgentBefore(List<RosterRow> rows, String login, String agentId, LocalDate day) {
        return rows.stream().anyMatch(r -> r.login().equals(login) && !r.agentId().equals(agentId) && !r.validFrom().isAfter(day));
    }
}
