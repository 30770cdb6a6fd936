package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.warehouse.WarehouseLock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every warehouse step takes: a YAML settings file, and flags that override it. */
public final class WarehouseOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings (warehouse path, time zone, thresholds, ...)")
    Path config;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "warehouse root: a folder, or s3a:// abfss:// hdfs:// URL")
    String warehouse;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "local time zone of the contact centre (default Europe/Stockholm)")
    String timezone;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master (default local[2]; spark-submit sets its own)")
    String sparkMaster;

    @Mixin LockOptions lock;

    /** Takes the writer lock of the settings' warehouse for {@code step} (see {@link WarehouseLock}). */
    public WarehouseLock lock(Settings settings, String step) {
        return lock.lock(settings.warehouse(), step);
    }

    /** A step's work on an opened warehouse; returns the exit code. */
    @FunctionalInterface
    public interface Work {
        int run(Session session) throws Exception;
    }

    /** Opens the warehouse of {@code settings} under its writer lock for {@code step} and runs {@code work}; the
     * lock is released when it ends, however it ends. */
    public int writing(String step, Settings settings, Work work) throws Exception {
        try (WarehouseLock held = lock(settings, step)) {
            return work.run(Session.open(settings));
        }
    }

    /** The settings: defaults, then the config file, then the flags. */
    public Settings settings() {
        Settings base = config == null ? Settings.defaults() : Settings.load(config);
        Settings s = base.with().warehouse(warehouse).timezone(timezone).sparkMaster(sparkMaster).build();
        if (s.warehouse() == null) {
            throw new IllegalArgumentException("no warehouse: give --warehouse DIR or 'warehouse:' in --config FILE");
        }
        return s;
    }
}
