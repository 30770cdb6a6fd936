package io.indicate.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Duration flags (--every, --lock-wait): short units and ISO-8601; zero only where the flag allows it. */
class DurationArgumentTest {
    @Test
    void shortUnitsAndIsoDurations() {
        assertEquals(Duration.ofSeconds(30), DurationArgument.parse("--every", "30s", false));
        assertEquals(Duration.ofMinutes(15), DurationArgument.parse("--every", "15m", false));
        assertEquals(Duration.ofHours(1), DurationArgument.parse("--every", "1h", false));
        assertEquals(Duration.ofMillis(500), DurationArgument.parse("--every", "500ms", false));
        assertEquals(Duration.ofSeconds(90), DurationArgument.parse("--every", "PT1M30S", false));
    }

    @Test
    void whatIsNotADurationIsRefusedNamingTheFlag() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> DurationArgument.parse("--every", "soon", false));
        assertTrue(garbage.getMessage().startsWith("--every: 'soon'"), garbage.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationArgument.parse("--lock-wait", "PT-5S", true));
    }

    @Test
    void zeroOnlyWhereTheFlagAllowsIt() {
        assertEquals(Duration.ZERO, DurationArgument.parse("--lock-wait", "0s", true));
        assertEquals(Duration.ZERO, DurationArgument.parse("--lock-wait", "0", true));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> DurationArgument.parse("--every", "0s", false));
        assertTrue(zero.getMessage().contains("must be positive"), zero.getMessage());
    }
}
