package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code indicate}: the one command line people and Airflow use. Every step is a subcommand; a usage error
 * or a bad input prints one line naming the problem and exits non-zero (2 for usage, 1 for a failed step).
 */
@Command(name = "indicate",
        mixinStandardHelpOptions = true,
        versionProvider = IndicateCli.Version.class,
        description = "Customer-service insights warehouse: telephony and CRM data to KPI marts.",
        subcommands = {
                CommandLine.HelpCommand.class,
                io.indicate.airflow.AirflowCommand.class,
                io.indicate.generate.GenerateCommand.class,
                IngestCommand.class,
                RefreshCommand.class,
                BuildCommand.class,
                ExportCommand.class,
                ExtractCommand.class,
                ForgetCommand.class,
                CheckCommand.class,
                OptimizeCommand.class,
                VacuumCommand.class,
                DemoCommand.class,
                ServingDbCommand.class,
                io.indicate.bench.BenchServingCommand.class,
                io.indicate.publish.PublishCommand.class,
                io.indicate.superset.SupersetCommand.class,
                io.indicate.digest.DigestCommand.class,
        })
public final class IndicateCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (used by tests to run commands in-process). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new IndicateCli());
        cli.setExecutionExceptionHandler(new FailureHandler());
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = IndicateCli.class.getPackage().getImplementationVersion();
            return new String[]{"indicate " + (v == null ? "development build" : v)};
        }
    }
}
