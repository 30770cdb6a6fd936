package io.indicate.build;

import io.indicate.config.Settings;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Sets the {@code ${indicate.*}} parameters the SQL models read, for one build. */
final class BuildVariables {
    /**
     * How many days before a date the goals marts look back for a streak and the previous 7 working days; a build of
     * a date also rebuilds their later dates within this many days (README, Goals).
     */
    static final int GOAL_LOOKBACK_DAYS = 60;
    /** The coaching list (README, Coaching list): judged days within this many local days up to the date ... */
    static final int COACHING_WINDOW_DAYS = 14;
    /** ... of which the latest this many are the recent days ... */
    static final int COACHING_RECENT_DAYS = 5;
    /** ... and at least this many of those missed is "missed repeatedly". */
    static final int COACHING_MIN_MISSES = 3;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private BuildVariables() {}

    static void set(SparkSession spark, Settings settings, SortedSet<LocalDate> dates, Instant refreshedAt) {
        spark.conf().set("spark.sql.variable.substitute", "true");
        spark.conf().set("indicate.timezone", settings.timezone());
        spark.conf().set("indicate.interval_s", String.valueOf(settings.intervalMinutes() * 60));
        spark.conf().set("indicate.short_abandon_s", String.valueOf(settings.shortAbandonS()));
        spark.conf().set("indicate.sl_threshold_s", String.valueOf(settings.slThresholdS()));
        spark.conf().set("indicate.repeat_window_days", String.valueOf(settings.repeatWindowDays()));
        spark.conf().set("indicate.dates", dateList(dates));
        // least() of a one-element list is an error in Spark SQL: models that need the first date read it here
        if (!dates.isEmpty()) spark.conf().set("indicate.first_date", "DATE'" + dates.first() + "'");
        if (!dates.isEmpty()) spark.conf().set("indicate.last_date", "DATE'" + dates.last() + "'");
        spark.conf().set("indicate.goal_lookback_days", String.valueOf(GOAL_LOOKBACK_DAYS));
        spark.conf().set("indicate.coaching_window_days", String.valueOf(COACHING_WINDOW_DAYS));
        spark.conf().set("indicate.coaching_recent_days", String.valueOf(COACHING_RECENT_DAYS));
        spark.conf().set("indicate.coaching_min_misses", String.valueOf(COACHING_MIN_MISSES));
        spark.conf().set("indicate.event_dates", dateList(eventDates(dates)));
        spark.conf().set("indicate.refreshed_at", "TIMESTAMP'" + TS.format(refreshedAt) + "'");
    }

    /** The UTC dates whose events can belong to the given local dates: one day either side. */
    static SortedSet<LocalDate> eventDates(Collection<LocalDate> localDates) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (LocalDate d : localDates) {
            out.add(d.minusDays(1));
            out.add(d);
            out.add(d.plusDays(1));
        }
        return out;
    }

    static String dateList(Collection<LocalDate> dates) {
        return new TreeSet<>(dates).stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
    }
}
