package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.function.UnaryOperator;

/**
 * How a command logs in to a server (the serving database, an SMTP server): {@code --user} and {@code --password-env}.
 * The password is read from the environment variable named by {@code --password-env}; there is no flag that takes a
 * password, so it never lands in a shell history or a process list, and it is never printed ({@link SecretOptions}).
 */
public class Login {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

    @Option(names = "--user", paramLabel = "U", description = "user to log in as")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding that user's password")
    String passwordEnv;

    @CommandLine.Mixin SecretOptions secrets;

    public String user() { return user; }

    /**
     * The password from the variable {@code --password-env} names (read through {@code environment}), or null
     * without that option; fails on {@code --password} or an unset variable. Called before any work starts.
     */
    public String password(UnaryOperator<String> environment) {
        secrets.refusePassword(spec.commandLine());
        return passwordEnv == null ? null : SecretOptions.value(environment, passwordEnv, "--password-env");
    }
}
