package io.indicate.cli;

import io.indicate.publish.Publisher;
import io.indicate.config.Settings;
import io.indicate.warehouse.WarehouseLock;
import org.apache.hadoop.conf.Configuration;
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
 * {@link Publisher}); how it logs in is {@link ServingOptions}. It reads the warehouse without starting Spark; a
 * warehouse not yet created or migrated to this code's contracts is first opened through Spark, which does that.
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

    @CommandLine.Mixin ServingOptions serving;

    @CommandLine.Mixin LockOptions lock;

    private final UnaryOperator<String> environment;

    public PublishCommand() {
        this(System::getenv);
    }

    /** For tests: reads environment variables from {@code environment} instead of the process. */
    public PublishCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String password = serving.password(environment);
        Settings settings = (config == null ? Settings.defaults() : Settings.load(config)).with().warehouse(warehouse).build();
        if (settings.warehouse() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a warehouse is required: --warehouse DIR or warehouse: in --config");
        }
        // the lock: publish reads one consistent build, never one a build is halfway through rewriting
        try (WarehouseLock held = lock.lock(settings.warehouse(), "publish")) {
            Configuration conf = Session.readWithoutSpark(settings);
            Publisher.Report report = serving.publisher(settings.warehouse(), conf, jdbcUrl, settings, password).publish();
            print(report, spec.commandLine().getOut());
        }
        return 0;
    }

    /** One line per table (dates, rows, seconds), then the access tables and the builds published. */
    public static void print(Publisher.Report report, PrintWriter out) {
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
