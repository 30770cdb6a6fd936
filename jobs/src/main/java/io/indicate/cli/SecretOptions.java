package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.function.UnaryOperator;

/**
 * The one rule for a secret a command needs (a password): a flag such as {@code --password-env} names the environment
 * variable that holds it; no flag takes the secret itself, so it never lands in a shell history or a process list, and
 * it is never printed. Mixed into every command that logs in ({@link Login}, {@code superset sync}), it refuses
 * {@code --password} without echoing its value.
 */
public final class SecretOptions {
    /** Only here to refuse it without echoing its value, as picocli would for an unknown option. */
    @Option(names = "--password", hidden = true)
    String refusedPassword;

    /** A usage error on {@code commandLine} when {@code --password} was given; call before any work starts. */
    void refusePassword(CommandLine commandLine) {
        if (refusedPassword != null) {
            throw new CommandLine.ParameterException(commandLine,
                    "--password is not accepted: put the password in an environment variable and name it with --password-env");
        }
    }

    /** The value of {@code variable} (named by {@code flag}), read through {@code environment}; fails when it is not set. */
    static String value(UnaryOperator<String> environment, String variable, String flag) {
        String v = environment.apply(variable);
        if (v == null) throw notSet(variable, flag);
        return v;
    }

    /** As {@link #value}, and an empty value counts as not set. */
    static String nonEmptyValue(UnaryOperator<String> environment, String variable, String flag) {
        String v = value(environment, variable, flag);
        if (v.isEmpty()) throw notSet(variable, flag);
        return v;
    }

    private static IllegalArgumentException notSet(String variable, String flag) {
        return new IllegalArgumentException("environment variable " + variable + " (named by " + flag + ") is not set");
    }
}
