package io.indicate.generate;

import io.indicate.roster.Role;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The people of the sample contact centre as HR sees them: teams of about nine agents, each with a team lead,
 * two managers above them, and the roster history (initial assignments plus team moves inside the
 * generated range). Also says who is on the phone system, which is not quite the same set of people.
 */
final class Organisation {
    /** Roster history starts before the generated data, as a real roster would. */
    static final int ROSTER_LEAD_DAYS = 60;
    /** The temp's extension; never handed out to a rostered person. */
    static final String TEMP_TELEPHONY_ID = "PJSIP/299";

    private static final int AGENTS_PER_TEAM = 9;
    private static final double MOVE_SHARE = 0.10;
    private static final double SECOND_QUEUE_SHARE = 0.35;
    private static final double AGENT_CHANNEL_SHARE = 0.12;
    private static final double DISPLAY_NAME_SHARE = 0.06;
    private static final ServiceQueue[] TEAM_PRIMARY_QUEUES = {
            ServiceQueue.SUPPORT, ServiceQueue.SALES, ServiceQueue.SUPPORT, ServiceQueue.BILLING};
    private static final List<String> TEAM_NAMES = List.of(
            "North", "South", "East", "West", "Harbour", "Meadow", "Summit", "River", "Forest", "Coast", "Valley",
            "Island", "Bridge", "Lighthouse", "Aurora", "Granite", "Pine", "Birch", "Falcon", "Lynx");

    record Team(String id, String name, ServiceQueue primaryQueue) {}

    /** A person; {@code telephonyId} is null for people who never take calls. */
    record Person(String agentId, String login, String fullName, String telephonyId, String crmUserId, Role role,
                  List<ServiceQueue> queues) {
        String email() {
            return login + "@example.com";
        }
    }

    /** One roster row: from {@code validFrom} on, the person is in {@code team} (null for management). */
    record Assignment(Person person, Team team, Person teamLead, LocalDate validFrom) {}

    private final List<Person> agents;
    private final List<Person> teamLeads;
    private final List<Assignment> roster;

    private Organisation(List<Person> agents, List<Person> teamLeads, List<Assignment> roster) {
        this.agents = List.copyOf(agents);
        this.teamLeads = List.copyOf(teamLeads);
        this.roster = List.copyOf(roster);
    }

    /** The roster rows in file order: by agent id, then valid_from. */
    List<Assignment> roster() {
        return roster;
    }

    /** Everyone the phone system knows: agents, team leads and the temp who is not in the roster. */
    List<TelephonyMember> telephonyMembers() {
        List<TelephonyMember> members = new ArrayList<>();
        for (Person p : agents) members.add(member(p, TelephonyMember.Kind.AGENT));
        for (Person p : teamLeads) members.add(member(p, TelephonyMember.Kind.TEAM_LEAD));
        members.add(new TelephonyMember(TEMP_TELEPHONY_ID, List.of(ServiceQueue.SUPPORT), null, TelephonyMember.Kind.TEMP));
        return members;
    }

    private static TelephonyMember member(Person p, TelephonyMember.Kind kind) {
        String phone = p.telephonyId().startsWith("Agent/")
                ? "PJSIP/" + (Integer.parseInt(p.telephonyId().substring("Agent/".length())) + 2000) : null;
        return new TelephonyMember(p.telephonyId(), p.queues(), phone, kind);
    }

    static Organisation generate(int agentCount, LocalDays days, SplittableRandom rng) {
        return new Builder(days, rng).build(agentCount);
    }

    /** Holds the counters that keep logins, extensions and CRM ids unique while people are created. */
    private static final class Builder {
        private final LocalDays days;
        private final SplittableRandom rng;
        private final Set<String> logins = new HashSet<>();
        private final Set<String> fullNames = new HashSet<>();
        private int nextPersonNumber = 1;
        private int nextExtension = 201;
        private int nextAgentNumber = 1001;

