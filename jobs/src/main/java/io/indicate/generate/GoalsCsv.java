package io.indicate.generate;

import io.indicate.goals.GoalsReader;
import io.indicate.roster.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a goals file (README, Goals) as a contact centre would keep one: organisation goals set by a manager from
 * before the data starts, one of them tightened half-way; a goal on calls answered for about half the teams, set by the team's lead;
 * and personal goals of about one agent in seven, each set by the agent themselves.
 */
final class GoalsCsv {
    private GoalsCsv() {}

    static void write(Organisation organisation, LocalDays days, SplittableRandom rng, Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(GoalsReader.COLUMNS.toArray(String[]::new)).setRecordSeparator("\n").get();
        LocalDate orgStart = days.first().minusDays(Organisation.ROSTER_LEAD_DAYS);
        String manager = organisation.roster().stream().filter(a -> a.person().role() == Role.MANAGEMENT)
                .map(a -> a.person().login()).findFirst().orElseThrow();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(out, format)) {
            csv.printRecord("organisation", "", "aht_s", "lower", 420, orgStart, manager);
            // organisation goals are set where about three agent-days in four of the simulated traffic meet them, as a
            // manager would: on the demo's 20 agents x 14 days the lower quartile of occupancy_pct was 45.6 and of
            // csat_pct 66.7, the upper quartile of repeat_contact_rate_pct 18.0 (goals unmet by most agents would put
            // most of them on the coaching list every day)
            csv.printRecord("organisation", "", "occupancy_pct", "higher", 45, orgStart, manager);
            csv.printRecord("organisation", "", "csat_pct", "higher", 70, orgStart, manager);
            csv.printRecord("organisation", "", "repeat_contact_rate_pct", "lower", 20, orgStart, manager);
            if (days.count() > 1) csv.printRecord("organisation", "", "aht_s", "lower", 400, days.date(days.count() / 2), manager);

            Map<String, Organisation.Assignment> firstOfTeam = new LinkedHashMap<>();
            for (Organisation.Assignment a : organisation.roster()) {
                if (a.team() != null && a.teamLead() != null) firstOfTeam.putIfAbsent(a.team().id(), a);
            }
            for (Organisation.Assignment a : firstOfTeam.values()) {
                if (rng.nextBoolean()) {
                    csv.printRecord("team", a.team().id(), "calls_answered", "higher", 20 + rng.nextInt(21), days.first(), a.teamLead().login());
                }
            }
            for (Organisation.Assignment a : organisation.roster()) {
                Organisation.Person p = a.person();
                if (p.role() != Role.AGENT || !a.validFrom().isBefore(days.first()) || rng.nextInt(7) != 0) continue;
                LocalDate from = days.date(rng.nextInt(days.count()));
                if (rng.nextBoolean()) {
                    csv.printRecord("agent", p.agentId(), "csat_pct", "higher", 90, from, p.login());
                } else {
                    csv.printRecord("agent", p.agentId(), "aht_s", "lower", 300 + 10 * rng.nextInt(7), from, p.login());
                }
            }
        }
    }
}
