package io.indicate.generate;

import io.indicate.roster.RosterReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the roster as the HR export of SOURCES.md §4: one row per person per change, header first. */
final class RosterCsv {
    private RosterCsv() {}

    static void write(List<Organisation.Assignment> rows, Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader(RosterReader.COLUMNS.toArray(String[]::new))
                .setRecordSeparator("\n")
                .get();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, format)) {
            for (Organisation.Assignment row : rows) {
                Organisation.Person p = row.person();
                Organisation.Team team = row.team();
                csv.printRecord(p.agentId(), p.login(), p.fullName(), p.email(), orEmpty(p.telephonyId()), p.crmUserId(),
                        team == null ? "" : team.id(), team == null ? "" : team.name(),
                        row.teamLead() == null ? "" : row.teamLead().login(), p.role().code(), row.validFrom());
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
