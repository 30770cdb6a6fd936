package io.indicate.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Asterisk's queue_log as logrotate leaves it when it rotates daily at local midnight with
 * {@code compress} and {@code delaycompress}: the newest day is {@code queue_log}, the day before
 * {@code queue_log.1}, older days {@code queue_log.2.gz}, {@code queue_log.3.gz}, ...
 *
 * <p>The newest file is the one Asterisk is still writing: it also holds the tail after the last midnight
 * (calls and late shifts still running when the range ends).
 */
final class DailyRotation implements QueueLogLayout {
    private final int dayCount;
    private final long[] midnights;

    DailyRotation(LocalDays days) {
        this.dayCount = days.count();
        this.midnights = new long[dayCount + 1];
        for (int d = 0; d <= dayCount; d++) midnights[d] = days.midnight(d);
    }

    @Override
    public Span spanOf(long epochSecond) {
        if (epochSecond < midnights[0]) {
            throw new IllegalArgumentException("event at " + epochSecond + " is before the generated range");
        }
        int day = 0;
        while (day < dayCount - 1 && epochSecond >= midnights[day + 1]) day++;
        long until = day == dayCount - 1 ? Long.MAX_VALUE : midnights[day + 1];
        return new Span(nameOfDay(day), midnights[day], until);
    }

    String nameOfDay(int dayIndex) {
        int age = dayCount - 1 - dayIndex;
        return age == 0 ? "queue_log" : age == 1 ? "queue_log.1" : "queue_log." + age + ".gz";
    }

    @Override
    public boolean compressed(String fileName) {
        return fileName.endsWith(".gz");
    }

    @Override
    public List<String> filesAlwaysWritten() {
        List<String> names = new ArrayList<>();
        for (int d = 0; d < dayCount; d++) names.add(nameOfDay(d));
        return names;
    }
}
