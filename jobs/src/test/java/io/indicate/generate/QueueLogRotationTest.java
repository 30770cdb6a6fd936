package io.indicate.generate;

import io.indicate.generate.GeneratedQueueLog.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue_log folder looks like Asterisk's after logrotate, with days cut at local midnight. */
class QueueLogRotationTest {
    @TempDir static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        StandardSample.generate(dir);
    }

    @Test
    void theNewestDayIsQueueLogAndOlderDaysAreNumberedWithAllButTheDayBeforeGzipped() throws IOException {
        Path queueLog = dir.resolve("queue_log");
        try (Stream<Path> files = Files.list(queueLog)) {
            assertEquals(List.of("queue_log", "queue_log.1", "queue_log.2.gz", "queue_log.3.gz"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : List.of("queue_log.2.gz", "queue_log.3.gz")) assertTrue(isGzip(queueLog.resolve(name)), name);
        for (String name : List.of("queue_log", "queue_log.1")) {
            assertTrue(!isGzip(queueLog.resolve(name)) && !GeneratedQueueLog.lines(queueLog.resolve(name)).isEmpty(), name);
        }
    }

    @Test
    void eachFileHoldsTheEventsOfItsLocalDayAndTheNewestAlsoTheTailAfterTheLastMidnight() {
        List<String> names = GeneratedQueueLog.dailyFileNames(StandardSample.DAYS);
        for (int day = 0; day < StandardSample.DAYS; day++) {
            long from = StandardSample.midnight(day);
            long until = day == StandardSample.DAYS - 1 ? Long.MAX_VALUE : StandardSample.midnight(day + 1);
            List<Event> events = GeneratedQueueLog.events(dir.resolve("queue_log").resolve(names.get(day)));
            assertTrue(events.size() > 50, names.get(day));
            for (Event e : events) assertTrue(e.epoch() >= from && e.epoch() < until, names.get(day) + " holds " + e.line());
        }
    }

    @Test
    void theAutumnDaylightSavingDayRunsTwentyFiveHours() {
        int sunday = 2;
        assertEquals(LocalDate.of(2026, 10, 25), StandardSample.START.plusDays(sunday));
        long midnight = StandardSample.midnight(sunday);
        List<Event> events = GeneratedQueueLog.events(dir.resolve("queue_log/queue_log.1"));
        long latest = events.stream().mapToLong(Event::epoch).max().orElseThrow();
        assertEquals(25 * 3600, StandardSample.midnight(sunday + 1) - midnight);
        assertTrue(latest - midnight > 24 * 3600, "the day's last hour, 23:00-24:00 local, is its 25th hour");
    }

    @Test
    void theSpringDaylightSavingDayRunsTwentyThreeHours(@TempDir Path spring) throws IOException {
        ZoneId zone = StandardSample.ZONE;
        SampleDataGenerator.builder().agents(5).days(3).start(LocalDate.of(2026, 3, 28)).zone(zone).seed(3).build().generate(spring);
        long midnight = LocalDate.of(2026, 3, 29).atStartOfDay(zone).toEpochSecond();
        long next = LocalDate.of(2026, 3, 30).atStartOfDay(zone).toEpochSecond();
        assertEquals(23 * 3600, next - midnight);
        List<Event> events = GeneratedQueueLog.events(spring.resolve("queue_log/queue_log.1"));
        assertTrue(events.stream().allMatch(e -> e.epoch() >= midnight && e.epoch() < next));
        assertTrue(events.stream().anyMatch(e -> e.epoch() >= next - 3600), "the file reaches 23:00 local, 22 hours after midnight");
    }

    @Test
    void aCallCrossesEveryLocalMidnightInsideTheRange() {
        Map<String, List<Event>> calls = GeneratedQueueLog.byCall(StandardSample.events(dir));
        for (int day = 1; day < StandardSample.DAYS; day++) {
            long midnight = StandardSample.midnight(day);
            boolean crossing = calls.values().stream().anyMatch(
                    e -> e.get(0).epoch() < midnight && e.get(e.size() - 1).epoch() >= midnight);
            assertTrue(crossing, "no call runs across the midnight that starts " + StandardSample.START.plusDays(day));
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
