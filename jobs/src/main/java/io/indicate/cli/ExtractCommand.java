package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Copy source data from a system's API into a landing folder, unchanged, for 'indicate ingest'.",
        subcommands = {CrmExtractCommand.class})
public final class ExtractCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a source is required: extract crm (see --help)");
    }
}
