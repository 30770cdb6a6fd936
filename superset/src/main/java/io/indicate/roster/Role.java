package io.indicate.roster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person in the roster may see: their own rows, their team's, or everything. */
public enum Role {
    AGENT("agent"), TEAM_LEAD("team_lead"), MANAGEMENT("management");

    private final String code;

    Role(String code) { this.code = code; }

    /** The value in the roster's {@code role} column. */
    public String code() { return code; }

    public static Optional<Role> fromCode(String s) {
        if (s == null) return Optional.empty();
        String c = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.code.equals(c)).findFirst();
    }
}
