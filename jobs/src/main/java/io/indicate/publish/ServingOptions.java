package io.indicate.publish;

import io.indicate.config.Settings;

import io.indicate.warehouse.Warehouse;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * How a command logs in to the serving database and what it keeps there: the options of {@code publish} and
 * {@code refresh} besides the JDBC URL. The password is read from the environment variable named by
 * {@code --password-env}; there is no flag that takes a password, so it never lands in a shell history or a
 * process list, and it is never printed.
 */
public final class ServingOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

    @Option(names = "--user", paramLabel = "U", description = "database user")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the database password")
    String passwordEnv;

    /** Only here to refuse it without echoing its value, as picocli would for an unknown option. */
    @Option(names = "--password", hidden = true)
    String refusedPassword;

    @Option(names = "--fact-window-days", paramLabel = "N", defaultValue = "35",
            description = "local days of call-, session- and ticket-level facts kept in serving (default: ${DEFAULT-VALUE})")
    int factWindowDays;

    /**
     * The password from the variable {@code --password-env} names (read through {@code environment}), or null
     * without that option; fails on {@code --password} or an unset variable. Called before any work starts.
     */
    public String password(UnaryOperator<String> environment) {
        if (refusedPassword != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--password is not accepted: put the password in an environment variable and name it with --password-env");
        }
        if (passwordEnv == null) return null;
        String password = environment.apply(passwordEnv);
        if (password == null) {
            throw new IllegalArgumentException("environment variable " + passwordEnv + " (named by --password-env) is not set");
        }
        return password;
    }

    /** The publisher of {@code warehouse} to {@code jdbcUrl} with these options. */
    public Publisher publisher(Warehouse warehouse, String jdbcUrl, Settings settings, String password) {
        return Publisher.builder(warehouse, jdbcUrl).user(user).password(password).factWindowDays(factWindowDays)
                .intervalWindowDays(settings.servingIntervalDays()).today(Clock.systemUTC(), settings.zone()).minTeamAgents(settings.minTeamSize()).build();
    }
}
