package io.indicate.superset;

import io.indicate.roster.Role;
import io.indicate.roster.RosterOnDate;
import io.indicate.roster.RosterReader;
import io.indicate.roster.RosterRow;
import io.indicate.security.AccessRules;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 *
 * <p>This class runs the reconcilers in their fail-closed order: {@link AssetsReconciler},
 * {@link RolesReconciler}, {@link RowLevelSecurityReconciler}, {@link DashboardAudienceReconciler} and
 * {@link UsersReconciler}; each one reports into a {@link SyncLog}.
 */
public final class SupersetProvisioner {
    /** What to sync and with which credentials (the passwords are values here, read from the environment by the command). */
    public record Options(URI url, String user, String password, Path roster, Path assets, String databasePassword,
                         String databaseUri, String newUserPassword, Path initialPasswordDir, LocalDate today, ZoneId zone, boolean forceImport) {
        public Options {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(roster, "roster");
            Objects.requireNonNull(assets, "assets");
            Objects.requireNonNull(today, "today");
            Objects.requireNonNull(zone, "zone");
        }
    }

    /** One line per thing looked at: what was done, or that it was already right. */
    public record Report(List<String> lines, List<String> warnings, int writes) {}

    private final Options options;
    private final SupersetClient client;
    private final SyncLog log = new SyncLog();

    public SupersetProvisioner(Options options) {
        this.options = options;
        this.client = new SupersetClient(options.url());
        client.treatAsSecret(options.databasePassword());
        client.treatAsSecret(options.newUserPassword());
    }

    public Report sync() {
        RosterReader.Result roster = RosterReader.read(options.roster());
        for (RosterReader.Reject r : roster.rejected()) {
            log.warn("roster line " + r.line() + " skipped: " + r.reason());
        }
        // each person's roster row valid today: a row dated in the future is not in force yet, a leaver has none
        List<RosterRow> people = RosterOnDate.people(roster.accepted(), options.today());
        AssetBundle bundle = AssetBundle.load(options.assets(), options.databaseUri(), options.zone());
        for (AssetBundle.DatasetRef d : bundle.datasets()) {
            for (Role r : Role.values()) AccessRules.access(r, d.table());
        }
        client.login(options.user(), options.password());

        AssetsReconciler assets = new AssetsReconciler(client, log, options.databasePassword(), options.forceImport());
        RolesReconciler roles = new RolesReconciler(client, log);
        // Fail closed: the row-level-security rules are in place before any role gains a dataset and before
        // any person gains or regains a role, so a failure at any later step leaves no one seeing more rows
        // than the rules allow; a re-run completes what is missing.
        Map<String, Integer> datasetIds = assets.sync(bundle);
        int databaseId = assets.databaseId(bundle.databaseName());
        Map<Role, Integer> roleIds = roles.ensureRoles();
        new RowLevelSecurityReconciler(client, log).sync(roleIds, datasetIds);
        roles.syncPermissions(roleIds, bundle.databaseName(), databaseId, datasetIds);
        new DashboardAudienceReconciler(client, log).sync(roleIds);
        new UsersReconciler(client, log, roster.accepted(), options.today(), options.newUserPassword(),
                options.initialPasswordDir()).sync(people, roleIds);
        return new Report(log.lines(), log.warnings(), client.writes());
    }
}
