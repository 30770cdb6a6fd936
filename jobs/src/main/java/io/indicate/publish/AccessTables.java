package io.indicate.publish;

import io.indicate.security.AccessRules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The serving tables the row-level-security rules of {@link AccessRules} join to, derived from the SCD2 rows
 * of {@code silver.dim_agent} as of one local date, {@code today}: a person's row in force is the one with
 * {@code valid_from <= today < valid_to} (the same rule as {@code RosterOnDate}, which the Superset sync
 * uses); a row dated later has no effect yet, and a person whose row in force is a {@code left} row has no
 * access at all, so their login may be reused by someone new without inheriting their rows.
 * <ul>
 *   <li>{@code access_person(login, role, agent_id)}: who each person with access today is (one row per login);</li>
 *   <li>{@code access_agent_team(login, agent_id, team_id, valid_from, valid_to)}: which team an agent was in
 *   when ({@code valid_to} exclusive, null while open), under the agent's login of today so that a login
 *   change keeps the history; only rows in force by today, of agents with access today, and nothing dated
 *   after today: a row ended by a future-dated one stays open until that one is in force;</li>
 *   <li>{@code access_lead_team(lead_login, team_id)}: the teams each lead leads today, i.e. the teams whose
 *   rows in force today name them as {@code team_lead_login}, when that login is a person with access today
 *   (a leaver named as lead leads nothing);</li>
 *   <li>{@code access_policy(min_team_agents)}: one row, the minimum group size below which an agent is shown
 *   no team values (KPI definitions, "Minimum group size").</li>
 * </ul>
 */
final class AccessTables {
    /** The roster's role value of a leaver's row (see {@code RosterRow.LEFT}). */
    static final String LEFT = io.indicate.roster.RosterRow.LEFT;

    /** One dim_agent row, as far as access is concerned. */
    record AgentVersion(String agentId, String login, String teamId, String teamLeadLogin, String role,
                        LocalDate validFrom, LocalDate validTo) {
        boolean inForceOn(LocalDate day) {
            return !validFrom.isAfter(day) && (validTo == null || day.isBefore(validTo));
        }
    }

    /** A table's DDL and its rows in a canonical order (so two derivations compare equal). */
    record Content(String table, String ddl, List<String> columns, List<List<Object>> rows) {}

    private AccessTables() {}

    static List<Content> derive(List<AgentVersion> versions, LocalDate today, int minTeamAgents) {
        if (minTeamAgents < 1) throw new IllegalArgumentException("the minimum team size must be at least 1, got " + minTeamAgents);
        Map<String, AgentVersion> currentByAgent = new HashMap<>();
        for (AgentVersion v : versions) {
            if (!v.inForceOn(today)) continue;
            AgentVersion seen = currentByAgent.put(v.agentId(), v);
            if (seen != null) {
                throw new IllegalStateException("silver.dim_agent has two rows of agent " + v.agentId() + " in force on " + today
                        + " (valid from " + seen.validFrom() + " and " + v.validFrom() + ")");
            }
        }
        currentByAgent.values().removeIf(v -> LEFT.equals(v.role()));
        Map<String, String> agentByLogin = new LinkedHashMap<>();
        List<List<Object>> persons = new ArrayList<>();
        for (AgentVersion v : currentByAgent.values()) {
            String other = agentByLogin.put(v.login(), v.agentId());
            if (other != null) {
                throw new IllegalStateException("login '" + v.login() + "' belongs on " + today + " to two agents: " + other
                        + " and " + v.agentId() + " (a login must name one person)");
            }
            persons.add(Arrays.asList(v.login(), v.role(), v.agentId()));
        }

        List<List<Object>> agentTeams = new ArrayList<>();
        for (AgentVersion v : versions) {
            AgentVersion current = currentByAgent.get(v.agentId());
            if (v.teamId() == null || current == null || LEFT.equals(v.role()) || v.validFrom().isAfter(today)) continue;
            // what ends after today is still open: the row that ends it is not in force yet
            LocalDate validTo = v.validTo() != null && v.validTo().isAfter(today) ? null : v.validTo();
            agentTeams.add(Arrays.asList(current.login(), v.agentId(), v.teamId(), v.validFrom(), validTo));
        }

        TreeSet<List<Object>> leadTeams = new TreeSet<>(ROW_ORDER);
        for (AgentVersion v : currentByAgent.values()) {
            if (v.teamLeadLogin() != null && v.teamId() != null && agentByLogin.containsKey(v.teamLeadLogin())) {
                leadTeams.add(Arrays.asList(v.teamLeadLogin(), v.teamId()));
            }
        }

        return List.of(
                new Content(AccessRules.ACCESS_PERSON,
                        "login text PRIMARY KEY, role text NOT NULL, agent_id text NOT NULL",
                        List.of("login", "role", "agent_id"), sorted(persons)),
                new Content(AccessRules.ACCESS_AGENT_TEAM,
                        "login text NOT NULL, agent_id text NOT NULL, team_id text NOT NULL, valid_from date NOT NULL, valid_to date",
                        List.of("login", "agent_id", "team_id", "valid_from", "valid_to"), sorted(agentTeams)),
                new Content(AccessRules.ACCESS_LEAD_TEAM,
                        "lead_login text NOT NULL, team_id text NOT NULL, PRIMARY KEY (lead_login, team_id)",
                        List.of("lead_login", "team_id"), List.copyOf(leadTeams)),
                new Content(AccessRules.ACCESS_POLICY,
                        "min_team_agents integer NOT NULL CHECK (min_team_agents >= 1)",
                        List.of("min_team_agents"), List.of(List.of(minTeamAgents))));
    }

    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(ROW_ORDER);
        return copy;
    }

    /** Orders rows column by column, nulls last, by each value's natural order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<List<Object>> ROW_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i), y = b.get(i);
            if (Objects.equals(x, y)) continue;
            if (x == null) return 1;
            if (y == null) return -1;
            int c = ((Comparable) x).compareTo(y);
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    };
}
