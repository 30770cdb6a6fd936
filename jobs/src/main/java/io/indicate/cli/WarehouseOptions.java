package io.indicate.cli;

import io.indicate.config.Settings;
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
