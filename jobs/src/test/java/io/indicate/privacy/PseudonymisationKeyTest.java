package io.indicate.privacy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Once a warehouse has a key, a missing or different key is an error, never a new key. */
class PseudonymisationKeyTest {
    static final String VAR = "INDICATE_PSEUDONYM_KEY";
    static final String KEY = "the-original-key-0123456789";

    @Test
    void aGeneratedKeyFileIsPrivateAndReusedAndAnotherKeyFromTheEnvironmentIsRefused(@TempDir Path wh) throws Exception {
        byte[] first = PseudonymisationKey.resolve(VAR, wh.toString(), Map.of());
        assertArrayEquals(first, PseudonymisationKey.resolve(VAR, wh.toString(), Map.of()));
        Path file = wh.resolve("_secrets/pseudonymisation.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PseudonymisationKey.resolve(VAR, wh.toString(), Map.of(VAR, KEY)));
        assertTrue(e.getMessage().startsWith("the pseudonymisation key from $" + VAR + " is not the one this warehouse was built with"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void aWarehouseBuiltWithAnEnvironmentKeyGetsNoNewKeyWhenTheVariableIsMissing(@TempDir Path wh) {
        assertArrayEquals(KEY.getBytes(), PseudonymisationKey.resolve(VAR, wh.toString(), Map.of(VAR, KEY)));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PseudonymisationKey.resolve(VAR, wh.toString(), Map.of()));
        assertTrue(missing.getMessage().startsWith("no pseudonymisation key: this warehouse already holds data hashed with one"), missing.getMessage());
        assertFalse(Files.exists(wh.resolve("_secrets/pseudonymisation.key")), "no key was generated");
        assertThrows(IllegalArgumentException.class, () -> PseudonymisationKey.resolve(VAR, wh.toString(), Map.of(VAR, KEY + "x")));
        assertArrayEquals(KEY.getBytes(), PseudonymisationKey.resolve(VAR, wh.toString(), Map.of(VAR, KEY)));
    }
}
