package io.indicate.privacy;

import io.indicate.config.Settings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Keyed hash (HMAC-SHA-256) of personal identifiers such as caller numbers: the same input and key always
 * give the same pseudonym, so repeat contacts can still be counted, but without the key a pseudonym cannot
 * be turned back by hashing candidate numbers. Numbers are normalised first (spaces, dashes and brackets
 * removed, a leading 00 read as +) so one caller written two ways is one person.
 */
public final class Pseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] key;

    public Pseudonymiser(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("pseudonymisation key must be at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** The pseudonymiser of the settings' warehouse: its key from the settings' variable, else its key file. */
    public static Pseudonymiser of(Settings settings) {
        return new Pseudonymiser(PseudonymisationKey.resolve(settings.pseudonymisationKeyEnv(), settings.warehouse(), System.getenv()));
    }

    /** The pseudonym of a phone number, or null for an empty / anonymous caller id. */
    public String ofPhoneNumber(String number) {
        String n = normalisePhone(number);
        return n == null ? null : hash("phone:" + n);
    }

    /** The pseudonym of any other identifier (customer ids, e-mail addresses), or null when empty. */
    public String ofIdentifier(String kind, String value) {
        if (value == null || value.isBlank()) return null;
        return hash(kind + ":" + value.trim().toLowerCase(java.util.Locale.ROOT));
    }

    static String normalisePhone(String number) {
        if (number == null) return null;
        String n = number.replaceAll("[\\s\\-().]", "");
        if (n.startsWith("00")) n = "+" + n.substring(2);
        if (n.isEmpty() || n.equalsIgnoreCase("anonymous") || n.equalsIgnoreCase("unknown")) return null;
        return n;
    }

    private String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
