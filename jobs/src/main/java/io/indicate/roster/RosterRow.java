package io.indicate.roster;

import java.time.LocalDate;

/**
 * One validated roster row: a person's assignment from {@code validFrom} on. Optional text fields are null
 * when empty. {@code login} and {@code teamLeadLogin} are guaranteed to match {@link RosterReader#LOGIN}.
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
}
