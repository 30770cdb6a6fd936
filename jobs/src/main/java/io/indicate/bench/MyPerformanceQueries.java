package io.indicate.bench;

import io.indicate.kpi.KpiFormulas;

import io.indicate.roster.Role;
import io.indicate.security.AccessRules;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The SQL that Superset sends to the serving database when an agent opens the "My performance" dashboard
 * ({@code superset/assets/dashboards/my-performance.yaml}), with the row-level-security clause Superset adds
 * for that agent ({@link AccessRules#predicate}, the rule the provisioner installs, rendered for the login).
 *
 * <p>How each query is derived: the chart's YAML under {@code superset/assets/charts/} gives the dataset, the
 * metrics, the grouping, the time filter and the row limit; the dataset's YAML under
 * {@code superset/assets/datasets/serving/} gives the table and each metric's SQL expression; Superset 6.1's
 * PostgreSQL engine spec ({@code superset/db_engine_specs/postgres.py}) gives the rest: a DATE column's bound
 * as {@code TO_DATE('…', 'YYYY-MM-DD')}, a TIMESTAMP column's as {@code TO_TIMESTAMP('… 00:00:00.000000',
 * 'YYYY-MM-DD HH24:MI:SS.US')}, time grain {@code P1D} as {@code DATE_TRUNC('day', col)} and {@code PT15M} as
 * {@code DATE_TRUNC('hour', col) + INTERVAL '15 minutes' * FLOOR(EXTRACT(MINUTE FROM col) / 15)}. A time range
 * {@code today : tomorrow} is {@code [today, today + 1)}, {@code DATEADD(DATETIME("today"), -30, day) :
 * tomorrow} is {@code [today - 30, today + 1)}. A chart ordered descending without a sort metric of its own is
 * ordered by its first metric. A mixed time-series chart sends two queries, one per axis. Superset sends SQL
 * with literal values (no bind parameters), and so does the benchmark.
 */
public final class MyPerformanceQueries {
    /** One query of the dashboard: the chart (and axis) it belongs to, and its SQL. */
    public record Query(String name, String table, String sql) {}

    /** The datasets' metrics, rendered from the same formulas (sql/kpis.yml). */
    private static final String AHT = KpiFormulas.of("aht_s").postgresSum();
    private static final String OCCUPANCY = KpiFormulas.of("occupancy_pct").postgresSum();
    private static final String CSAT = KpiFormulas.of("csat_pct").postgresSum();
    private static final String SERVICE_LEVEL = KpiFormulas.of("service_level_pct").postgresSum();
    private static final String ABANDON_RATE = KpiFormulas.of("abandon_rate_pct").postgresSum();
    /** The calculated columns of {@code datasets/serving/kpi_agent_goal_daily.yaml} that "My goals today" groups by. */
    private static final String KPI_NAME = "CASE kpi WHEN 'calls_answered' THEN 'Calls answered' WHEN 'aht_s' THEN 'AHT (s)'"
            + " WHEN 'occupancy_pct' THEN 'Occupancy (%)' WHEN 'csat_pct' THEN 'CSAT (%)'"
            + " WHEN 'tickets_solved' THEN 'Tickets solved' WHEN 'repeat_contact_rate_pct' THEN 'Repeat contacts (%)'"
            + " ELSE kpi END";
    private static final String GOAL_LABEL = "CASE direction WHEN 'higher' THEN 'at least ' ELSE 'at most ' END"
            + " || regexp_replace(round(goal_value::numeric, 1)::text, '[.]0$', '')";
    private static final String MET_LABEL = "CASE WHEN met THEN 'met' WHEN NOT met THEN 'not met' ELSE 'no value' END";
    private static final String QUARTER_HOUR =
            "DATE_TRUNC('hour', interval_start_local) + INTERVAL '15 minutes' * FLOOR(EXTRACT(MINUTE FROM interval_start_local) / 15)";

    private MyPerformanceQueries() {}

