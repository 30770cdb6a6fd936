package io.indicate.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The generated calendar: {@code count} consecutive local days from {@code first} in the contact centre's
 * zone. Every local-time decision (shift starts, opening hours, rotation at midnight) goes through here, so
 * a daylight-saving day is 23 or 25 hours long and a 07:00 shift start stays at 07:00 local.
 */
record LocalDays(LocalDate first, int count, ZoneId zone) {

    LocalDate date(int dayIndex) {
        return first.plusDays(dayIndex);
    }

    /** Epoch second of the local midnight that starts the day; {@code midnight(count)} ends the range. */
    long midnight(int dayIndex) {
        return date(dayIndex).atStartOfDay(zone).toEpochSecond();
    }

    /** Epoch second of a local wall-clock time on a day (a time skipped by DST moves forward, as java.time does). */
    long epochAt(int dayIndex, LocalTime time) {
        return ZonedDateTime.of(date(dayIndex), time, zone).toEpochSecond();
    }

    /** Local hour of day as a fraction, e.g. 10.5 for 10:30. */
    double localHour(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(zone).toLocalTime().toSecondOfDay() / 3600.0;
    }

    boolean isWeekend(int dayIndex) {
        return switch (date(dayIndex).getDayOfWeek()) {
            case SATURDAY, SUNDAY -> true;
            default -> false;
        };
    }
}
