package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.roster.Role;
import io.indicate.security.AccessRules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.indicate.superset.SyncLog.JSON;

/** The roles Agent / TeamLead / Management and their least permissions ({@link RolePermissions}). */
final class RolesReconciler {
    private final SupersetClient client;
    private final SyncLog log;

    RolesReconciler(SupersetClient client, SyncLog log) {
        this.client = client;
        this.log = log;
    }

    /** The three roles, created empty where missing (a role without permissions grants nothing). */
    Map<Role, Integer> ensureRoles() {
        Map<String, Integer> roleByName = new HashMap<>();
        for (JsonNode r : client.list("/api/v1/security/roles/")) roleByName.put(r.path("name").asText(), r.path("id").asInt());
        Map<Role, Integer> ids = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            String name = AccessRules.supersetRole(role);
            Integer id = roleByName.get(name);
            if (id == null) {
                id = client.post("/api/v1/security/roles/", JSON.createObjectNode().put("name", name)).path("id").asInt();
                log.line("role " + name + ": created");
            }
            ids.put(role, id);
        }
        return ids;
    }

    /** Sets each role's permissions to exactly the wanted ones; a permission this Superset lacks is a warning. */
    void syncPermissions(Map<Role, Integer> ids, String databaseName, int databaseId, Map<String, Integer> datasetIds) {
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
                log.line("role " + name + ": permissions unchanged (" + wanted.size() + ")");
            } else {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode list = body.putArray("permission_view_menu_ids");
                wanted.forEach(list::add);
                client.post("/api/v1/security/roles/" + id + "/permissions", body);
                Set<Integer> added = new TreeSet<>(wanted);
                added.removeAll(held);
                Set<Integer> removed = new TreeSet<>(held);
                removed.removeAll(wanted);
                log.line("role " + name + ": permissions set (" + wanted.size() + ": +" + added.size() + " -" + removed.size() + ")");
            }
        }
        missingPairs.forEach(p -> log.warn("this Superset has no permission '" + p + "'; not granted"));
    }
}
