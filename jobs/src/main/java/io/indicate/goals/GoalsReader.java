package io.indicate.goals;

import io.indicate.roster.RosterReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the goals CSV (README, <i>Goals</i>): one goal a row, header
 * {@code scope,scope_id,kpi,direction,value,valid_from,set_by}. A file that is not CSV or lacks a column is an
 * error naming the file and the header expected; a row that breaks a rule is rejected with its line and reason
 * (the caller quarantines it) and the other rows are accepted. Two rows of one goal ({@code scope, scope_id, kpi,
 * valid_from}) in one file leave open which holds: both are rejected, each naming the other's line.
 */
public final class GoalsReader {
    public static final List<String> COLUMNS = List.of("scope", "scope_id", "kpi", "direction", "value", "valid_from", "set_by");
    /** The KPIs a goal may be set on: columns that gold.kpi_agent_daily and gold.kpi_team_daily both hold. */
    public static final List<String> KPIS = List.of("aht_s", "occupancy_pct", "csat_pct", "tickets_solved", "calls_answered",
            "repeat_contact_rate_pct");
    public static final List<String> SCOPES = List.of("organisation", "team", "agent");
    public static final List<String> DIRECTIONS = List.of("higher", "lower");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@ -]{0,99}");

    /** A row that was not accepted: its line in the file, its raw fields and why. */
    public record Reject(long line, String raw, String reason) {}

    /** An accepted row: its fields by column (scope and direction lower case, scope_id empty for the organisation). */
    public record Accepted(long line, Map<String, String> fields) {}

    /** Rows accepted and rejected; {@code accepted().size() + rejected().size()} is the number of data rows. */
    public record Result(List<Accepted> accepted, List<Reject> rejected) {}

    private GoalsReader() {}

    public static Result read(Reader reader, String fileName) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setTrim(true).get();
        List<Accepted> valid = new ArrayList<>();
        List<Reject> rejected = new ArrayList<>();
        Map<Long, String> rawByLine = new LinkedHashMap<>();
        try (CSVParser parser = format.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("goals " + fileName + ": missing column(s) " + missing
                        + "; expected header " + String.join(",", COLUMNS));
            }
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                String raw = String.join(",", rec.toList());
                rawByLine.put(line, raw);
                String problem = problem(rec);
                if (problem != null) {
                    rejected.add(new Reject(line, raw, problem));
                } else {
                    valid.add(new Accepted(line, fields(rec)));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("goals " + fileName + " is not valid CSV: " + e.getCause().getMessage(), e);
        }
        List<Accepted> accepted = new ArrayList<>();
        for (List<Accepted> same : byGoal(valid).values()) {
            if (same.size() == 1) {
                accepted.add(same.get(0));
                continue;
            }
            for (Accepted a : same) {
                List<String> others = same.stream().filter(o -> o != a).map(o -> Long.toString(o.line())).toList();
                rejected.add(new Reject(a.line(), rawByLine.get(a.line()), "the same goal (scope, scope_id, kpi, valid_from) is also on line(s) "
                        + String.join(", ", others) + "; each may appear once in a file: keep the one that holds from that date"));
            }
        }
        accepted.sort(java.util.Comparator.comparingLong(Accepted::line));
        rejected.sort(java.util.Comparator.comparingLong(Reject::line));
        return new Result(List.copyOf(accepted), List.copyOf(rejected));
    }

    private static Map<String, List<Accepted>> byGoal(List<Accepted> rows) {
        Map<String, List<Accepted>> out = new TreeMap<>();
        for (Accepted a : rows) {
            Map<String, String> f = a.fields();
            out.computeIfAbsent(String.join("\u0000", f.get("scope"), f.get("scope_id"), f.get("kpi"), f.get("valid_from")),
                    k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    private static Map<String, String> fields(CSVRecord rec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : COLUMNS) out.put(c, rec.get(c));
        out.put("scope", rec.get("scope").toLowerCase(java.util.Locale.ROOT));
        out.put("direction", rec.get("direction").toLowerCase(java.util.Locale.ROOT));
        return Collections.unmodifiableMap(out);
    }

    private static String problem(CSVRecord rec) {
        if (!rec.isConsistent()) return "expected " + COLUMNS.size() + " fields, found " + rec.size();
        String scope = rec.get("scope").toLowerCase(java.util.Locale.ROOT);
        if (!SCOPES.contains(scope)) return "scope '" + rec.get("scope") + "' is not one of " + String.join(", ", SCOPES);
        String scopeId = rec.get("scope_id");
        if (scope.equals("organisation")) {
            if (!scopeId.isEmpty()) return "scope_id '" + scopeId + "' must be empty for an organisation goal";
        } else if (scopeId.isEmpty()) {
            return "empty scope_id: a " + scope + " goal names its " + (scope.equals("team") ? "team_id" : "agent_id");
        } else if (!ID.matcher(scopeId).matches()) {
            return "scope_id '" + scopeId + "' has characters outside [A-Za-z0-9._:/@ -]";
        }
        if (!KPIS.contains(rec.get("kpi"))) return "kpi '" + rec.get("kpi") + "' is not one of " + String.join(", ", KPIS);
        if (!DIRECTIONS.contains(rec.get("direction").toLowerCase(java.util.Locale.ROOT))) {
            return "direction '" + rec.get("direction") + "' is not one of higher, lower";
        }
        try {
            double v = Double.parseDouble(rec.get("value"));
            if (!Double.isFinite(v)) return "value '" + rec.get("value") + "' is not a finite number";
        } catch (NumberFormatException e) {
            return "value '" + rec.get("value") + "' is not a number";
        }
        try {
            LocalDate.parse(rec.get("valid_from"));
        } catch (DateTimeParseException e) {
            return "valid_from '" + rec.get("valid_from") + "' is not a date YYYY-MM-DD";
        }
        String setBy = rec.get("set_by");
        if (setBy.isEmpty()) return "empty set_by: the login of who set the goal";
        if (!RosterReader.LOGIN.matcher(setBy).matches()) return "set_by '" + setBy + "' may only hold letters, digits and . _ @ - '";
        return null;
    }
}
