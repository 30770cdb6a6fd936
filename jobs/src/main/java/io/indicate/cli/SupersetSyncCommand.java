package io.indicate.cli;

import io.indicate.superset.SupersetProvisioner;
import io.indicate.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code indicate superset sync}: makes a Superset match the asset folder, the roster and the access rules
 * (see {@link SupersetProvisioner}). Every password comes from an environment variable named by a flag, so
 * none is typed on a command line, and none is printed.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Import the dashboards, ensure roles Agent/TeamLead/Management, users from the roster and row-level security.")
public final class SupersetSyncCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Superset base URL, e.g. http://localhost:8088")
    URI url;

    @Option(names = "--user", required = true, paramLabel = "U", description = "Superset admin user (database authentication)")
    String user;

    @Option(names = "--password-env", required = true, paramLabel = "VAR", description = "environment variable holding that user's password")
    String passwordEnv;

    @CommandLine.Mixin SecretOptions secrets;

    @Option(names = "--roster", required = true, paramLabel = "FILE", description = "roster CSV (SOURCES.md section 4)")
    Path roster;

    @Option(names = "--assets", paramLabel = "DIR", defaultValue = "superset/assets",
            description = "asset bundle folder (default: ${DEFAULT-VALUE})")
    Path assets;

    @Option(names = "--db-password-env", paramLabel = "VAR", defaultValue = "INDICATE_SERVING_DB_PASSWORD",
            description = "environment variable holding the serving database password Superset connects with "
                    + "(default: ${DEFAULT-VALUE}; unset: the bundle's URI is used as it is)")
    String dbPasswordEnv;

    @Option(names = "--database-uri", paramLabel = "URI",
            description = "SQLAlchemy URI of the serving database as Superset reaches it, without password "
                    + "(default: the one in the bundle's databases/*.yaml)")
    String databaseUri;

    @Option(names = "--new-user-password-env", paramLabel = "VAR",
            description = "DEMO ONLY: environment variable with one initial password for every user created now "
                    + "(default: a random one per person; with SSO none is needed)")
    String newUserPasswordEnv;

    @Option(names = "--initial-password-dir", paramLabel = "DIR",
            description = "write each created or reactivated user's random initial password to DIR/<login>.password "
                    + "(mode 0600), for the operator to hand over")
    Path initialPasswordDir;

    @Option(names = "--force-import", description = "import the bundle even when Superset already holds it "
            + "(e.g. after changing only the database password)")
    boolean forceImport;

    @Option(names = "--timezone", paramLabel = "ZONE",
            description = "zone whose date decides which roster rows are in force: each agent's row with the latest "
                    + "valid_from up to today; a left row or none means no access (default: the config's timezone, "
                    + "else Europe/Stockholm)")
    ZoneId zone;

    @Option(names = "--config", paramLabel = "FILE",
            description = "warehouse config (YAML) whose timezone the sync uses, the same as publish's")
    Path config;

    private final UnaryOperator<String> environment;
    private final Clock clock;

    public SupersetSyncCommand() {
        this(System::getenv, Clock.systemUTC());
    }

    /** For tests: reads environment variables from {@code environment} instead of the process. */
    public SupersetSyncCommand(UnaryOperator<String> environment) {
        this(environment, Clock.systemUTC());
    }

    /**
     * For tests: also takes "now" from {@code clock}, whose date in {@code --timezone} decides which roster rows
     * are in force (a future-dated row, a leaver's {@code left} row).
     */
    public SupersetSyncCommand(UnaryOperator<String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        secrets.refusePassword(spec.commandLine());
        String password = SecretOptions.nonEmptyValue(environment, passwordEnv, "--password-env");
        ZoneId centre = zone != null ? zone : (config != null ? Settings.load(config) : Settings.defaults()).zone();
        String dbPassword = environment.apply(dbPasswordEnv);
        String newUserPassword = newUserPasswordEnv == null ? null : SecretOptions.nonEmptyValue(environment, newUserPasswordEnv, "--new-user-password-env");
        SupersetProvisioner.Report report = new SupersetProvisioner(new SupersetProvisioner.Options(
                url, user, password, roster, assets, dbPassword, databaseUri, newUserPassword, initialPasswordDir,
                LocalDate.now(clock.withZone(centre)), centre, forceImport)).sync();
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        report.warnings().forEach(w -> out.println("warning: " + w));
        out.println(report.writes() == 0 ? "Superset was already in sync: nothing sent" : report.writes() + " change(s) sent");
        out.flush();
        return 0;
    }
}
