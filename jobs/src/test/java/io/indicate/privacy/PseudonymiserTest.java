package io.indicate.privacy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PseudonymiserTest {
    private final Pseudonymiser p = new Pseudonymiser("0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8));

    @Test
    void oneCallerWrittenTwoWaysIsOnePseudonym() {
        assertEquals(p.ofPhoneNumber("+46 70-123 45 67"), p.ofPhoneNumber("0046701234567"));
    }

    @Test
    void thePseudonymDependsOnTheKeyAndHidesTheNumber() {
        Pseudonymiser other = new Pseudonymiser("another-key-of-16+bytes".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(p.ofPhoneNumber("+46701234567"), other.ofPhoneNumber("+46701234567"));
        assertFalse(p.ofPhoneNumber("+46701234567").contains("701234567"));
    }

    @Test
    void anonymousCallersHaveNoPseudonym() {
        assertNull(p.ofPhoneNumber(""));
        assertNull(p.ofPhoneNumber("anonymous"));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymiser("short".getBytes(StandardCharsets.UTF_8)));
    }
}