        Builder(LocalDays days, SplittableRandom rng) {
            this.days = days;
            this.rng = rng;
        }

        Organisation build(int agentCount) {
            List<Team> teams = teams(agentCount);
            List<Person> agents = new ArrayList<>();
            List<Team> agentTeams = new ArrayList<>();
            List<TelephonyKind> kinds = telephonyKinds(agentCount);
            for (int i = 0; i < agentCount; i++) {
                Team team = teams.get(i % teams.size());
                agentTeams.add(team);
                agents.add(person(Role.AGENT, kinds.get(i), queuesFor(team)));
            }
            coverEveryQueue(agents);
            List<Person> leads = new ArrayList<>();
            for (Team team : teams) leads.add(person(Role.TEAM_LEAD, TelephonyKind.EXTENSION, List.of(team.primaryQueue())));
            List<Person> management = List.of(person(Role.MANAGEMENT, null, List.of()), person(Role.MANAGEMENT, null, List.of()));

            LocalDate initial = days.first().minusDays(ROSTER_LEAD_DAYS);
            boolean[] moves = movers(agentCount, teams.size());
            List<Assignment> roster = new ArrayList<>();
            for (int i = 0; i < agentCount; i++) {
                Team team = agentTeams.get(i);
                roster.add(new Assignment(agents.get(i), team, leads.get(teams.indexOf(team)), initial));
                if (moves[i]) {
                    int other = (teams.indexOf(team) + 1 + rng.nextInt(teams.size() - 1)) % teams.size();
                    roster.add(new Assignment(agents.get(i), teams.get(other), leads.get(other), moveDate()));
                }
            }
            for (int t = 0; t < teams.size(); t++) roster.add(new Assignment(leads.get(t), teams.get(t), leads.get(t), initial));
            for (Person m : management) roster.add(new Assignment(m, null, null, initial));
            return new Organisation(agents, leads, roster);
        }

        /** About nine agents a team; at least two teams as soon as there are two agents, so someone can move. */
        private List<Team> teams(int agentCount) {
            int count = (agentCount + AGENTS_PER_TEAM - 1) / AGENTS_PER_TEAM;
            if (agentCount >= 2) count = Math.max(2, count);
            List<Team> teams = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                String name = "Team " + (t < TEAM_NAMES.size() ? TEAM_NAMES.get(t) : String.valueOf(t + 1));
                teams.add(new Team(String.format("T%02d", t + 1), name, TEAM_PRIMARY_QUEUES[t % TEAM_PRIMARY_QUEUES.length]));
            }
            return teams;
        }

        private enum TelephonyKind { EXTENSION, AGENT_CHANNEL, DISPLAY_NAME }

        /** Mostly PJSIP extensions; some Agent/ logins and a few display names, each kind present once possible. */
        private List<TelephonyKind> telephonyKinds(int agentCount) {
            List<TelephonyKind> kinds = new ArrayList<>();
            for (int i = 0; i < agentCount; i++) {
                double r = rng.nextDouble();
                kinds.add(r < AGENT_CHANNEL_SHARE ? TelephonyKind.AGENT_CHANNEL
                        : r < AGENT_CHANNEL_SHARE + DISPLAY_NAME_SHARE ? TelephonyKind.DISPLAY_NAME : TelephonyKind.EXTENSION);
            }
            if (agentCount >= 2 && !kinds.contains(TelephonyKind.DISPLAY_NAME)) {
                kinds.set(replaceableExtension(kinds), TelephonyKind.DISPLAY_NAME);
            }
            if (agentCount >= 3 && !kinds.contains(TelephonyKind.AGENT_CHANNEL)) {
                kinds.set(replaceableExtension(kinds), TelephonyKind.AGENT_CHANNEL);
            }
            return kinds;
        }

