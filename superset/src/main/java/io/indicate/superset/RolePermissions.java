package io.indicate.superset;

import io.indicate.roster.Role;
import io.indicate.security.AccessRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The least Superset permissions each role needs, as (permission, view menu) pairs in Superset's own
 * names. All roles may open dashboards and charts and use their filters (what Superset's Gamma role allows
 * for viewing, without its write and list-everything permissions); data access is granted per dataset from
 * {@link AccessRules}; Management also gets SQL Lab on the serving database.
 *
 * <p>Names follow Superset 6.1 (checked against the installed release by the real-Superset tests). A pair a
 * Superset release does not have is skipped with a warning by the provisioner, so a newer release that renamed one shows up in the sync's output instead of failing it.
 */
final class RolePermissions {
    /** View dashboards and charts, use native filters and permalinks, see one's own profile. */
    static final List<Pair> VIEWER = List.of(
            new Pair("can_read", "Dashboard"),
            new Pair("can_read", "Chart"),
            new Pair("can_dashboard", "Superset"),
            new Pair("can_explore_json", "Superset"),
            new Pair("can_slice", "Superset"),
            new Pair("can_read", "Explore"),
            new Pair("can_read", "ExploreFormDataRestApi"),
            new Pair("can_write", "ExploreFormDataRestApi"),
            new Pair("can_read", "DashboardFilterStateRestApi"),
            new Pair("can_write", "DashboardFilterStateRestApi"),
            new Pair("can_read", "DashboardPermalinkRestApi"),
            new Pair("can_write", "DashboardPermalinkRestApi"),
            new Pair("can_time_range", "Api"),
            new Pair("can_query_form_data", "Api"),
            new Pair("can_query", "Api"),
            new Pair("can_recent_activity", "Log"),
            new Pair("can_userinfo", "UserDBModelView"),
            new Pair("menu_access", "Dashboards"),
            // what Superset 6's single-page app asks for on every page: the current user, the menu, the theme,
            // its own event log
            new Pair("can_read", "CurrentUserRestApi"),
            new Pair("can_get", "MenuApi"),
            new Pair("can_read", "Theme"),
            new Pair("can_log", "Superset"),
            // the CSRF token every write of the app (and of an API client) needs
            new Pair("can_read", "SecurityRestApi"),
            // a person changes the initial password themselves
            new Pair("resetmypassword", "UserDBModelView"),
            new Pair("can_this_form_get", "ResetMyPasswordView"),
            new Pair("can_this_form_post", "ResetMyPasswordView"));

    /** SQL Lab, for management's own exploration of the serving schema. */
    static final List<Pair> SQL_LAB = List.of(
            new Pair("menu_access", "SQL Lab"),
            new Pair("menu_access", "SQL Editor"),
            new Pair("menu_access", "Saved Queries"),
            new Pair("menu_access", "Query Search"),
            new Pair("can_sqllab", "Superset"),
            new Pair("can_sqllab_history", "Superset"),
            new Pair("can_execute_sql_query", "SQLLab"),
            new Pair("can_get_results", "SQLLab"),
            new Pair("can_export_csv", "SQLLab"),
            new Pair("can_format_sql", "SQLLab"),
            new Pair("can_estimate_query_cost", "SQLLab"),
            new Pair("can_read", "SQLLab"),
            new Pair("can_read", "Query"),
            new Pair("can_read", "SavedQuery"),
            new Pair("can_write", "SavedQuery"),
            new Pair("can_read", "Database"),
            new Pair("can_activate", "TabStateView"),
            new Pair("can_get", "TabStateView"),
            new Pair("can_post", "TabStateView"),
            new Pair("can_put", "TabStateView"),
            new Pair("can_delete", "TabStateView"),
            new Pair("can_delete_query", "TabStateView"),
            new Pair("can_migrate_query", "TabStateView"));

    /** A Superset permission on a view menu, e.g. {@code datasource_access} on {@code [serving].[kpi_agent_daily](id:3)}. */
    record Pair(String permission, String viewMenu) {
        String key() { return permission + " on " + viewMenu; }
    }

    private RolePermissions() {}

    /**
     * The pairs {@code role} should hold, given the datasets Superset has for the serving tables
     * ({@code datasetIds}: table name to dataset id) and the serving database's name and id.
     */
    static List<Pair> wanted(Role role, String databaseName, int databaseId, Map<String, Integer> datasetIds) {
        List<Pair> pairs = new ArrayList<>(VIEWER);
        datasetIds.forEach((table, id) -> {
            if (AccessRules.tables().contains(table) && AccessRules.access(role, table).granted()) {
                // Superset's permission name of a dataset: [database].[table](id:N)
                pairs.add(new Pair("datasource_access", "[" + databaseName + "].[" + table + "](id:" + id + ")"));
            }
        });
        if (role == Role.MANAGEMENT) {
            pairs.addAll(SQL_LAB);
            pairs.add(new Pair("database_access", "[" + databaseName + "].(id:" + databaseId + ")"));
        }
        return pairs;
    }
}
