package io.indicate.digest;

import io.indicate.roster.Role;

import java.net.URI;

/**
 * Where each person's dashboard is: Superset's address as people open it, and the slug of the dashboard of their
 * role ({@code superset/assets/dashboards/*.yaml}): an agent's <em>My performance</em>, a lead's <em>Team</em>,
 * a manager's <em>Organisation</em>. Each dashboard's row-level security shows the person only their own rows.
 */
final class Dashboards {
    private final String base;

    /** {@code superset}: e.g. {@code https://insights.example.com}; a path (Superset behind a prefix) is kept. */
    Dashboards(URI superset) {
        String scheme = superset.getScheme();
        if (superset.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("--dashboard-url '" + superset + "' is not an http:// or https:// address of Superset");
        }
        String s = superset.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The slug of the dashboard a person of {@code role} opens. */
    static String slug(Role role) {
        return switch (role) {
            case AGENT -> "my-performance";
            case TEAM_LEAD -> "team";
            case MANAGEMENT -> "organisation";
        };
    }

    String link(Role role) {
        return base + "/superset/dashboard/" + slug(role) + "/";
    }
}
