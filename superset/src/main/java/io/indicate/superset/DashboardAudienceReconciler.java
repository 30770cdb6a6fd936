package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.indicate.roster.Role;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.indicate.superset.SyncLog.JSON;

/** Which role each dashboard of the bundle is listed to. */
final class DashboardAudienceReconciler {
    /**
     * Which role each dashboard of the bundle is for, by slug. With Superset's DASHBOARD_RBAC (on in
     * superset_config.py) a dashboard with roles is listed only to them; without it Superset lists every
     * dashboard whose datasets a user may read, so an agent would also find the organisation's. Row-level
     * security applies either way.
     */
    static final Map<String, Role> DASHBOARD_AUDIENCE = Map.of(
            "my-performance", Role.AGENT, "team", Role.TEAM_LEAD, "organisation", Role.MANAGEMENT);

    private final SupersetClient client;
    private final SyncLog log;

    DashboardAudienceReconciler(SupersetClient client, SyncLog log) {
        this.client = client;
        this.log = log;
    }

    void sync(Map<Role, Integer> roleIds) {
        Set<String> found = new TreeSet<>();
        int changed = 0;
        for (JsonNode d : client.list("/api/v1/dashboard/")) {
            Role audience = DASHBOARD_AUDIENCE.get(d.path("slug").asText());
            if (audience == null) continue;
            found.add(d.path("slug").asText());
            Set<Integer> wanted = Set.of(roleIds.get(audience));
            if (!SyncLog.ids(d.path("roles")).equals(wanted)) {
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
        log.line("dashboards: " + changed + " audience(s) set, " + (found.size() - changed) + " unchanged");
    }
}
