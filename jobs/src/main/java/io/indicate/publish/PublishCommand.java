package io.indicate.publish;

import io.indicate.config.Settings;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Warehouse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code indicate publish}: copies what the last builds changed to the serving database (see
 * {@link Publisher}). The database password is read from the environment variable named by
 * {@code --password-env}; there is no flag that takes a password, so it never lands in a shell history or
 * a process list, and it is never printed.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish the gold marts, recent facts and access tables to PostgreSQL schema serving.")
public final class PublishCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "warehouse root (overrides the config file)")
    String warehouse;

    @Option(names = "--config", paramLabel = "FILE", description = "settings YAML")
    Path config;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL", description = "e.g. jdbc:postgresql://host:5432/indicate")
    String jdbcUrl;

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

    private final UnaryOperator<String> environment;

    public PublishCommand() {
        this(System::getenv);
    }

    /** For tests: reads environment variables from {@code environment} instead of the process. */
    PublishCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (refusedPassword != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--password is not accepted: put the password in an environment variable and name it with --password-env");
        }
        Settings settings = (config == null ? Settings.defaults() : Settings.load(config)).with().warehouse(warehouse).build();
        if (settings.warehouse() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a warehouse is required: --warehouse DIR or warehouse: in --config");
        }
        String password = null;
        if (passwordEnv != null) {
            password = environment.apply(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("environment variable " + passwordEnv + " (named by --password-env) is not set");
            }
        }
        Warehouse w = Warehouse.open(SparkSessions.getOrCreate(settings), settings.warehouse());
        Publisher.Report report = Publisher.builder(w, jdbcUrl)
                .user(user).password(password)
                .factWindowDays(factWindowDays)
                .today(java.time.Clock.systemUTC(), settings.zone())
                .build()
                .publish();
        print(report, spec.commandLine().getOut());
        return 0;
    }

    static void print(Publisher.Report report, PrintWriter out) {
        for (Publisher.TableResult t : report.tables()) {
            if (!t.changed()) {
                out.printf(Locale.ROOT, "%-22s unchanged%n", t.table());
            } else {
                out.printf(Locale.ROOT, "%-22s %d date(s) replaced, %d rows, %.1f s%s%s%n", t.table(), t.datesReplaced(),
                        t.rows(), t.seconds(), t.created() ? " (table created)" : "", t.expiredOldDays() ? " (old days expired)" : "");
            }
        }
        out.println("access tables          " + (report.accessTablesReplaced() ? "replaced" : "unchanged"));
        out.println(report.buildsPublished().isEmpty() ? "no new build to publish"
                : "builds published: " + String.join(", ", report.buildsPublished()));
        out.flush();
    }
}