        private int replaceableExtension(List<TelephonyKind> kinds) {
            List<Integer> extensions = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) if (kinds.get(i) == TelephonyKind.EXTENSION) extensions.add(i);
            return extensions.get(rng.nextInt(extensions.size()));
        }

        private List<ServiceQueue> queuesFor(Team team) {
            List<ServiceQueue> queues = new ArrayList<>(List.of(team.primaryQueue()));
            if (rng.nextDouble() < SECOND_QUEUE_SHARE) queues.add(otherQueue(team.primaryQueue()));
            return queues;
        }

        private ServiceQueue otherQueue(ServiceQueue queue) {
            ServiceQueue[] all = ServiceQueue.values();
            return all[(queue.ordinal() + 1 + rng.nextInt(all.length - 1)) % all.length];
        }

        /** A queue nobody serves would only collect timeouts: give it to an agent who serves one queue so far. */
        private void coverEveryQueue(List<Person> agents) {
            for (ServiceQueue queue : ServiceQueue.values()) {
                if (agents.stream().anyMatch(a -> a.queues().contains(queue))) continue;
                List<Integer> single = new ArrayList<>();
                for (int i = 0; i < agents.size(); i++) if (agents.get(i).queues().size() == 1) single.add(i);
                if (single.isEmpty()) return;
                int i = single.get(rng.nextInt(single.size()));
                Person a = agents.get(i);
                agents.set(i, new Person(a.agentId(), a.login(), a.fullName(), a.telephonyId(), a.crmUserId(), a.role(),
                        List.of(a.queues().get(0), queue)));
            }
        }

        private boolean[] movers(int agentCount, int teamCount) {
            boolean[] moves = new boolean[agentCount];
            if (agentCount < 2 || teamCount < 2) return moves;
            int count = Math.max(1, (int) Math.round(agentCount * MOVE_SHARE));
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < agentCount; i++) candidates.add(i);
            for (int k = 0; k < count; k++) moves[candidates.remove(rng.nextInt(candidates.size()))] = true;
            return moves;
        }

        /** A day inside the range after its first day when there is one, so the move shows in the data. */
        private LocalDate moveDate() {
            return days.count() < 2 ? days.first() : days.first().plusDays(1 + rng.nextInt(days.count() - 1));
        }

        private Person person(Role role, TelephonyKind kind, List<ServiceQueue> queues) {
            String fullName = uniqueFullName();
            String login = uniqueLogin(PersonNames.loginStem(fullName));
            String agentId = String.format("A%04d", nextPersonNumber);
            String crmUserId = String.valueOf(361_000_000_000L + nextPersonNumber * 7_919L + rng.nextInt(7_919));
            nextPersonNumber++;
            String telephonyId = kind == null ? null : switch (kind) {
                case EXTENSION -> nextExtension();
                case AGENT_CHANNEL -> "Agent/" + nextAgentNumber++;
                case DISPLAY_NAME -> PersonNames.ascii(fullName);
            };
            return new Person(agentId, login, fullName, telephonyId, crmUserId, role, queues);
        }

        /** Distinct full names keep display-name telephony ids unique; a middle initial breaks the rare tie. */
        private String uniqueFullName() {
            for (int attempt = 0; attempt < 50; attempt++) {
                String name = PersonNames.randomFullName(rng);
                if (fullNames.add(name)) return name;
            }
            while (true) {
                String[] parts = PersonNames.randomFullName(rng).split(" ");
                String name = parts[0] + " " + (char) ('A' + rng.nextInt(26)) + ". " + parts[1];
                if (fullNames.add(name)) return name;
            }
        }

        private String uniqueLogin(String stem) {
            String login = stem;
            for (int n = 2; !logins.add(login); n++) login = stem + n;
            return login;
        }

        /** PJSIP/201 upwards; past 298 the plan continues at 2000 so ids keep the 2xx look and skip the temp's 299. */
        private String nextExtension() {
            if (nextExtension == 299) nextExtension = 2000;
            return "PJSIP/" + nextExtension++;
        }
    }
}
