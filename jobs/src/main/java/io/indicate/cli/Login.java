package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.function.UnaryOperator;

/**
 * How a command logs in to a server (the serving database, an SMTP server): {@code --user} and {@code --password-env}.
 * The password is read from the environment variable named by {@code --password-env}; there is no flag that takes a
 * password, so it never lands in a shell history or a process list, and it is never printed.
 */
public class Login {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

    @Option(names = "--user", paramLabel = "U", description = "user to log in as")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding that user's password")
    String passwordEnv;

    /** Only here to refuse it without echoing its value, as picocli would for an unknown option. */
    @Option(names = "--password", hidden = true)
    String refusedPassword;

    public String user() { return user; }

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
}
