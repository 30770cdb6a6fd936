package io.indicate.security;

import io.indicate.roster.Role;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may see which rows of the serving schema: the one definition from which Superset's roles and
 * row-level-security rules are provisioned and against which the tests run real queries.
 *
 * <h2>What each role sees</h2>
 * <ul>
 *   <li><b>Agent</b>: their own rows of the agent-grain marts ({@code kpi_agent_interval},
 *   {@code kpi_agent_daily}, {@code kpi_agent_goal_daily}, the {@code kpi_agent_vs_team_daily} view, which
 *   carries their team's medians beside their own numbers), and the aggregate row of the team they belonged to
 *   on that date in {@code kpi_team_daily} (after a move: the old team's rows before it, the new team's after),
 *   but only on days the team had at least the minimum group size of active agents ({@code serving.access_policy},
 *   settings {@code min_team_size}, default 3): in a smaller team the totals minus one's own numbers would be
 *   a colleague's numbers. The view's team medians are null on such days for the same reason. The team's goal
 *   rows ({@code kpi_team_goal_daily}) follow the team's day: an agent sees a team's goals on a date exactly
 *   when they see that team's row of {@code kpi_team_daily} for it (a team goal's value is the team's total,
 *   so the same minimum group size protects it). Queue marts are visible in full: a queue's service level is no
 *   one's personal data and agents work the same queues. No coaching list ({@code kpi_coaching_daily}: a lead's
 *   tool), organisation totals, data-quality or call-level tables, and no SQL Lab.</li>
 *   <li><b>TeamLead</b>: every agent row whose team (as of that date) is a team they lead now, plus their own
 *   rows if they take calls themselves (the goals of those agents too); those teams' rows of
 *   {@code kpi_team_daily}, {@code kpi_team_goal_daily} and {@code kpi_coaching_daily} (by the team of each date);
 *   queue marts and the organisation's day (aggregates to compare the team with). A team a lead led in the past
 *   but no longer leads is not visible: access follows the current roster. No data-quality or call-level tables,
 *   no SQL Lab.</li>
 *   <li><b>Management</b>: everything in the serving schema, unfiltered, and SQL Lab on it.</li>
 * </ul>
 * "A team they lead" is a team whose current roster rows name them as {@code team_lead_login}; an agent's
 * own rows are found through {@code agent_id}, so a login change in the roster keeps their history.
 *
 * <h2>Form of a rule</h2>
 * A filtered rule is a SQL predicate over the columns of the table it filters, with
 * {@link #CURRENT_USERNAME_LIST} where the viewer's login goes: Superset renders that Jinja call itself,
 * {@link #predicate} renders it for a given login. Correlated columns of the filtered table
 * ({@code date_local}, {@code team_id}, {@code agent_id}) are written unqualified, because Superset may wrap a
 * dataset's table in a sub-select under an alias of its own; the access tables deliberately have no column
 * of those names where a rule relies on the outer one.
 */
public final class AccessRules {
    /**
     * The logged-in user's name as a one-element SQL list, e.g. {@code ('o''brien')}: Superset renders this
     * Jinja with its {@code where_in} filter, which quotes the value for the database's dialect, so a name
     * holding a quote (an SSO user name, {@code o'brien@example.com}) can neither break nor extend a rule;
     * {@link #predicate} renders it the same way for a given login.
     */
    public static final String CURRENT_USERNAME_LIST = "{{ [current_username()] | where_in }}";

    /** Prefix of every rule name this project manages in Superset (so stale ones can be found). */
    public static final String RULE_PREFIX = "indicate: ";

    public static final String ACCESS_PERSON = "access_person";
    public static final String ACCESS_AGENT_TEAM = "access_agent_team";
    public static final String ACCESS_LEAD_TEAM = "access_lead_team";
    /** One row, {@code min_team_agents}: the minimum group size of team comparisons (settings {@code min_team_size}). */
    public static final String ACCESS_POLICY = "access_policy";
    public static final String AGENT_VS_TEAM_VIEW = "kpi_agent_vs_team_daily";

    private static final String IS_ME = " IN " + CURRENT_USERNAME_LIST;
    private static final String MY_AGENT_IDS =
            "agent_id IN (SELECT p.agent_id FROM serving." + ACCESS_PERSON + " p WHERE p.login" + IS_ME + ")";
    private static final String MY_LED_TEAMS =
            "team_id IN (SELECT l.team_id FROM serving." + ACCESS_LEAD_TEAM + " l WHERE l.lead_login" + IS_ME + ")";
    /**
     * The agent's team on the row's date. The first, uncorrelated test (a team the agent was ever in) says nothing
     * the second does not; it is there for PostgreSQL, which cannot turn a sub-select that reads the outer row's
     * {@code date_local} into a join: with it alone, every team's row of the date range ran the sub-select (about
     * 6,000 times for 30 days of 200 teams), with the first the planner reaches the agent's few teams' rows by index.
     */
    private static final String MY_TEAM_WHILE_MEMBER =
            "team_id IN (SELECT m.team_id FROM serving." + ACCESS_AGENT_TEAM + " m WHERE m.login" + IS_ME + ")"
                    + " AND team_id IN (SELECT m.team_id FROM serving." + ACCESS_AGENT_TEAM + " m WHERE m.login" + IS_ME
                    + " AND m.valid_from <= date_local AND (m.valid_to IS NULL OR date_local < m.valid_to))";
    /** The team's day has at least the minimum group size of active agents (else its totals would reveal colleagues'). */
    private static final String TEAM_BIG_ENOUGH =
            "agents_active >= (SELECT p.min_team_agents FROM serving." + ACCESS_POLICY + " p)";
    /** A row of {@code kpi_team_daily} an agent sees: their team while a member, on days it is big enough. */
    private static final String AGENT_SEES_TEAM_DAY = MY_TEAM_WHILE_MEMBER + " AND " + TEAM_BIG_ENOUGH;
    /**
     * A row of another team-grain table ({@code team_id}, {@code date_local}) whose team day the agent sees in
     * {@code kpi_team_daily}: that table holds the day's {@code agents_active}, so the minimum group size is
     * read where it is published rather than copied into every team-grain mart. Inside the sub-select the
     * unqualified columns are {@code kpi_team_daily}'s own; a team day missing there is shown to no agent.
     */
    private static final String AGENT_SEES_TEAM_DAY_OF_ROW =
            "(team_id, date_local) IN (SELECT team_id, date_local FROM serving.kpi_team_daily WHERE " + AGENT_SEES_TEAM_DAY + ")";

    /** What one role may see of one table. */
    public record Access(Kind kind, String ruleName, String clause) {
        public enum Kind {
            /** not granted at all: Superset gives the role no access to the dataset */
            NONE,
            /** granted, every row */
            ALL,
            /** granted, rows matching {@link #clause()} */
            FILTERED
        }

        public Access {
            Objects.requireNonNull(kind);
            if ((kind == Kind.FILTERED) != (clause != null)) {
                throw new IllegalArgumentException("a clause belongs to a FILTERED access only");
            }
        }

        static Access none() { return new Access(Kind.NONE, null, null); }
        static Access all() { return new Access(Kind.ALL, null, null); }
        static Access filtered(String ruleName, String clause) { return new Access(Kind.FILTERED, RULE_PREFIX + ruleName, clause); }

        public boolean granted() { return kind != Kind.NONE; }
    }

    private static final Map<String, Map<Role, Access>> RULES = rules();

    private AccessRules() {}

    private static Map<String, Map<Role, Access>> rules() {
        Map<String, Map<Role, Access>> r = new LinkedHashMap<>();
        Access agentOwnRows = Access.filtered("agent sees own rows", MY_AGENT_IDS);
        Access leadTeamsAndOwnRows = Access.filtered("lead sees led teams' agents and own rows",
                "(" + MY_LED_TEAMS + " OR " + MY_AGENT_IDS + ")");
        for (String agentGrain : List.of("kpi_agent_interval", "kpi_agent_daily", AGENT_VS_TEAM_VIEW, "kpi_agent_goal_daily")) {
            r.put(agentGrain, byRole(agentOwnRows, leadTeamsAndOwnRows, Access.all()));
        }
        Access leadTeams = Access.filtered("lead sees led teams", MY_LED_TEAMS);
        r.put("kpi_team_daily", byRole(
                Access.filtered("agent sees own team while a member", AGENT_SEES_TEAM_DAY),
                leadTeams,
                Access.all()));
        r.put("kpi_team_goal_daily", byRole(
                Access.filtered("agent sees own team's goals on the team days they see", AGENT_SEES_TEAM_DAY_OF_ROW),
                leadTeams,
                Access.all()));
        // a lead's tool about their agents: no agent sees it, not even their own row
        r.put("kpi_coaching_daily", byRole(Access.none(), leadTeams, Access.all()));
        for (String queueGrain : List.of("kpi_queue_interval", "kpi_queue_daily")) {
            r.put(queueGrain, byRole(Access.all(), Access.all(), Access.all()));
        }
        r.put("kpi_org_daily", byRole(Access.none(), Access.all(), Access.all()));
        for (String managementOnly : List.of("data_quality_daily", "fact_queue_call", "fact_agent_session", "fact_ticket")) {
            r.put(managementOnly, byRole(Access.none(), Access.none(), Access.all()));
        }
        for (String accessTable : List.of(ACCESS_PERSON, ACCESS_AGENT_TEAM, ACCESS_LEAD_TEAM, ACCESS_POLICY)) {
            r.put(accessTable, byRole(Access.none(), Access.none(), Access.all()));
        }
        return Collections.unmodifiableMap(r);
    }

    private static Map<Role, Access> byRole(Access agent, Access lead, Access management) {
        Map<Role, Access> m = new EnumMap<>(Role.class);
        m.put(Role.AGENT, agent);
        m.put(Role.TEAM_LEAD, lead);
        m.put(Role.MANAGEMENT, management);
        return Collections.unmodifiableMap(m);
    }

    /** Every serving table or view these rules cover. */
    public static Set<String> tables() {
        return RULES.keySet();
    }

    /** The access of {@code role} to serving table {@code table}; an unknown table is an error, never "all". */
    public static Access access(Role role, String table) {
        Map<Role, Access> byRole = RULES.get(table);
        if (byRole == null) {
            throw new IllegalArgumentException("no access rule for serving table '" + table + "'; tables with rules: "
                    + String.join(", ", RULES.keySet()));
        }
        return byRole.get(role);
    }

    /** The Superset role name of a roster role. */
    public static String supersetRole(Role role) {
        return switch (role) {
            case AGENT -> "Agent";
            case TEAM_LEAD -> "TeamLead";
            case MANAGEMENT -> "Management";
        };
    }

    /**
     * The SQL predicate that {@code login} with {@code role} sees of {@code table}: {@code TRUE}, {@code FALSE}
     * or the rule with the login, quoted as a SQL string literal, in place of {@link #CURRENT_USERNAME_LIST}.
     */
    public static String predicate(Role role, String table, String login) {
        Objects.requireNonNull(login, "login");
        Access a = access(role, table);
        return switch (a.kind()) {
            case NONE -> "FALSE";
            case ALL -> "TRUE";
            case FILTERED -> a.clause().replace(CURRENT_USERNAME_LIST, "('" + login.replace("'", "''") + "')");
        };
    }

    /** One Superset RLS rule: a named clause applied to some tables for one role. */
    public record SupersetRule(String name, Role role, String clause, List<String> tables) {}

    /** The filtered accesses grouped into Superset RLS rules (one per role and rule name). */
    public static List<SupersetRule> supersetRules() {
        Map<String, SupersetRule> byKey = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            RULES.forEach((table, byRole) -> {
                Access a = byRole.get(role);
                if (a.kind() != Access.Kind.FILTERED) return;
                SupersetRule rule = byKey.computeIfAbsent(role + "|" + a.ruleName(),
                        k -> new SupersetRule(a.ruleName(), role, a.clause(), new ArrayList<>()));
                rule.tables().add(table);
            });
        }
        return byKey.values().stream()
                .map(r -> new SupersetRule(r.name(), r.role(), r.clause(), List.copyOf(r.tables())))
                .toList();
    }
}
