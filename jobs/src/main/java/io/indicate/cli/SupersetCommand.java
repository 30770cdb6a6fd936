package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code indicate superset}: commands that talk to a Superset. */
@Command(name = "superset", mixinStandardHelpOptions = true,
        description = "Provision Superset: dashboards, roles, users and row-level security.",
        subcommands = {SupersetSyncCommand.class})
public final class SupersetCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (see --help)");
    }
}
