package io.indicate.digest;

import io.indicate.digest.DigestFacts.CoachingRow;
import io.indicate.digest.DigestFacts.GoalDay;
import io.indicate.digest.DigestFacts.Person;

import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One person's digest mail, plain text: subject and body. What goes in is chosen by the person's role and holds only
 * what their dashboard shows them: an agent their own goals, streaks and day; a team lead their teams' goals and
 * coaching lists; a manager the organisation's goal attainment per team and KPI and the share of agents' goals met
 * (counts, no agent named). Numbers are formatted as on the dashboards ({@link KpiFormat}).
 */
record DigestMail(String subject, String text) {
    private static final String GOAL_TABLE = "  %-16s %9s   %-18s %-9s %-9s %s%n";

    /** The mail of {@code person} about the facts' date, or empty when there is nothing of theirs to report that day. */
    static Optional<DigestMail> of(Person person, DigestFacts facts, Dashboards dashboards) {
        return switch (person.role()) {
            case AGENT -> agent(person, facts, dashboards);
            case TEAM_LEAD -> lead(person, facts, dashboards);
            case MANAGEMENT -> manager(person, facts, dashboards);
        };
    }

    private static Optional<DigestMail> agent(Person agent, DigestFacts facts, Dashboards dashboards) {
        List<GoalDay> goals = facts.goalsOfAgent(agent.agentId());
        Optional<DigestFacts.AgentDay> day = facts.dayOfAgent(agent.agentId());
        if (goals.isEmpty() && day.isEmpty()) return Optional.empty();
        StringBuilder text = greeting(agent);
        if (goals.isEmpty()) {
            text.append("no goal applied to your day on ").append(longDate(facts)).append(".\n");
        } else {
            text.append("your day on ").append(longDate(facts)).append(" against your goals:\n\n");
            goalTable(text, goals);
        }
        day.ifPresent(d -> text.append("\nYour day: ").append(dayLine(d)).append(".\n"));
        text.append("\nYour dashboard: ").append(dashboards.link(agent.role())).append('\n');
        footer(text, facts);
        return Optional.of(new DigestMail("Your day " + facts.date() + metCount(goals, "goals"), text.toString()));
    }

    private static Optional<DigestMail> lead(Person lead, DigestFacts facts, Dashboards dashboards) {
        Map<String, String> teams = facts.teamsLedBy(lead);
        boolean anything = teams.keySet().stream().anyMatch(t -> !facts.goalsOfTeam(t).isEmpty() || !facts.coachingOfTeam(t).isEmpty());
        if (!anything) return Optional.empty();
        StringBuilder text = greeting(lead);
        text.append(teams.size() == 1 ? "your team" : "your teams").append(" on ").append(longDate(facts)).append(".\n");
        Set<String> coached = new TreeSet<>();
        List<GoalDay> teamGoals = new ArrayList<>();
        for (Map.Entry<String, String> team : teams.entrySet()) {
            List<GoalDay> goals = facts.goalsOfTeam(team.getKey());
            List<CoachingRow> coaching = facts.coachingOfTeam(team.getKey());
            text.append("\n").append(team.getValue()).append('\n');
            if (goals.isEmpty()) {
                text.append("  no team goal applied that day\n");
            } else {
                text.append("Against its goals:\n");
                goalTable(text, goals);
            }
            if (coaching.isEmpty()) {
                text.append("Coaching list: nobody that day.\n");
            } else {
                text.append("Coaching list, the first conversation first:\n");
                for (CoachingRow row : coaching) text.append(coachingLine(row, facts)).append('\n');
            }
            coaching.forEach(row -> coached.add(row.agentId()));
            teamGoals.addAll(goals);
        }
        countsPerAgent(text, teamGoals);
        text.append("\nYour team dashboard: ").append(dashboards.link(lead.role())).append('\n');
        footer(text, facts);
        String subject = (teams.size() == 1 ? "Your team " : "Your teams ") + facts.date() + ": "
                + (coached.isEmpty() ? "nobody" : coached.size() == 1 ? "1 agent" : coached.size() + " agents") + " on the coaching list";
        return Optional.of(new DigestMail(subject, text.toString()));
    }

    private static Optional<DigestMail> manager(Person manager, DigestFacts facts, Dashboards dashboards) {
        if (facts.agentGoals().isEmpty() && facts.teamGoals().isEmpty()) return Optional.empty();
        StringBuilder text = greeting(manager);
        text.append("goal attainment of the organisation on ").append(longDate(facts)).append(".\n\n");
        text.append("Agents' goals met: ").append(metShare(facts.agentGoals())).append('\n');
        Map<String, List<GoalDay>> byKpi = new TreeMap<>();
        for (GoalDay g : facts.agentGoals()) byKpi.computeIfAbsent(g.kpi(), k -> new ArrayList<>()).add(g);
        byKpi.forEach((kpi, goals) -> text.append(String.format(Locale.ROOT, "  %-16s %s%n", KpiFormat.label(kpi), metShare(goals))));
        Map<String, List<GoalDay>> byTeam = new TreeMap<>();
        for (GoalDay g : facts.teamGoals()) byTeam.computeIfAbsent(teamName(g), k -> new ArrayList<>()).add(g);
        if (!byTeam.isEmpty()) {
            text.append("\nTeams' goals met: ").append(metShare(facts.teamGoals())).append('\n');
            byTeam.forEach((team, goals) -> {
                text.append('\n').append(team).append('\n');
                goalTable(text, goals.stream().sorted(Comparator.comparing(GoalDay::kpi)).toList());
            });
            countsPerAgent(text, facts.teamGoals());
        }
        text.append("\nThe organisation dashboard: ").append(dashboards.link(manager.role())).append('\n');
        footer(text, facts);
        return Optional.of(new DigestMail("The organisation " + facts.date() + metCount(facts.agentGoals(), "agents' goals"), text.toString()));
    }

