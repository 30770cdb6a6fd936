package io.indicate.telephony;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one line of Asterisk's cdr-csv {@code Master.csv}: quoted CSV without a header, 18 columns
 * ({@code accountcode ... userfield}) or 21 (newer versions append linkedid, peeraccount, sequence).
 * A line is accepted when it has one of those column counts, a {@code start} time as the PBX writes it
 * ({@code YYYY-MM-DD HH:MM:SS}, local) and whole-number duration and billsec; otherwise the result says why.
 */
public final class CdrParser {
    static final DateTimeFormatter PBX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setTrim(false).build();
    private static final int START = 9;
    private static final int ANSWER = 10;
    private static final int END = 11;
    private static final int DURATION = 12;
    private static final int BILLSEC = 13;

    /** The 21 fields (the last three null for an 18-column line) and the local date of start, or a reason. */
    public record Result(List<String> fields, Long duration, Long billsec, LocalDate startDate, String reason) {
        public boolean ok() { return reason == null; }
    }

    private CdrParser() {}

    public static Result parse(String line) {
        List<String> fields = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(new StringReader(line), FORMAT)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) return fail("expected one CSV record, found " + records.size());
            records.get(0).forEach(fields::add);
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            return fail("not valid CSV: " + e.getMessage());
        }
        if (fields.size() != 18 && fields.size() != 21) {
            return fail("expected 18 or 21 columns, found " + fields.size());
        }
        while (fields.size() < 21) fields.add(null);
        LocalDateTime start;
        try {
            start = LocalDateTime.parse(fields.get(START), PBX_TIME);
        } catch (DateTimeParseException e) {
            return fail("start '" + fields.get(START) + "' is not a time YYYY-MM-DD HH:MM:SS");
        }
        for (int i : new int[]{ANSWER, END}) {
            String t = fields.get(i);
            if (t != null && !t.isEmpty()) {
                try {
                    LocalDateTime.parse(t, PBX_TIME);
                } catch (DateTimeParseException e) {
                    return fail((i == ANSWER ? "answer" : "end") + " '" + t + "' is not a time YYYY-MM-DD HH:MM:SS");
                }
            }
        }
        Long duration;
        Long billsec;
        try {
            duration = Long.parseLong(fields.get(DURATION).trim());
            billsec = Long.parseLong(fields.get(BILLSEC).trim());
        } catch (NumberFormatException e) {
            return fail("duration '" + fields.get(DURATION) + "' and billsec '" + fields.get(BILLSEC) + "' must be whole numbers");
        }
        return new Result(fields, duration, billsec, start.toLocalDate(), null);
    }

    private static Result fail(String reason) {
        return new Result(null, null, null, null, reason);
    }
}
