package io.indicate.cli;

import io.indicate.publish.Publisher;
import io.indicate.config.Settings;

import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

import java.time.Clock;

/**
 * How a command logs in to the serving database ({@link Login}) and what it keeps there: the options of
 * {@code publish}, {@code refresh} and {@code forget} besides the JDBC URL.
 */
public final class ServingOptions extends Login {
    @Option(names = "--fact-window-days", paramLabel = "N", defaultValue = "35",
            description = "local days of call-, session- and ticket-level facts kept in serving (default: ${DEFAULT-VALUE})")
    int factWindowDays;

    /** The publisher of {@code warehouse} to {@code jdbcUrl} with these options. */
    public Publisher publisher(Warehouse warehouse, String jdbcUrl, Settings settings, String password) {
        return configured(Publisher.builder(warehouse, jdbcUrl), settings, password);
    }

    /** The publisher of the warehouse under {@code root}, read without Spark through {@code conf}, to {@code jdbcUrl}. */
    public Publisher publisher(String root, Configuration conf, String jdbcUrl, Settings settings, String password) {
        return configured(Publisher.builder(root, conf, jdbcUrl), settings, password);
    }

    private Publisher configured(Publisher.Builder b, Settings settings, String password) {
        return b.user(user()).password(password).factWindowDays(factWindowDays)
                .intervalWindowDays(settings.servingIntervalDays()).today(Clock.systemUTC(), settings.zone()).minTeamAgents(settings.minTeamSize()).build();
    }
}
