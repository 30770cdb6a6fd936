package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.roster.Role;
import io.indicate.security.AccessRules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.indicate.superset.SyncLog.JSON;

/**
 * The row-level-security rules of {@link AccessRules}: created, updated to match, and those with
 * {@link AccessRules#RULE_PREFIX} that are no longer wanted deleted; other rules are left alone.
 */
final class RowLevelSecurityReconciler {
    private final SupersetClient client;
    private final SyncLog log;

    RowLevelSecurityReconciler(SupersetClient client, SyncLog log) {
        this.client = client;
        this.log = log;
    }

    void sync(Map<Role, Integer> roleIds, Map<String, Integer> datasetIds) {
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
        log.line("row-level security: " + created + " created, " + updated + " updated, " + deleted + " deleted, " + unchanged + " unchanged");
    }

    private static boolean sameRule(JsonNode have, ObjectNode want) {
        return want.path("clause").asText().equals(have.path("clause").asText())
                && "Regular".equals(have.path("filter_type").asText())
                && want.path("description").asText().equals(have.path("description").asText())
                && have.path("group_key").asText("").isEmpty()
                && SyncLog.ids(have.path("tables")).equals(SyncLog.ids(want.path("tables")))
                && SyncLog.ids(have.path("roles")).equals(SyncLog.ids(want.path("roles")));
    }
}
