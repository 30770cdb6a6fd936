package io.indicate.spark;

import io.indicate.config.Settings;
import org.apache.spark.sql.SparkSession;

/**
 * The one way the project obtains a SparkSession: Delta enabled, UTC session time zone (local time is always
 * derived explicitly from the configured zone), few shuffle partitions. Under spark-submit the master comes
 * from the submitter; on a laptop it defaults to local[2]. A {@code spark.*} JVM system property (what
 * {@code spark-submit --conf} sets, and what the test JVM sets for test-sized sessions) wins over the value
 * chosen here.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession getOrCreate(Settings settings) {
        SparkSession.Builder b = SparkSession.builder()
                .appName("indicate")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.sources.partitionOverwriteMode", "static")
                .config("spark.databricks.delta.schema.autoMerge.enabled", "false");
        unlessGiven(b, "spark.sql.shuffle.partitions", String.valueOf(settings.shufflePartitions()));
        unlessGiven(b, "spark.sql.adaptive.enabled", "true");
        unlessGiven(b, "spark.ui.enabled", "false");
        unlessGiven(b, "spark.databricks.delta.snapshotPartitions", "2");
        // a view several models read is cached for the build (the queue_log's events: millions of rows): compressing
        // the cache costs more CPU than reading it back saves (README, Benchmark: "their shared view cached uncompressed")
        unlessGiven(b, "spark.sql.inMemoryColumnarStorage.compressed", "false");
        // Delta 3.3 writes the file list of a small table into each commit's checksum file, a list no read of it uses:
        // for a table's first commit that list is collected by a Spark job over the empty table, which made creating
        // a new warehouse's tables half of a first run's CPU (README, Benchmark: "a new warehouse's tables")
        unlessGiven(b, "spark.databricks.delta.allFilesInCrc.enabled", "false");
        // the plan text of every query is rendered for the listeners even without a UI: the short form is cheaper
        unlessGiven(b, "spark.sql.ui.explainMode", "simple");
        String master = settings.sparkMaster();
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null && System.getenv("SPARK_MASTER") == null) {
            master = "local[2]";
            b.master(master)
                    // a laptop run talks to itself only: no lookup of the host's network name
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        } else {
            master = System.getProperty("spark.master", System.getenv("SPARK_MASTER"));
        }
        if (master.startsWith("local")) {
            // local files without a process started per file created or renamed (LocalFileSystemWithoutForks)
            unlessGiven(b, "spark.hadoop.fs.file.impl", LocalFileSystemWithoutForks.class.getName());
            unlessGiven(b, "spark.hadoop.fs.AbstractFileSystem.file.impl", LocalFsWithoutForks.class.getName());
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        spark.conf().set("spark.sql.shuffle.partitions",
                System.getProperty("spark.sql.shuffle.partitions", String.valueOf(settings.shufflePartitions())));
        return spark;
    }

    private static void unlessGiven(SparkSession.Builder b, String key, String value) {
        b.config(key, System.getProperty(key, value));
    }
}
