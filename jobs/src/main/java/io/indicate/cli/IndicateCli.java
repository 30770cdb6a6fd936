package io.indicate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code indicate}: the one command line people and Airflow use. Every step is a subcommand; a usage error
 * or a bad input prints one line naming the problem and exits non-zero (2 for usage, 1 for a failed step).
 *
 * <p>Every command is in this package, each a {@code *Command} class, with the option groups that more than one command
 * takes as picocli mixins ({@link Login}, {@link ServingOptions}, {@link WarehouseOptions}, {@link LockOptions},
 * {@link SecretOptions} ...); the feature packages hold no picocli code. The one exception is {@code airflow}, which lives
 * in the dags module with the Airflow client.
 */
@Command(name = "indicate",
        mixinStandardHelpOptions = true,
        versionProvider = IndicateCli.Version.class,
        description = "Customer-service insights warehouse: telephony and CRM data to KPI marts.",
        subcommands = {
                CommandLine.HelpCommand.class,
                io.indicate.airflow.AirflowCommand.class,
                GenerateCommand.class,
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
                BenchServingCommand.class,
                PublishCommand.class,
                SupersetCommand.class,
                DigestCommand.class,
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