    /** The dashboard's queries as {@code login}, an agent, sees them on local date {@code today}. */
    public static List<Query> forAgent(String login, LocalDate today) {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(today, "today");
        String today0 = toDate(today);
        String tomorrow = toDate(today.plusDays(1));
        String monthAgo = toDate(today.minusDays(30));
        String last30Days = "date_local >= " + monthAgo + " AND date_local < " + tomorrow;
        String intervalsToday = "interval_start_local >= " + toTimestamp(today) + " AND interval_start_local < " + toTimestamp(today.plusDays(1));
        String goalGroups = KPI_NAME + ", " + GOAL_LABEL + ", " + MET_LABEL;
        return List.of(
                // charts/my_goals.yaml: table, dataset kpi_agent_goal_daily, grouped by three calculated columns
                // (the KPI's name, the goal, met), three metrics, today, sorted by its own metric MIN(kpi)
                // ascending, row limit 1000
                new Query("my_goals", "kpi_agent_goal_daily",
                        "SELECT " + KPI_NAME + " AS kpi_name, " + GOAL_LABEL + " AS goal_label, " + MET_LABEL + " AS met_label,"
                                + " MAX(value) AS value, MAX(streak_days) AS streak_days, MAX(change_vs_previous_7) AS change_vs_previous_7"
                                + " FROM serving.kpi_agent_goal_daily WHERE date_local >= " + today0 + " AND date_local < " + tomorrow
                                + andRowLevelSecurity("kpi_agent_goal_daily", login)
                                + " GROUP BY " + goalGroups + " ORDER BY MIN(kpi) ASC LIMIT 1000"),
                // charts/my_today.yaml, left axis: dataset kpi_agent_interval, metric calls_answered, x axis
                // interval_start_local at PT15M, filter interval_start_local today : tomorrow, row limit 10000
                new Query("my_today_calls", "kpi_agent_interval",
                        "SELECT " + QUARTER_HOUR + " AS interval_start_local, SUM(calls_answered) AS calls_answered"
                                + " FROM serving.kpi_agent_interval WHERE " + intervalsToday + andRowLevelSecurity("kpi_agent_interval", login)
                                + " GROUP BY " + QUARTER_HOUR + " ORDER BY calls_answered DESC LIMIT 10000"),
                // charts/my_today.yaml, right axis: the same with metric talk_s
                new Query("my_today_talk", "kpi_agent_interval",
                        "SELECT " + QUARTER_HOUR + " AS interval_start_local, SUM(talk_s) AS talk_s"
                                + " FROM serving.kpi_agent_interval WHERE " + intervalsToday + andRowLevelSecurity("kpi_agent_interval", login)
                                + " GROUP BY " + QUARTER_HOUR + " ORDER BY talk_s DESC LIMIT 10000"),
                // charts/my_refreshed.yaml: table, dataset kpi_agent_daily, metric last_refreshed, no grouping,
                // filter date_local over the last 30 days, row limit 1000
                new Query("my_refreshed", "kpi_agent_daily",
                        "SELECT MAX(_refreshed_at) AS last_refreshed FROM serving.kpi_agent_daily WHERE " + last30Days
                                + andRowLevelSecurity("kpi_agent_daily", login) + " ORDER BY last_refreshed DESC LIMIT 1000"),
                // charts/my_trend.yaml, left axis: dataset kpi_agent_daily, metrics occupancy_pct and csat_pct,
                // x axis date_local at P1D, last 30 days, row limit 10000
                new Query("my_trend_rates", "kpi_agent_daily",
                        "SELECT DATE_TRUNC('day', date_local) AS date_local, " + OCCUPANCY + " AS occupancy_pct, " + CSAT + " AS csat_pct"
                                + " FROM serving.kpi_agent_daily WHERE " + last30Days + andRowLevelSecurity("kpi_agent_daily", login)
                                + " GROUP BY DATE_TRUNC('day', date_local) ORDER BY occupancy_pct DESC LIMIT 10000"),
                // charts/my_trend.yaml, right axis: metric calls_answered
                new Query("my_trend_calls", "kpi_agent_daily",
                        "SELECT DATE_TRUNC('day', date_local) AS date_local, SUM(calls_answered) AS calls_answered"
                                + " FROM serving.kpi_agent_daily WHERE " + last30Days + andRowLevelSecurity("kpi_agent_daily", login)
                                + " GROUP BY DATE_TRUNC('day', date_local) ORDER BY calls_answered DESC LIMIT 10000"),
                // charts/my_vs_team.yaml: line chart on the view kpi_agent_vs_team_daily, six MAX() metrics, x axis
                // date_local at P1D, last 30 days, row limit 10000
                new Query("my_vs_team", "kpi_agent_vs_team_daily",
                        "SELECT DATE_TRUNC('day', date_local) AS date_local, MAX(aht_s) AS my_aht_s, MAX(team_median_aht_s) AS team_median_aht_s,"
                                + " MAX(occupancy_pct) AS my_occupancy_pct, MAX(team_median_occupancy_pct) AS team_median_occupancy_pct,"
                                + " MAX(csat_pct) AS my_csat_pct, MAX(team_median_csat_pct) AS team_median_csat_pct"
                                + " FROM serving.kpi_agent_vs_team_daily WHERE " + last30Days + andRowLevelSecurity("kpi_agent_vs_team_daily", login)
                                + " GROUP BY DATE_TRUNC('day', date_local) ORDER BY my_aht_s DESC LIMIT 10000"),
                // charts/my_team_days.yaml: table, dataset kpi_team_daily, grouped by date_local and team_name,
                // four metrics, last 30 days, sorted by its own metric MAX(date_local) descending, row limit 1000
                new Query("my_team_days", "kpi_team_daily",
                        "SELECT date_local AS date_local, team_name AS team_name, SUM(calls_answered) AS calls_answered, " + AHT + " AS aht_s, "
                                + OCCUPANCY + " AS occupancy_pct, " + CSAT + " AS csat_pct"
                                + " FROM serving.kpi_team_daily WHERE " + last30Days + andRowLevelSecurity("kpi_team_daily", login)
                                + " GROUP BY date_local, team_name ORDER BY MAX(date_local) DESC LIMIT 1000"),
                // charts/my_queues_today.yaml: table, dataset kpi_queue_daily (no row-level security: every role
                // sees all queues), grouped by queue, three metrics, today, row limit 1000
                new Query("my_queues_today", "kpi_queue_daily",
                        "SELECT queue AS queue, SUM(offered) AS offered, " + SERVICE_LEVEL + " AS service_level_pct, "
                                + ABANDON_RATE + " AS abandon_rate_pct FROM serving.kpi_queue_daily"
                                + " WHERE date_local >= " + today0 + " AND date_local < " + tomorrow
                                + andRowLevelSecurity("kpi_queue_daily", login) + " GROUP BY queue ORDER BY offered DESC LIMIT 1000"));
    }

    /** The agent's row-level-security clause of {@code table}; Superset adds none for a table a role sees in full. */
    private static String andRowLevelSecurity(String table, String login) {
        String predicate = AccessRules.predicate(Role.AGENT, table, login);
        return predicate.equals("TRUE") ? "" : " AND (" + predicate + ")";
    }

    private static String toDate(LocalDate d) {
        return "TO_DATE('" + d + "', 'YYYY-MM-DD')";
    }

    private static String toTimestamp(LocalDate d) {
        return "TO_TIMESTAMP('" + d + " 00:00:00.000000', 'YYYY-MM-DD HH24:MI:SS.US')";
    }
}
