package io.indicate.cli;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A date flag: {@code YYYY-MM-DD}, or an ISO-8601 timestamp with offset taken as the local date it falls on. */
public final class DateArgument {
    private DateArgument() {}

    public static LocalDate parse(String flag, String value, ZoneId zone) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).atZoneSameInstant(zone).toLocalDate();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(flag + " '" + value + "' is neither a date YYYY-MM-DD nor an ISO-8601 timestamp with offset");
            }
        }
    }
}
