package io.indicate.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The sample most tests read: 14 agents over Friday 2026-10-23 to Monday 2026-10-26 in Stockholm, which
 * holds a weekend and the autumn daylight-saving change (Sunday 2026-10-25 has 25 hours).
 */
final class StandardSample {
    static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    static final LocalDate START = LocalDate.of(2026, 10, 23);
    static final int DAYS = 4;
    static final int AGENTS = 14;
    static final long SEED = 7;

    private StandardSample() {}

    static SampleDataGenerator.Builder options() {
        return SampleDataGenerator.builder().agents(AGENTS).days(DAYS).start(START).zone(ZONE).seed(SEED);
    }

    static GenerationSummary generate(Path dir) throws IOException {
        return options().build().generate(dir);
    }

    static List<GeneratedQueueLog.Event> events(Path dir) {
        return GeneratedQueueLog.daily(dir.resolve("queue_log"), DAYS);
    }

    static long midnight(int dayIndex) {
        return START.plusDays(dayIndex).atStartOfDay(ZONE).toEpochSecond();
    }
}
