package io.indicate.roster;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the roster CSV of SOURCES.md. A file that cannot be read or lacks a required column is an error
 * naming the file and the problem; a row that breaks a rule is rejected with its line and reason (the caller
 * quarantines it), never dropped silently.
 *
 * <p>{@code role} is {@code agent}, {@code team_lead}, {@code management} or {@code left} (a leaver from
 * {@code valid_from} on, see {@link RosterRow#left()}). Two rows of one agent with the same {@code valid_from}
 * are an error for the whole file, naming the agent and the lines.
 *
 * <p>Logins become Superset user names: letters of any script, digits and {@code . _ @ - '} (an apostrophe as
 * in {@code o'brien@example.com}; row-level-security rules quote the name, see
 * {@code AccessRules.CURRENT_USERNAME_LIST}); a login with a space, backslash or control character is
 * rejected here, where the roster is read.
 */
public final class RosterReader {
    public static final Pattern LOGIN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._@'-]{0,99}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@ -]{0,99}");

    public static final List<String> COLUMNS = List.of("agent_id", "login", "full_name", "email", "telephony_id",
            "crm_user_id", "team_id", "team_name", "team_lead_login", "role", "valid_from");
    private static final Set<String> REQUIRED = Set.of("agent_id", "login", "role", "valid_from");

    /** A row that was not accepted: its line in the file, its raw fields and why. */
    public record Reject(long line, String raw, String reason) {}

    /** Rows accepted and rejected; {@code accepted().size() + rejected().size()} is the number of data rows. */
    public record Result(String file, List<RosterRow> accepted, List<Reject> rejected, Map<Long, Map<String, String>> rawByLine) {}

    private RosterReader() {}

    public static Result read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("roster file not found: " + file);
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read roster " + file + ": " + e.getMessage(), e);
        }
    }

    public static Result read(Reader reader, String fileName) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setTrim(true).get();
        List<RosterRow> accepted = new ArrayList<>();
        List<Reject> rejected = new ArrayList<>();
        Map<Long, Map<String, String>> raw = new java.util.LinkedHashMap<>();
        try (CSVParser parser = format.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("roster " + fileName + ": missing column(s) " + missing
                        + "; expected header " + String.join(",", COLUMNS));
            }
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                Map<String, String> fields = new java.util.LinkedHashMap<>();
                for (String c : COLUMNS) fields.put(c, rec.isSet(c) ? rec.get(c) : null);
                raw.put(line, fields);
                String problem = problem(rec);
                if (problem != null) {
                    rejected.add(new Reject(line, String.join(",", rec.toList()), problem));
                } else {
                    accepted.add(toRow(rec, line));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("roster " + fileName + " is not valid CSV: " + e.getCause().getMessage(), e);
        }
        refuseDuplicates(fileName, accepted);
        return new Result(fileName, List.copyOf(accepted), List.copyOf(rejected), java.util.Collections.unmodifiableMap(raw));
    }

    private static String problem(CSVRecord rec) {
        if (!rec.isConsistent()) {
            return "expected " + COLUMNS.size() + " fields, found " + rec.size();
        }
        for (String c : REQUIRED) {
            if (rec.get(c).isEmpty()) return "empty " + c;
        }
        if (!ID.matcher(rec.get("agent_id")).matches()) return "agent_id '" + rec.get("agent_id") + "' has characters outside [A-Za-z0-9._:/@ -]";
        if (!LOGIN.matcher(rec.get("login")).matches()) {
            return "login '" + rec.get("login") + "' may only hold letters, digits and . _ @ - '";
        }
        String lead = rec.get("team_lead_login");
        if (!lead.isEmpty() && !LOGIN.matcher(lead).matches()) {
            return "team_lead_login '" + lead + "' may only hold letters, digits and . _ @ - '";
        }
        for (String c : List.of("team_id", "telephony_id", "crm_user_id")) {
            String v = rec.get(c);
            if (!v.isEmpty() && !ID.matcher(v).matches()) return c + " '" + v + "' has characters outside [A-Za-z0-9._:/@ -]";
        }
        if (Role.fromCode(rec.get("role")).isEmpty() && !isLeft(rec.get("role"))) {
            return "role '" + rec.get("role") + "' is not one of agent, team_lead, management, " + RosterRow.LEFT;
        }
        try {
            LocalDate.parse(rec.get("valid_from"));
        } catch (DateTimeParseException e) {
            return "valid_from '" + rec.get("valid_from") + "' is not a date YYYY-MM-DD";
        }
        return null;
    }

    private static RosterRow toRow(CSVRecord rec, long line) {
        return new RosterRow(rec.get("agent_id"), rec.get("login"), blankToNull(rec.get("full_name")),
                blankToNull(rec.get("email")), blankToNull(rec.get("telephony_id")), blankToNull(rec.get("crm_user_id")),
                blankToNull(rec.get("team_id")), blankToNull(rec.get("team_name")), blankToNull(rec.get("team_lead_login")),
                isLeft(rec.get("role")) ? null : Role.fromCode(rec.get("role")).orElseThrow(),
                LocalDate.parse(rec.get("valid_from")), line);
    }

    private static boolean isLeft(String role) {
        return role != null && role.trim().equalsIgnoreCase(RosterRow.LEFT);
    }

    /**
     * Two rows of one agent with the same {@code valid_from} leave open which one holds that day: the whole
     * file is refused, naming the file, the agent, the date and the lines (a corrected export replaces a row
     * by being delivered later, not by repeating it in the same file).
     */
    private static void refuseDuplicates(String fileName, List<RosterRow> rows) {
        Map<String, List<RosterRow>> byKey = new java.util.TreeMap<>();
        for (RosterRow r : rows) byKey.computeIfAbsent(r.agentId() + "\u0000" + r.validFrom(), k -> new ArrayList<>()).add(r);
        List<String> problems = new ArrayList<>();
        for (List<RosterRow> same : byKey.values()) {
            if (same.size() < 2) continue;
            problems.add("agent " + same.get(0).agentId() + " has " + same.size() + " rows valid from " + same.get(0).validFrom()
                    + " (lines " + String.join(", ", same.stream().map(r -> Long.toString(r.sourceLine())).toList()) + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("roster " + fileName + ": " + String.join("; ", problems)
                    + "; each (agent_id, valid_from) may appear once: keep the one row that holds from that date");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
