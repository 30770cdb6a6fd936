package io.indicate.generate;

import io.indicate.generate.GeneratedQueueLog.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With --slice-minutes the same events arrive in small files, as a near-real-time feed would deliver them. */
class QueueLogSliceTest {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'queue_log.'yyyyMMdd'T'HHmm");

    @TempDir static Path daily;
    @TempDir static Path sliced;
    static List<Path> slices;

    @BeforeAll
    static void generate() throws IOException {
        StandardSample.generate(daily);
        StandardSample.options().sliceMinutes(15).build().generate(sliced);
        try (Stream<Path> files = Files.list(sliced.resolve("queue_log"))) {
            slices = files.sorted().toList();
        }
    }

    @Test
    void slicesHoldExactlyTheLinesOfTheDailyFilesInTheSameOrder() {
        List<String> fromSlices = new ArrayList<>();
        for (Path slice : slices) fromSlices.addAll(GeneratedQueueLog.lines(slice));
        List<String> fromDays = StandardSample.events(daily).stream().map(Event::line).toList();
        assertEquals(fromDays.size(), fromSlices.size());
        assertEquals(fromDays, fromSlices);
    }

    @Test
    void eachSliceHoldsOnlyItsOwnFifteenUtcMinutesUncompressed() {
        assertTrue(slices.size() > 100);
        for (Path slice : slices) {
            String name = slice.getFileName().toString();
            long from = LocalDateTime.parse(name, NAME).toEpochSecond(ZoneOffset.UTC);
            assertEquals(0, from % 900, name + " is aligned to a quarter hour in UTC");
            List<Event> events = GeneratedQueueLog.events(slice);
            assertTrue(!events.isEmpty(), name + " should not be written empty");
            for (Event e : events) assertTrue(e.epoch() >= from && e.epoch() < from + 900, name + " holds " + e.line());
        }
    }
}
