package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Warehouse;

/** An opened warehouse with the settings and pseudonymisation key of the run. */
public record Session(Settings settings, Warehouse warehouse) {
    public static Session open(Settings settings) {
        return new Session(settings, Warehouse.open(SparkSessions.getOrCreate(settings), settings.warehouse()));
    }

    public Pseudonymiser pseudonymiser() {
        return Pseudonymiser.of(settings);
    }
}
