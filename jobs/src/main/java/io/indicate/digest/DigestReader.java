package io.indicate.digest;

import io.indicate.digest.DigestFacts.AgentDay;
import io.indicate.digest.DigestFacts.CoachingRow;
import io.indicate.digest.DigestFacts.GoalDay;
import io.indicate.digest.DigestFacts.Person;
import io.indicate.roster.Role;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the facts of one date's digest from the warehouse's Delta tables (gold marts, {@code silver.dim_agent}).
 *
 * <p>The warehouse, not the serving database: the digest names each person's e-mail address and the roster row
 * valid on the date, which only {@code silver.dim_agent} holds (serving's access tables hold today's logins and
 * roles, no addresses); the marts of a date are there as soon as the nightly build settled it, whether or not
 * serving keeps that date (interval windows) or a publish has run; and the digest needs no database login beside
 * the SMTP one. A date's rows are a few per agent, read once.
 */
final class DigestReader {
    private final Warehouse warehouse;

    DigestReader(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The facts of {@code date}; {@code today} (the local date the mails go out) decides who has left. */
    DigestFacts read(LocalDate date, LocalDate today) {
        String day = "DATE'" + date + "'";
        List<Person> people = warehouse.sql("select agent_id, login, full_name, email, role, team_id, team_name, team_lead_login"
                        + " from silver.dim_agent where role <> 'left' and valid_from <= " + day
                        + " and (valid_to is null or valid_to > " + day + ")").collectAsList().stream()
                .map(r -> new Person(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                        Role.fromCode(r.getString(4)).orElseThrow(() -> new IllegalStateException(
                                "silver.dim_agent: role '" + r.getString(4) + "' of agent " + r.getString(0) + " is not a roster role")),
                        r.getString(5), r.getString(6), r.getString(7)))
                .toList();
        String now = "DATE'" + today + "'";
        Map<String, LocalDate> left = new HashMap<>();
        for (Row r : warehouse.sql("select agent_id, valid_from from silver.dim_agent where role = 'left' and valid_from <= " + now
                + " and (valid_to is null or valid_to > " + now + ")").collectAsList()) {
            left.put(r.getString(0), r.getDate(1).toLocalDate());
        }
        List<GoalDay> agentGoals = goals("gold.kpi_agent_goal_daily", "agent_id", "agent_login", day);
        List<GoalDay> teamGoals = goals("gold.kpi_team_goal_daily", "team_id", "team_name", day);
        List<AgentDay> agentDays = warehouse.sql("select agent_id, calls_answered, aht_s, occupancy_pct, tickets_solved, csat_pct"
                        + " from gold.kpi_agent_daily where date_local = " + day).collectAsList().stream()
                .map(r -> new AgentDay(r.getString(0), r.getLong(1), doubleOrNull(r, 2), doubleOrNull(r, 3),
                        r.isNullAt(4) ? null : r.getLong(4), doubleOrNull(r, 5)))
                .toList();
        return new DigestFacts(date, people, left, agentGoals, agentDays, teamGoals, coaching(day));
    }

    private List<GoalDay> goals(String mart, String owner, String ownerName, String day) {
        return warehouse.sql("select " + owner + ", " + ownerName + ", kpi, value, goal_value, direction, met, streak_days, change_vs_previous_7"
                        + " from " + mart + " where date_local = " + day).collectAsList().stream()
                .map(r -> new GoalDay(r.getString(0), r.getString(1), r.getString(2), doubleOrNull(r, 3), r.getDouble(4), r.getString(5),
                        r.isNullAt(6) ? null : r.getBoolean(6), r.getLong(7), doubleOrNull(r, 8)))
                .toList();
    }

    private List<CoachingRow> coaching(String day) {
        return warehouse.sql("select team_id, agent_id, agent_login, kpi, value, goal_value, direction, days_judged, days_missed,"
                        + " missed_repeatedly, trend_turned, gap, gap_pct, previous_7_avg, priority"
                        + " from gold.kpi_coaching_daily where date_local = " + day).collectAsList().stream()
                .map(r -> new CoachingRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3), doubleOrNull(r, 4),
                        r.getDouble(5), r.getString(6), r.getLong(7), r.getLong(8), r.getBoolean(9), r.getBoolean(10),
                        doubleOrNull(r, 11), doubleOrNull(r, 12), doubleOrNull(r, 13), r.getInt(14)))
                .toList();
    }

    private static Double doubleOrNull(Row r, int i) {
        return r.isNullAt(i) ? null : r.getDouble(i);
    }
}
