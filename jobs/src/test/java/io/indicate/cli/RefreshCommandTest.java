package io.indicate.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of {@code indicate refresh} that need no warehouse: its arguments. */
class RefreshCommandTest {
    @Test
    void everyTakesShortUnitsAndIsoDurations() {
        assertEquals(Duration.ofSeconds(30), RefreshCommand.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(15), RefreshCommand.parseDuration("15m"));
        assertEquals(Duration.ofHours(1), RefreshCommand.parseDuration("1h"));
        assertEquals(Duration.ofMillis(500), RefreshCommand.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(90), RefreshCommand.parseDuration("PT1M30S"));
    }

    @Test
    void everyRefusesWhatIsNotAPositiveDuration() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> RefreshCommand.parseDuration("soon"));
        assertTrue(garbage.getMessage().contains("'soon'"), garbage.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RefreshCommand.parseDuration("0s"));
        assertThrows(IllegalArgumentException.class, () -> RefreshCommand.parseDuration("PT-5S"));
    }

    @Test
    void aRefreshWithoutSourcesIsRefused() {
        assertEquals(1, IndicateCli.run("refresh", "--warehouse", "/nonexistent/warehouse"));
    }
}
