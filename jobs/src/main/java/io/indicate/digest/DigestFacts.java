package io.indicate.digest;

import io.indicate.roster.Role;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the digest of one local date is made of, as plain values ({@link DigestReader} reads them from the
 * warehouse), so that the mails are composed without Spark.
 *
 * @param date       the local date the mails are about
 * @param people     each person's roster row valid on {@code date} (the latest {@code valid_from} on or before it),
 *                   leavers left out: who they were that day, their role, team and e-mail address
 * @param leftSince  people whose roster row in force on the day the digest is sent is a {@code left} row, with its
 *                   date: they no longer have access, so they are sent nothing, not even about a day they worked
 * @param agentGoals {@code gold.kpi_agent_goal_daily} of the date, owner = agent
 * @param agentDays  {@code gold.kpi_agent_daily} of the date
 * @param teamGoals  {@code gold.kpi_team_goal_daily} of the date, owner = team
 * @param coaching   {@code gold.kpi_coaching_daily} of the date
 */
record DigestFacts(LocalDate date, List<Person> people, Map<String, LocalDate> leftSince, List<GoalDay> agentGoals,
                   List<AgentDay> agentDays, List<GoalDay> teamGoals, List<CoachingRow> coaching) {

    /** A person's roster row valid on the digest's date. {@code email} is null when the roster has none. */
    record Person(String agentId, String login, String fullName, String email, Role role, String teamId, String teamName,
                  String teamLeadLogin) {
        /** The full name, else the login: how a mail greets them and a lead's list names them. */
        String name() {
            return fullName == null || fullName.isBlank() ? login : fullName;
        }
    }

    /** One KPI of an agent's or a team's day against its goal ({@code ownerId}: the agent or team id). */
    record GoalDay(String ownerId, String ownerName, String kpi, Double value, double goalValue, String direction,
                   Boolean met, long streakDays, Double changeVsPrevious7) {}

    /** The few numbers of an agent's day a mail adds beside the goals. */
    record AgentDay(String agentId, long callsAnswered, Double ahtS, Double occupancyPct, Long ticketsSolved, Double csatPct) {}

    /** One row of a team's coaching list ({@code priority} 1: the first conversation to have). */
    record CoachingRow(String teamId, String agentId, String agentLogin, String kpi, Double value, double goalValue,
                       String direction, long daysJudged, long daysMissed, boolean missedRepeatedly, boolean trendTurned,
                       Double gap, Double gapPct, Double previous7Avg, int priority) {}

    DigestFacts {
        people = List.copyOf(people);
        leftSince = Map.copyOf(leftSince);
        agentGoals = List.copyOf(agentGoals);
        agentDays = List.copyOf(agentDays);
        teamGoals = List.copyOf(teamGoals);
        coaching = List.copyOf(coaching);
    }

    List<GoalDay> goalsOfAgent(String agentId) {
        return agentGoals.stream().filter(g -> g.ownerId().equals(agentId)).sorted(Comparator.comparing(GoalDay::kpi)).toList();
    }

    Optional<AgentDay> dayOfAgent(String agentId) {
        return agentDays.stream().filter(d -> d.agentId().equals(agentId)).findFirst();
    }

    List<GoalDay> goalsOfTeam(String teamId) {
        return teamGoals.stream().filter(g -> g.ownerId().equals(teamId)).sorted(Comparator.comparing(GoalDay::kpi)).toList();
    }

    List<CoachingRow> coachingOfTeam(String teamId) {
        return coaching.stream().filter(c -> teamId.equals(c.teamId())).sorted(Comparator.comparingInt(CoachingRow::priority)).toList();
    }

    Optional<Person> person(String agentId) {
        return people.stream().filter(p -> p.agentId().equals(agentId)).findFirst();
    }

    /**
     * The teams {@code lead} leads on the date, id to name: the teams whose members' rows valid that day name the
     * lead's login as {@code team_lead_login} (the rule of the serving access tables, applied to the date).
     */
    Map<String, String> teamsLedBy(Person lead) {
        Map<String, String> teams = new TreeMap<>();
        for (Person p : people) {
            if (p.teamId() != null && lead.login().equals(p.teamLeadLogin())) {
                teams.merge(p.teamId(), Objects.requireNonNullElse(p.teamName(), p.teamId()), (a, b) -> a);
            }
        }
        return teams;
    }
}
