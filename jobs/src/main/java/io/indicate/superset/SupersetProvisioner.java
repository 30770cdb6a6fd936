package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.roster.Role;
import io.indicate.roster.RosterOnDate;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import io.indicate.security.AccessRules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brings a Superset in line with this project: the dashboards bundle, the roles Agent / TeamLead /
 * Management with their least permissions, one user per current roster person, and the row-level-security
 * rules of {@link AccessRules}.
 *
 * <p>Idempotent: it reads what Superset holds first and sends only the differences, so a second run
 * against an unchanged Superset sends no write at all. What it manages and nothing else: roles other than
 * its three, users without one of its roles, and rules whose name lacks {@link AccessRules#RULE_PREFIX} are
 * left alone. A person without a roster row in force today (removed from the roster, or whose row valid today
 * is a {@code left} row) keeps their user but is deactivated, before anyone gains access; a login that
 * comes back, or passes to a new person, gets a new password (see {@link RosterOnDate}).
 */
public final class SupersetProvisioner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MANAGED_ROLES = Set.of(
            AccessRules.supersetRole(Role.AGENT), AccessRules.supersetRole(Role.TEAM_LEAD), AccessRules.supersetRole(Role.MANAGEMENT));

    /** What to sync and with which credentials (the passwords are values here, read from the environment by the command). */
    public record Options(URI url, String user, String password, Path roster, Path assets, String databasePassword,
                         String databaseUri, String newUserPassword, Path initialPasswordDir, LocalDate today, boolean forceImport) {
        public Options {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(roster, "roster");
            Objects.requireNonNull(assets, "assets");
            Objects.requireNonNull(today, "today");
        }
    }

    /** One line per thing looked at: what was done, or that it was already right. */
    public record Report(List<String> lines, List<String> warnings, int writes) {}

    private final Options options;
    private final SupersetClient client;
    private final List<String> lines = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private List<RosterRow> rosterRows = List.of();

    public SupersetProvisioner(Options options) {
        this.options = options;
        this.client = new SupersetClient(options.url());
        client.treatAsSecret(options.databasePassword());
        client.treatAsSecret(options.newUserPassword());
    }

    public Report sync() {
        List<RosterRow> people = currentRoster();
        AssetBundle bundle = AssetBundle.load(options.assets(), options.databaseUri());
        for (AssetBundle.DatasetRef d : bundle.datasets()) {
            for (Role r : Role.values()) AccessRules.access(r, d.table());
        }
        client.login(options.user(), options.password());

        // Fail closed: the row-level-security rules are in place before any role gains a dataset and before
        // any person gains or regains a role, so a failure at any later step leaves no one seeing more rows
        // than the rules allow; a re-run completes what is missing.
        Map<String, Integer> datasetIds = syncAssets(bundle);
        int databaseId = databaseId(bundle.databaseName());
        Map<Role, Integer> roleIds = ensureRoles();
        syncRules(roleIds, datasetIds);
        syncRolePermissions(roleIds, bundle.databaseName(), databaseId, datasetIds);
        syncDashboardAudiences(roleIds);
        syncUsers(people, roleIds);
        return new Report(List.copyOf(lines), List.copyOf(warnings), client.writes());
    }

    /**
     * Each person's roster row valid today ({@link RosterOnDate}: a row dated in the future is not in force yet,
     * a leaver has none); keeps every accepted row in {@link #rosterRows} for the login-handover check.
     */
    private List<RosterRow> currentRoster() {
        RosterReader.Result result = RosterReader.read(options.roster());
        for (RosterReader.Reject r : result.rejected()) {
            warnings.add("roster line " + r.line() + " skipped: " + r.reason());
        }
        rosterRows = result.accepted();
        return RosterOnDate.people(rosterRows, options.today());
    }

    // ---- assets ---------------------------------------------------------------------------------------------

    private Map<String, Integer> syncAssets(AssetBundle bundle) {
        Map<String, JsonNode> existing = datasetsOf(bundle);
        boolean current = !options.forceImport() && existing.size() == bundle.datasets().size() && existing.values().stream()
                .allMatch(d -> bundle.fingerprint().equals(markerOf(d)));
        if (current) {
            lines.add("assets: unchanged (" + existing.size() + " datasets carry bundle " + bundle.fingerprint().substring(0, 12) + ")");
        } else {
            boolean databaseExists = client.list("/api/v1/database/").stream()
                    .anyMatch(db -> bundle.databaseName().equals(db.path("database_name").asText()));
            boolean passwordKnown = options.databasePassword() != null || databaseExists;
            if (!passwordKnown) {
                warnings.add("no serving database password given: database '" + bundle.databaseName()
                        + "' is created without one (set INDICATE_SERVING_DB_PASSWORD unless the server needs none)");
            }
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("bundle", new SupersetClient.FilePart("indicate_assets.zip", "application/zip", bundle.zip(passwordKnown)));
            if (options.databasePassword() != null) {
                parts.put("passwords", JSON.createObjectNode().put(bundle.databaseFile(), options.databasePassword()).toString());
            }
            // the assets endpoint always overwrites; the flag is what the per-type import endpoints expect
            parts.put("overwrite", "true");
            client.postMultipart("/api/v1/assets/import/", parts);
            existing = datasetsOf(bundle);
            lines.add("assets: imported bundle " + bundle.fingerprint().substring(0, 12) + " (" + existing.size() + " datasets)");
            if (existing.size() != bundle.datasets().size()) {
                throw new IllegalStateException("after the import Superset shows " + existing.size() + " of the bundle's "
                        + bundle.datasets().size() + " datasets");
            }
        }
        Map<String, Integer> ids = new TreeMap<>();
        existing.forEach((table, d) -> ids.put(table, d.path("id").asInt()));
        return ids;
    }

    /** The bundle's datasets as Superset lists them, by table name. */
    private Map<String, JsonNode> datasetsOf(AssetBundle bundle) {
        Map<String, JsonNode> found = new TreeMap<>();
        List<JsonNode> all = client.list("/api/v1/dataset/");
        for (AssetBundle.DatasetRef ref : bundle.datasets()) {
            for (JsonNode d : all) {
                if (ref.table().equals(d.path("table_name").asText())
                        && Objects.equals(ref.schema(), d.path("schema").asText(null))
                        && ref.databaseName().equals(d.path("database").path("database_name").asText())) {
                    found.put(ref.table(), d);
                }
            }
        }
        return found;
    }

    private static String markerOf(JsonNode dataset) {
        String extra = dataset.path("extra").asText(null);
        if (extra == null || extra.isBlank()) return null;
        try {
            return JSON.readTree(extra).path(AssetBundle.MARKER).asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private int databaseId(String name) {
        for (JsonNode db : client.list("/api/v1/database/")) {
            if (name.equals(db.path("database_name").asText())) return db.path("id").asInt();
        }
        throw new IllegalStateException("Superset has no database named '" + name + "' although the bundle defines it");
    }

    // ---- roles ----------------------------------------------------------------------------------------------

    /** The three roles, created empty where missing (a role without permissions grants nothing). */
    private Map<Role, Integer> ensureRoles() {
        Map<String, Integer> roleByName = new HashMap<>();
        for (JsonNode r : client.list("/api/v1/security/roles/")) roleByName.put(r.path("name").asText(), r.path("id").asInt());
        Map<Role, Integer> ids = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            String name = AccessRules.supersetRole(role);
            Integer id = roleByName.get(name);
            if (id == null) {
                id = client.post("/api/v1/security/roles/", JSON.createObjectNode().put("name", name)).path("id").asInt();
                lines.add("role " + name + ": created");
            }
            ids.put(role, id);
        }
        return ids;
    }

    private void syncRolePermissions(Map<Role, Integer> ids, String databaseName, int databaseId, Map<String, Integer> datasetIds) {
        Map<String, Integer> pairIds = new HashMap<>();
        for (JsonNode p : client.list("/api/v1/security/permissions-resources/")) {
            pairIds.put(new RolePermissions.Pair(p.path("permission").path("name").asText(),
                    p.path("view_menu").path("name").asText()).key(), p.path("id").asInt());
        }
        Set<String> missingPairs = new TreeSet<>();
        for (Role role : Role.values()) {
            String name = AccessRules.supersetRole(role);
            int id = ids.get(role);
            Set<Integer> wanted = new TreeSet<>();
            for (RolePermissions.Pair p : RolePermissions.wanted(role, databaseName, databaseId, datasetIds)) {
                Integer pairId = pairIds.get(p.key());
                if (pairId == null) missingPairs.add(p.key());
                else wanted.add(pairId);
            }
            Set<Integer> held = new TreeSet<>();
            for (JsonNode p : client.get("/api/v1/security/roles/" + id + "/permissions/").path("result")) held.add(p.path("id").asInt());
            if (held.equals(wanted)) {
                lines.add("role " + name + ": permissions unchanged (" + wanted.size() + ")");
            } else {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode list = body.putArray("permission_view_menu_ids");
                wanted.forEach(list::add);
                client.post("/api/v1/security/roles/" + id + "/permissions", body);
                Set<Integer> added = new TreeSet<>(wanted);
                added.removeAll(held);
                Set<Integer> removed = new TreeSet<>(held);
                removed.removeAll(wanted);
                lines.add("role " + name + ": permissions set (" + wanted.size() + ": +" + added.size() + " -" + removed.size() + ")");
            }
        }
        missingPairs.forEach(p -> warnings.add("this Superset has no permission '" + p + "'; not granted"));
    }

    // ---- dashboards -----------------------------------------------------------------------------------------

    /**
     * Which role each dashboard of the bundle is for, by slug. With Superset's DASHBOARD_RBAC (on in
     * superset_config.py) a dashboard with roles is listed only to them; without it Superset lists every
     * dashboard whose datasets a user may read, so an agent would also find the organisation's. Row-level
     * security applies either way.
     */
    static final Map<String, Role> DASHBOARD_AUDIENCE = Map.of(
            "my-performance", Role.AGENT, "team", Role.TEAM_LEAD, "organisation", Role.MANAGEMENT);

    private void syncDashboardAudiences(Map<Role, Integer> roleIds) {
        Set<String> found = new TreeSet<>();
        int changed = 0;
        for (JsonNode d : client.list("/api/v1/dashboard/")) {
            Role audience = DASHBOARD_AUDIENCE.get(d.path("slug").asText());
            if (audience == null) continue;
            found.add(d.path("slug").asText());
            Set<Integer> wanted = Set.of(roleIds.get(audience));
            if (!ids(d.path("roles")).equals(wanted)) {
                ObjectNode body = JSON.createObjectNode();
                body.putArray("roles").add(roleIds.get(audience));
                client.put("/api/v1/dashboard/" + d.path("id").asInt(), body);
                changed++;
            }
        }
        if (!found.equals(DASHBOARD_AUDIENCE.keySet())) {
            throw new IllegalStateException("Superset lacks dashboard(s) " + new TreeSet<>(DASHBOARD_AUDIENCE.keySet()).stream()
                    .filter(slug -> !found.contains(slug)).toList() + " that the bundle should have imported");
        }
        lines.add("dashboards: " + changed + " audience(s) set, " + (found.size() - changed) + " unchanged");
    }

    // ---- users ----------------------------------------------------------------------------------------------

    private void syncUsers(List<RosterRow> people, Map<Role, Integer> roleIds) {
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
        lines.add("users: " + created + " created, " + updated + " updated (" + reactivated + " reactivated, " + handedOver
                + " handed over to a new person), " + deactivated
                + " deactivated, " + unchanged + " unchanged"
                + (options.initialPasswordDir() != null && created + reactivated + handedOver > 0
                ? "; initial passwords in " + options.initialPasswordDir() : ""));
    }

    /**
     * Whether an active account is still the previous holder's although the roster now gives its login to
     * {@code person}: another agent held the login on or before today, and the account's name or email is not
     * this person's. (Superset keeps no agent id with a user; name and email are what tell two people apart.
     * Two holders with the same name and the same email cannot be told apart: give the new person an email.)
     */
    private boolean handedOver(JsonNode user, RosterRow person, String[] names, String email) {
        if (!RosterOnDate.heldByOtherAgentBefore(rosterRows, person.login(), person.agentId(), options.today())) return false;
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
        if (options.newUserPassword() != null) return options.newUserPassword();
        String password = randomPassword();
        client.treatAsSecret(password);
        if (options.initialPasswordDir() != null) {
            try {
                Path dir = options.initialPasswordDir();
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                Path file = dir.resolve(login + ".password");
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the initial password of " + login + " into "
                        + options.initialPasswordDir() + ": " + e.getMessage(), e);
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

    // ---- row-level security ---------------------------------------------------------------------------------

    private void syncRules(Map<Role, Integer> roleIds, Map<String, Integer> datasetIds) {
        Map<String, JsonNode> existing = new HashMap<>();
        for (JsonNode r : client.list("/api/v1/rowlevelsecurity/")) existing.put(r.path("name").asText(), r);
        int created = 0, updated = 0, unchanged = 0, deleted = 0;
        Set<String> wantedNames = new HashSet<>();
        for (AccessRules.SupersetRule rule : AccessRules.supersetRules()) {
            Set<Integer> tables = rule.tables().stream().filter(datasetIds::containsKey).map(datasetIds::get)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (tables.isEmpty()) continue;
            wantedNames.add(rule.name());
            String description = "Managed by `indicate superset sync` from io.indicate.security.AccessRules; edits here are overwritten.";
            ObjectNode body = JSON.createObjectNode()
                    .put("name", rule.name()).put("filter_type", "Regular").put("clause", rule.clause())
                    .put("description", description);
            body.putNull("group_key");
            tables.forEach(body.putArray("tables")::add);
            body.putArray("roles").add(roleIds.get(rule.role()));
            JsonNode have = existing.get(rule.name());
            if (have == null) {
                client.post("/api/v1/rowlevelsecurity/", body);
                created++;
            } else if (sameRule(have, body)) {
                unchanged++;
            } else {
                client.put("/api/v1/rowlevelsecurity/" + have.path("id").asInt(), body);
                updated++;
            }
        }
        for (JsonNode r : existing.values()) {
            String name = r.path("name").asText();
            if (name.startsWith(AccessRules.RULE_PREFIX) && !wantedNames.contains(name)) {
                client.delete("/api/v1/rowlevelsecurity/" + r.path("id").asInt());
                deleted++;
            }
        }
        lines.add("row-level security: " + created + " created, " + updated + " updated, " + deleted + " deleted, " + unchanged + " unchanged");
    }

    private static boolean sameRule(JsonNode have, ObjectNode want) {
        return want.path("clause").asText().equals(have.path("clause").asText())
                && "Regular".equals(have.path("filter_type").asText())
                && want.path("description").asText().equals(have.path("description").asText())
                && have.path("group_key").asText("").isEmpty()
                && ids(have.path("tables")).equals(ids(want.path("tables")))
                && ids(have.path("roles")).equals(ids(want.path("roles")));
    }

    /** Ids of a list that holds either ids or objects with an {@code id}. */
    private static Set<Integer> ids(JsonNode list) {
        Function<JsonNode, Integer> id = n -> n.isObject() ? n.path("id").asInt() : n.asInt();
        Set<Integer> out = new TreeSet<>(Comparator.naturalOrder());
        list.forEach(n -> out.add(id.apply(n)));
        return out;
    }
}
