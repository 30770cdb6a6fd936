package io.indicate.cli;

import io.indicate.config.Settings;
import io.indicate.privacy.Pseudonymiser;
import io.indicate.spark.SparkSessions;
import io.indicate.warehouse.Warehouse;
import io.indicate.warehouse.WarehouseLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

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

    /**
     * Hadoop's settings for reading the warehouse of {@code settings} without a SparkSession (Delta Kernel), made as
     * Spark makes them ({@code spark.hadoop.*} properties, cloud credentials from the environment). A warehouse not yet
     * created or migrated to this code's contracts is first opened through Spark, which does that, so its tables are
     * created and migrated in one place ({@link #open(Settings)}).
     */
    public static Configuration readWithoutSpark(Settings settings) {
        Configuration conf = hadoopConfiguration();
        if (!Warehouse.contractIsCurrent(settings.warehouse(), conf)) open(settings);
        return conf;
    }

    /** Hadoop's settings as a Spark session would have them ({@code spark.hadoop.*} properties included), without one. */
    public static Configuration hadoopConfiguration() {
        return SparkHadoopUtil.get().newConfiguration(new SparkConf());
    }

    public Pseudonymiser pseudonymiser() {
        return Pseudonymiser.of(settings);
    }
}