    /** Says how a team's count is meant, when a team goal is on one. */
    private static void countsPerAgent(StringBuilder text, List<GoalDay> teamGoals) {
        if (teamGoals.stream().anyMatch(g -> KpiFormat.isCount(g.kpi()))) {
            text.append("A team's calls and tickets are per agent active that day, as its goal is.\n");
        }
    }

    private static String teamName(GoalDay g) {
        return g.ownerName() == null || g.ownerName().isBlank() ? g.ownerId() : g.ownerName();
    }

    private static StringBuilder greeting(Person person) {
        return new StringBuilder("Hello ").append(person.name()).append(",\n\n");
    }

    private static String longDate(DigestFacts facts) {
        return facts.date().getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + facts.date();
    }

    /** The goals as a table: KPI, the day's value, the goal, met or missed, the streak, the change on the previous 7 working days. */
    private static void goalTable(StringBuilder text, List<GoalDay> goals) {
        text.append(String.format(Locale.ROOT, GOAL_TABLE, "KPI", "value", "goal", "result", "streak", "vs previous 7 days"));
        for (GoalDay g : goals) {
            String result = g.met() == null ? "no value" : g.met() ? "met" : "missed";
            text.append(String.format(Locale.ROOT, GOAL_TABLE, KpiFormat.label(g.kpi()), KpiFormat.value(g.kpi(), g.value()),
                    KpiFormat.goal(g.kpi(), g.direction(), g.goalValue()), result, KpiFormat.days(g.streakDays()),
                    KpiFormat.change(g.kpi(), g.changeVsPrevious7())).stripTrailing()).append('\n');
        }
    }

    private static String dayLine(DigestFacts.AgentDay d) {
        StringBuilder line = new StringBuilder(KpiFormat.value("calls_answered", (double) d.callsAnswered())).append(" calls answered");
        if (d.ahtS() != null) line.append(", AHT ").append(KpiFormat.value("aht_s", d.ahtS()));
        if (d.occupancyPct() != null) line.append(", occupancy ").append(KpiFormat.value("occupancy_pct", d.occupancyPct()));
        if (d.ticketsSolved() != null) line.append(", ").append(d.ticketsSolved()).append(" tickets solved");
        if (d.csatPct() != null) line.append(", CSAT ").append(KpiFormat.value("csat_pct", d.csatPct()));
        return line.toString();
    }

    /** {@code 1. bo.two (Bo Two): Calls answered 1, goal at least 3, 2 short (66.7%); missed 3 of the last 5 working days}. */
    private static String coachingLine(CoachingRow row, DigestFacts facts) {
        String name = facts.person(row.agentId()).map(Person::name).orElse(null);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %d. %s", row.priority(), row.agentLogin()));
        if (name != null && !name.equals(row.agentLogin())) line.append(" (").append(name).append(')');
        line.append(": ").append(KpiFormat.label(row.kpi())).append(' ').append(KpiFormat.value(row.kpi(), row.value()))
                .append(", goal ").append(KpiFormat.goal(row.kpi(), row.direction(), row.goalValue()));
        if (row.gap() != null && row.gap() > 0) {
            line.append(", ").append(KpiFormat.value(row.kpi(), row.gap())).append("lower".equals(row.direction()) ? " over" : " short");
            if (row.gapPct() != null) line.append(String.format(Locale.ROOT, " (%.1f%%)", row.gapPct()));
        }
        if (row.missedRepeatedly()) {
            line.append(String.format(Locale.ROOT, "; missed %d of the last %d working days", row.daysMissed(), row.daysJudged()));
        }
        if (row.trendTurned()) {
            line.append("; turned: missed the last two working days after a good run (previous 7 days ")
                    .append(KpiFormat.value(row.kpi(), row.previous7Avg())).append(')');
        }
        return line.toString();
    }

    /** {@code 7 of 10 (70.0%)} of the goals judged (a goal without a value that day is neither met nor missed). */
    private static String metShare(List<GoalDay> goals) {
        return KpiFormat.share(goals.stream().filter(g -> Boolean.TRUE.equals(g.met())).count(),
                goals.stream().filter(g -> g.met() != null).count());
    }

    /** {@code : 2 of 3 goals met} for a subject, or nothing when no goal was judged. */
    private static String metCount(List<GoalDay> goals, String what) {
        long judged = goals.stream().filter(g -> g.met() != null).count();
        if (judged == 0) return "";
        return ": " + goals.stream().filter(g -> Boolean.TRUE.equals(g.met())).count() + " of " + judged + " " + what + " met";
    }

    private static void footer(StringBuilder text, DigestFacts facts) {
        text.append("\n-- \nIndicate's daily digest of ").append(facts.date())
                .append(": only what your dashboard shows you. The numbers are those of the nightly build of that day.\n");
    }
}
