package io.indicate.maintenance;

import io.delta.tables.DeltaTable;
import io.indicate.progress.Progress;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.RuntimeConfig;

/**
 * Keeps the Delta tables fast and small: OPTIMIZE compacts the many small files that 15-minute loads write;
 * VACUUM deletes files no version within the retention still needs. Neither changes what any query returns.
 */
public final class TableMaintenance {
    /** Delta's own default: readers and time travel within a week stay safe. */
    public static final int DEFAULT_RETAIN_HOURS = 168;
    /**
     * VACUUM lists a table's files in this many Spark tasks; Spark's default is 10,000, whatever the table's
     * size: on local[2] that is 20-70 s per table even when the table holds three files (26 tables: a quarter of
     * an hour per nightly run, measured on 2 busy cores). Unless it is set in the Spark configuration
     * (spark-submit --conf, or a -D system property), VACUUM lists in as many tasks as the cluster has cores.
     */
    static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    private final Warehouse warehouse;
    private final Progress progress;

    public TableMaintenance(Warehouse warehouse, Progress progress) {
        this.warehouse = warehouse;
        this.progress = progress;
    }

    public void optimize() {
        optimize(Table.values());
    }

    void optimize(Table... tables) {
        for (Table t : tables) {
            progress.step("optimize " + t.qualifiedName(), () -> metric(
                    DeltaTable.forPath(warehouse.spark(), warehouse.location(t)).optimize().executeCompaction(), "numFilesRemoved"));
        }
    }

    public void vacuum(int retainHours) {
        vacuum(retainHours, Table.values());
    }

    /**
     * Deletes at once (retention 0) every file these tables no longer use: for a command that has just rewritten a
     * few tables and must leave nothing of the old rows behind ({@code forget --vacuum}), without the cost of
     * listing every other table. (Delta 3.3's {@code VACUUM ... LITE}, which reads the log instead of listing, left
     * a file a DELETE had removed in place in ErasureTest, so the tables are listed in full.)
     */
    public void vacuum(java.util.Collection<Table> tables) {
        vacuum(0, tables.toArray(new Table[0]));
    }

    void vacuum(int retainHours, Table... tables) {
        if (retainHours < 0) throw new IllegalArgumentException("--retain-hours must be >= 0, got " + retainHours);
        if (retainHours < DEFAULT_RETAIN_HOURS) {
            progress.line("vacuum: retention " + retainHours + " h is below Delta's safe default of "
                    + DEFAULT_RETAIN_HOURS + " h; a query running longer than that may fail");
            warehouse.spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        }
        RuntimeConfig conf = warehouse.spark().conf();
        String before = conf.get(LISTING_PARALLELISM);
        if (!warehouse.spark().sparkContext().getConf().contains(LISTING_PARALLELISM)) {
            conf.set(LISTING_PARALLELISM, String.valueOf(Math.max(1, warehouse.spark().sparkContext().defaultParallelism())));
        }
        try {
            for (Table t : tables) {
                progress.step("vacuum " + t.qualifiedName(), () -> {
                    DeltaTable.forPath(warehouse.spark(), warehouse.location(t)).vacuum(retainHours);
                    return 0;
                });
            }
        } finally {
            conf.set(LISTING_PARALLELISM, before);
        }
    }

    private static long metric(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> result, String name) {
        org.apache.spark.sql.Row metrics = result.select("metrics." + name).first();
        return metrics.isNullAt(0) ? 0 : metrics.getLong(0);
    }
}
