package io.indicate.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration flag: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601 ({@code PT1M30S}) or {@code 0}. */
final class DurationArgument {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private DurationArgument() {}

    /** A duration of at least zero ({@code zeroAllowed}) or above zero; the error names the flag. */
    static Duration parse(String flag, String text, boolean zeroAllowed) {
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        Duration d;
        if (text.trim().equals("0")) {
            d = Duration.ZERO;
        } else if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(flag + ": '" + text + "' is not a duration (expected e.g. 30s, 5m, 1h or PT30S)");
            }
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new IllegalArgumentException(flag + ": '" + text + "' must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
        return d;
    }
}
