package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.roster.Role;
import io.indicate.roster.RosterOnDate;
import io.indicate.roster.RosterRow;
import io.indicate.security.AccessRules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.indicate.superset.SyncLog.JSON;

/**
 * One user per person of the roster in force today, holding that person's managed role (roles the project does
 * not manage are kept). Users with a managed role whose login is no longer in force are deactivated first, so
 * access is taken away before any is given; a login that comes back, or passes to a new person, gets a new
 * password (see {@link RosterOnDate}).
 */
final class UsersReconciler {
    private static final Set<String> MANAGED_ROLES = Set.of(
            AccessRules.supersetRole(Role.AGENT), AccessRules.supersetRole(Role.TEAM_LEAD), AccessRules.supersetRole(Role.MANAGEMENT));

    private final SupersetClient client;
    private final SyncLog log;
    private final List<RosterRow> rosterRows;
    private final LocalDate today;
    private final String newUserPassword;
    private final Path initialPasswordDir;

    /**
     * {@code rosterRows}: every accepted roster row (for the login-handover check); {@code newUserPassword}: the
     * demo's shared initial password, or null; {@code initialPasswordDir}: where random initial passwords are
     * written, or null.
     */
    UsersReconciler(SupersetClient client, SyncLog log, List<RosterRow> rosterRows, LocalDate today,
                    String newUserPassword, Path initialPasswordDir) {
        this.client = client;
        this.log = log;
        this.rosterRows = rosterRows;
        this.today = today;
        this.newUserPassword = newUserPassword;
        this.initialPasswordDir = initialPasswordDir;
    }

    void sync(List<RosterRow> people, Map<Role, Integer> roleIds) {
        Map<String, JsonNode> users = new HashMap<>();
        for (JsonNode u : client.list("/api/v1/security/users/")) users.put(u.path("username").asText(), u);
        int created = 0, updated = 0, unchanged = 0, deactivated = 0, reactivated = 0, handedOver = 0;
        Set<String> rosterLogins = new HashSet<>();
        for (RosterRow person : people) rosterLogins.add(person.login());
        // leavers first: access is taken away before any is given
        for (JsonNode u : users.values()) {
            boolean managed = false;
            for (JsonNode r : u.path("roles")) managed |= MANAGED_ROLES.contains(r.path("name").asText());
            if (managed && !rosterLogins.contains(u.path("username").asText()) && u.path("active").asBoolean(false)) {
                client.put("/api/v1/security/users/" + u.path("id").asInt(), JSON.createObjectNode().put("active", false));
                deactivated++;
            }
        }
        for (RosterRow person : people) {
            String[] names = names(person);
            String email = person.email() != null ? person.email()
                    : person.login().contains("@") ? person.login() : person.login() + "@users.indicate.invalid";
            int roleId = roleIds.get(person.role());
            JsonNode u = users.get(person.login());
            if (u == null) {
                ObjectNode body = JSON.createObjectNode()
                        .put("username", person.login()).put("first_name", names[0]).put("last_name", names[1])
                        .put("email", email).put("active", true)
                        .put("password", initialPassword(person.login()));
                body.putArray("roles").add(roleId);
                client.post("/api/v1/security/users/", body);
                created++;
                continue;
            }
            // keep roles the project does not manage (e.g. an admin's), replace the managed one
            Set<Integer> roles = new TreeSet<>();
            Set<Integer> heldRoles = new TreeSet<>();
            for (JsonNode r : u.path("roles")) {
                heldRoles.add(r.path("id").asInt());
                if (!MANAGED_ROLES.contains(r.path("name").asText())) roles.add(r.path("id").asInt());
            }
            roles.add(roleId);
            ObjectNode changes = JSON.createObjectNode();
            if (!names[0].equals(u.path("first_name").asText())) changes.put("first_name", names[0]);
            if (!names[1].equals(u.path("last_name").asText())) changes.put("last_name", names[1]);
            if (!email.equals(u.path("email").asText())) changes.put("email", email);
            if (!u.path("active").asBoolean(false)) {
                // a login coming back (a returning person, or a login reused for someone new) never gets the
                // old account's password
                changes.put("active", true).put("password", initialPassword(person.login()));
                reactivated++;
            } else if (handedOver(u, person, names, email)) {
                // the login passed from another agent (a leaver) to this person since the last sync, which never
                // saw the login unused: the account still carries the previous holder's name and email, so
                // it also still has their password; the new person gets their own
                changes.put("password", initialPassword(person.login()));
                handedOver++;
            }
            if (!roles.equals(heldRoles)) {
                ArrayNode list = changes.putArray("roles");
                roles.forEach(list::add);
            }
            if (changes.isEmpty()) {
                unchanged++;
            } else {
                client.put("/api/v1/security/users/" + u.path("id").asInt(), changes);
                updated++;
            }
        }
        log.line("users: " + created + " created, " + updated + " updated (" + reactivated + " reactivated, " + handedOver
                + " handed over to a new person), " + deactivated
                + " deactivated, " + unchanged + " unchanged"
                + (initialPasswordDir != null && created + reactivated + handedOver > 0
                ? "; initial passwords in " + initialPasswordDir : ""));
    }

    /**
     * Whether an active account is still the previous holder's although the roster now gives its login to
     * {@code person}: another agent held the login on or before today, and the account's name or email is not
     * this person's. (Superset keeps no agent id with a user; name and email are what tell two people apart.
     * Two holders with the same name and the same email cannot be told apart: give the new person an email.)
     */
    private boolean handedOver(JsonNode user, RosterRow person, String[] names, String email) {
        if (!RosterOnDate.heldByOtherAgentBefore(rosterRows, person.login(), person.agentId(), today)) return false;
        return !(names[0].equals(user.path("first_name").asText()) && names[1].equals(user.path("last_name").asText())
                && email.equalsIgnoreCase(user.path("email").asText()));
    }

    /**
     * The password of a user created or reactivated now: the demo's shared one if given, else a random one,
     * written to {@code <initialPasswordDir>/<login>.password} (mode 0600, created so before anything is
     * written) when that folder is given, so each person gets their own by a route the operator chooses;
     * with neither (SSO) nobody knows it.
     */
    private String initialPassword(String login) {
        if (newUserPassword != null) return newUserPassword;
        String password = randomPassword();
        client.treatAsSecret(password);
        if (initialPasswordDir != null) {
            try {
                Path dir = initialPasswordDir;
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                Path file = dir.resolve(login + ".password");
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the initial password of " + login + " into "
                        + initialPasswordDir + ": " + e.getMessage(), e);
            }
        }
        return password;
    }

    private static String[] names(RosterRow person) {
        String full = person.fullName() == null ? "" : person.fullName().trim();
        if (full.isEmpty()) return new String[]{person.login(), "-"};
        int space = full.indexOf(' ');
        return space < 0 ? new String[]{full, "-"} : new String[]{full.substring(0, space), full.substring(space + 1).trim()};
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
