package io.indicate.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the pseudonymisation key comes from: the environment variable named in the settings (production,
 * cluster), else a key file beside a local warehouse that is created on first use (laptop and demo). The
 * key is never printed.
 */
public final class PseudonymisationKey {
    private PseudonymisationKey() {}

    public static byte[] resolve(String envVariable, String warehouseRoot, Map<String, String> env) {
        String fromEnv = envVariable == null ? null : env.get(envVariable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            byte[] k = fromEnv.trim().getBytes(StandardCharsets.UTF_8);
            if (k.length < 16) throw new IllegalArgumentException("the key in $" + envVariable + " is shorter than 16 characters");
            return k;
        }
        if (warehouseRoot.contains("://") && !warehouseRoot.startsWith("file:")) {
            throw new IllegalArgumentException("no pseudonymisation key: set $" + envVariable
                    + " (a remote warehouse gets no generated key file)");
        }
        Path file = Path.of(warehouseRoot.replaceFirst("^file:(//)?", "")).resolve("_secrets").resolve("pseudonymisation.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                Files.writeString(file, HexFormat.of().formatHex(raw));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the file keeps the default permissions
                }
                System.err.println("note: generated a pseudonymisation key in " + file + " (set $" + envVariable + " to supply your own)");
            }
            return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }
}
