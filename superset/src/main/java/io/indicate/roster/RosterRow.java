package io.indicate.roster;

import java.time.LocalDate;

/**
 * One validated roster row: a person's assignment from {@code validFrom} on. Optional text fields are null
 * when empty. {@code login} and {@code teamLeadLogin} are guaranteed to match {@link RosterReader#LOGIN}.
 *
 * <p>A row whose {@code role} column says {@value #LEFT} marks a leaver: from {@code validFrom} on (their
 * first day without access) the person has no role, and {@code role} is null ({@link #left()}).
 */
public record RosterRow(
        String agentId,
        String login,
        String fullName,
        String email,
        String telephonyId,
        String crmUserId,
        String teamId,
        String teamName,
        String teamLeadLogin,
        Role role,
        LocalDate validFrom,
        long sourceLine) {
    /** The roster's {@code role} value of a leaver's row. */
    public static final String LEFT = "left";

    /** Whether this row marks the person as having left (no role, no access) from {@code validFrom} on. */
    public boolean left() {
        return role == null;
    }
}
