package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Warehouse;
import io.indicate.warehouse.WarehouseLock;

import java.util.function.Supplier;

/** An opened warehouse with the settings and pseudonymisation key of the run. */
public record Session(Settings settings, Warehouse warehouse) {
    /** Opens the warehouse of {@code settings}; the caller holds its writer lock. */
    public static Session open(Settings settings) {
        return new Session(settings, Warehouse.open(SparkSessions.getOrCreate(settings), settings.warehouse()));
    }

    /**
     * Opens the warehouse of {@code settings} for a step that does not hold its writer lock: creating or migrating
     * tables, when the contract changed, happens under the lock {@code writerLock} takes ({@link Warehouse#open(
     * org.apache.spark.sql.SparkSession, String, java.util.function.Supplier)}).
     */
    public static Session open(Settings settings, Supplier<WarehouseLock> writerLock) {
        return new Session(settings, Warehouse.open(SparkSessions.getOrCreate(settings), settings.warehouse(), writerLock));
    }

    public Pseudonymiser pseudonymiser() {
        return Pseudonymiser.of(settings);
    }
}
