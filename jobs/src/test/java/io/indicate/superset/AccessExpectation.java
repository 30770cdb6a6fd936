package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import io.indicate.publish.ServingFixture;
import io.indicate.roster.Role;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which rows each person of {@link RealSuperset}'s roster may see, worked out from the roster and the serving
 * tables (not from {@code AccessRules}), and the same rows as Superset answers them to that person.
 * Rows are compared by a key of their date and who/what they are about ({@code agent_id}, {@code team_id},
 * {@code kpi}, {@code queue}, {@code source}, {@code check}), as distinct keys: Superset answers a query without metrics
 * with distinct rows (the interval marts hold several rows per key); the totals are compared elsewhere.
 */
final class AccessExpectation {
    /** Who is tested: login, role, agent id, the teams they lead, the agent whose team history they share. */
    record Person(String login, Role role, String agentId, Set<String> leads, String teamHistoryOf) {}

    static final List<Person> PEOPLE = List.of(
            new Person("anna", Role.AGENT, "A1", Set.of(), "A1"),
            new Person("bo", Role.AGENT, "A2", Set.of(), "A2"),
            new Person(RealSuperset.OBRIEN, Role.AGENT, "A4", Set.of(), "A1"),
            new Person(RealSuperset.ASA, Role.AGENT, "A5", Set.of(), "A3"),
            new Person("lena", Role.TEAM_LEAD, "L1", Set.of("T1"), "L1"),
            new Person("lars", Role.TEAM_LEAD, "L2", Set.of("T2"), "L2"),
            new Person("maja", Role.MANAGEMENT, "M1", Set.of(), "M1"));

    static final Map<Role, String> DASHBOARD = Map.of(
            Role.AGENT, "my-performance", Role.TEAM_LEAD, "team", Role.MANAGEMENT, "organisation");

    private static final List<String> KEY_COLUMNS = List.of("agent_id", "team_id", "kpi", "queue", "source", "check");

    private final RealSuperset superset;

    AccessExpectation(RealSuperset superset) {
        this.superset = superset;
    }

    static Person person(String login) {
        return PEOPLE.stream().filter(p -> p.login().equals(login)).findFirst().orElseThrow();
    }

    /** Keys of the rows {@code p} may see of {@code table}, sorted. */
    List<String> expectedRows(Person p, String table) {
        Map<String, Long> agentsActive = new HashMap<>();
        for (Map<String, Object> r : superset.query("SELECT date_local, team_id, agents_active FROM serving.kpi_team_daily")) {
            agentsActive.put(r.get("date_local") + "|" + r.get("team_id"), ((Number) r.get("agents_active")).longValue());
        }
        List<String> keys = new ArrayList<>();
        for (Map<String, Object> r : superset.query("SELECT * FROM serving." + table)) {
            Map<String, Object> row = new HashMap<>();
            r.forEach((k, v) -> row.put(k, v == null ? null : v.toString()));
            if (mayShow(p, table, superset.shiftDays, agentsActive).test(row)) keys.add(key(row));
        }
        return keys.stream().distinct().sorted().toList();
    }

    /**
     * {@code shiftDays}: how far the serving tables' dates lie after the fixture roster's; {@code agentsActive}:
     * each team day's active agents ({@code date|team}), which decide whether an agent sees the team's day.
     */
    private static Predicate<Map<String, Object>> mayShow(Person p, String table, long shiftDays, Map<String, Long> agentsActive) {
        if (p.role() == Role.MANAGEMENT) return r -> true;
        return switch (table) {
            case "kpi_agent_interval", "kpi_agent_daily", "kpi_agent_vs_team_daily", "kpi_agent_goal_daily" -> r ->
                    p.agentId().equals(r.get("agent_id")) || (r.get("team_id") != null && p.leads().contains(r.get("team_id")));
            // a team's goals are shown to whoever is shown the team's day
            case "kpi_team_daily", "kpi_team_goal_daily" -> r -> p.role() == Role.TEAM_LEAD
                    ? r.get("team_id") != null && p.leads().contains(r.get("team_id"))
                    : r.get("team_id").equals(ServingFixture.teamOn(p.teamHistoryOf(),
                            LocalDate.parse(r.get("date_local").toString()).minusDays(shiftDays)))
                            // minimum group size (the default 3, which RealSuperset publishes with)
                            && agentsActive.getOrDefault(r.get("date_local") + "|" + r.get("team_id"), 0L) >= 3;
            case "kpi_coaching_daily" -> r -> p.role() == Role.TEAM_LEAD && r.get("team_id") != null && p.leads().contains(r.get("team_id"));
            case "kpi_queue_interval", "kpi_queue_daily" -> r -> true;
            case "kpi_org_daily" -> r -> p.role() == Role.TEAM_LEAD;
            default -> r -> false;
        };
    }

    /** Keys of the rows Superset answers {@code session} for the dataset (every row, as raw records). */
    List<String> rowsThroughSuperset(RealSuperset.Session session, int datasetId, String table, String what) {
        return keys(RealSuperset.requireData(session.chartData(RealSuperset.queryContext(datasetId, RealSuperset.rawRows(keyColumns(table)))), what));
    }

    List<String> keyColumns(String table) {
        Set<String> tableColumns = new TreeSet<>();
        superset.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'serving' AND table_name = '" + table + "'")
                .forEach(r -> tableColumns.add(r.get("column_name").toString()));
        List<String> columns = new ArrayList<>(List.of("date_local"));
        for (String c : KEY_COLUMNS) if (tableColumns.contains(c)) columns.add(c);
        return columns;
    }

    static List<String> keys(JsonNode data) {
        List<String> keys = new ArrayList<>();
        for (JsonNode n : data) {
            Map<String, Object> row = new TreeMap<>(RealSuperset.row(n));
            Object date = row.get("date_local");
            if (date != null && date.toString().matches("-?\\d+")) {
                row.put("date_local", Instant.ofEpochMilli(Long.parseLong(date.toString())).atOffset(ZoneOffset.UTC).toLocalDate().toString());
            }
            keys.add(key(row));
        }
        return keys.stream().distinct().sorted().toList();
    }

    private static String key(Map<String, Object> row) {
        StringBuilder k = new StringBuilder(String.valueOf(row.get("date_local")));
        for (String c : KEY_COLUMNS) {
            if (row.containsKey(c)) k.append('|').append(row.get(c));
        }
        return k.toString();
    }
}
