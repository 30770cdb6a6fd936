package io.indicate.digest;

import java.util.Locale;

/**
 * A goal KPI's name and numbers as the dashboards show them: seconds as {@code m:ss} ({@code h:mm:ss} from an hour),
 * percentages with one decimal and a {@code %}, counts as whole numbers (one decimal when not whole, as an average
 * or a goal may be). Which kind a KPI is follows its column name ({@code _s}: seconds, {@code _pct}: percent).
 */
final class KpiFormat {
    /** What a missing value (a day without a completed call, without a rating) prints as. */
    static final String NO_VALUE = "-";

    private KpiFormat() {}

    /** The KPI's name in a mail, e.g. {@code AHT} for {@code aht_s}. */
    static String label(String kpi) {
        return switch (kpi) {
            case "aht_s" -> "AHT";
            case "occupancy_pct" -> "Occupancy";
            case "csat_pct" -> "CSAT";
            case "tickets_solved" -> "Tickets solved";
            case "calls_answered" -> "Calls answered";
            case "repeat_contact_rate_pct" -> "Repeat contacts";
            default -> kpi;
        };
    }

    static String value(String kpi, Double value) {
        if (value == null || value.isNaN()) return NO_VALUE;
        if (isSeconds(kpi)) return clock(value);
        if (isPercent(kpi)) return String.format(Locale.ROOT, "%.1f%%", value);
        return count(value);
    }

    /** The goal as a rule: {@code at least 4}, {@code at most 5:00}. */
    static String goal(String kpi, String direction, double goalValue) {
        return ("lower".equals(direction) ? "at most " : "at least ") + value(kpi, goalValue);
    }

    /** A signed difference in the KPI's unit ({@code +0:12}, {@code -1.5 pts}, {@code +2.0}); empty when there is none. */
    static String change(String kpi, Double difference) {
        if (difference == null || difference.isNaN()) return "";
        String sign = difference < 0 ? "-" : "+";
        if (isSeconds(kpi)) return sign + clock(Math.abs(difference));
        if (isPercent(kpi)) return String.format(Locale.ROOT, "%s%.1f pts", sign, Math.abs(difference));
        return String.format(Locale.ROOT, "%s%,.1f", sign, Math.abs(difference));
    }

    /** A share of a whole: {@code 7 of 10 (70.0%)}. */
    static String share(long part, long whole) {
        if (whole == 0) return "0 of 0";
        return String.format(Locale.ROOT, "%,d of %,d (%.1f%%)", part, whole, 100.0 * part / whole);
    }

    static String days(long n) {
        return n + (n == 1 ? " day" : " days");
    }

    /** A count (calls answered, tickets solved): of a team's day, the mart holds it per active agent (README, Goals). */
    static boolean isCount(String kpi) {
        return !isSeconds(kpi) && !isPercent(kpi);
    }

    private static boolean isSeconds(String kpi) {
        return kpi.endsWith("_s");
    }

    private static boolean isPercent(String kpi) {
        return kpi.endsWith("_pct");
    }

    private static String count(double value) {
        long whole = Math.round(value);
        return Math.abs(value - whole) < 1e-9 ? String.format(Locale.ROOT, "%,d", whole) : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** Whole seconds as {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    private static String clock(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
