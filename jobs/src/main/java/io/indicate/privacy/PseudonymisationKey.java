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

    static final String FINGERPRINT_FILE = "pseudonymisation.fingerprint";

    /**
     * The key, checked against the fingerprint a local warehouse keeps of the key it was first built with:
     * a different key (another shell without the variable, a typo) would hash the same caller differently,
     * so that {@code forget} finds nothing and repeat contacts stop matching; that is an error, never a new key.
     */
    public static byte[] resolve(String envVariable, String warehouseRoot, Map<String, String> env) {
        String fromEnv = envVariable == null ? null : env.get(envVariable);
        boolean remote = warehouseRoot.contains("://") && !warehouseRoot.startsWith("file:");
        if (fromEnv != null && !fromEnv.isBlank()) {
            byte[] k = fromEnv.trim().getBytes(StandardCharsets.UTF_8);
            if (k.length < 16) throw new IllegalArgumentException("the key in $" + envVariable + " is shorter than 16 characters");
            if (!remote) checkFingerprint(secrets(warehouseRoot), k, "$" + envVariable);
            return k;
        }
        if (remote) {
            throw new IllegalArgumentException("no pseudonymisation key: set $" + envVariable
                    + " (a remote warehouse gets no generated key file)");
        }
        Path file = secrets(warehouseRoot).resolve("pseudonymisation.key");
        try {
            if (!Files.exists(file)) {
                // (a warehouse hashed before fingerprints were kept, with a key from the variable, is not recognised)
                if (Files.exists(secrets(warehouseRoot).resolve(FINGERPRINT_FILE))) {
                    throw new IllegalArgumentException("no pseudonymisation key: this warehouse already holds data hashed with one;"
                            + " set $" + envVariable + " to that key (a new key would not match the stored hashes)");
                }
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                writePrivate(file, HexFormat.of().formatHex(raw));
                System.err.println("note: generated a pseudonymisation key in " + file + " (set $" + envVariable + " to supply your own)");
            }
            byte[] k = Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
            checkFingerprint(secrets(warehouseRoot), k, "the key file " + file);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    private static Path secrets(String warehouseRoot) {
        return Path.of(warehouseRoot.replaceFirst("^file:(//)?", "")).resolve("_secrets");
    }

    /** Records the key's fingerprint on first use; afterwards a key with another fingerprint is an error. */
    private static void checkFingerprint(Path secrets, byte[] key, String from) {
        Path fp = secrets.resolve(FINGERPRINT_FILE);
        String mine = fingerprint(key);
        try {
            if (Files.exists(fp)) {
                if (!Files.readString(fp).trim().equals(mine)) {
                    throw new IllegalArgumentException("the pseudonymisation key from " + from + " is not the one this warehouse"
                            + " was built with (see " + fp + "): its hashes would not match the stored ones; use the original key");
                }
                return;
            }
            writePrivate(fp, mine);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + fp, e);
        }
    }

    /** HMAC-SHA256 of a fixed text under the key: tells keys apart without revealing them. */
    static String fingerprint(byte[] key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("indicate pseudonymisation key fingerprint".getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Created 0600 from the start (never world-readable for a moment), then moved into place. */
    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
