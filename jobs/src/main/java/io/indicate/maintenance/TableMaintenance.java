package io.indicate.maintenance;

import io.delta.tables.DeltaTable;
import io.indicate.progress.Progress;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;

/**
 * Keeps the Delta tables fast and small: OPTIMIZE compacts the many small files that 15-minute loads write;
 * VACUUM deletes files no version within the retention still needs. Neither changes what any query returns.
 */
public final class TableMaintenance {
    /** Delta's own default: readers and time travel within a week stay safe. */
    public static final int DEFAULT_RETAIN_HOURS = 168;

    private final Warehouse warehouse;
    private final Progress progress;

    public TableMaintenance(Warehouse warehouse, Progress progress) {
        this.warehouse = warehouse;
        this.progress = progress;
    }

    public void optimize() {
        for (Table t : Table.values()) {
            progress.step("optimize " + t.qualifiedName(), () -> metric(
                    DeltaTable.forPath(warehouse.spark(), warehouse.location(t)).optimize().executeCompaction(), "numFilesRemoved"));
        }
    }

    public void vacuum(int retainHours) {
        if (retainHours < 0) throw new IllegalArgumentException("--retain-hours must be >= 0, got " + retainHours);
        if (retainHours < DEFAULT_RETAIN_HOURS) {
            progress.line("vacuum: retention " + retainHours + " h is below Delta's safe default of "
                    + DEFAULT_RETAIN_HOURS + " h; a query running longer than that may fail");
            warehouse.spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        }
        for (Table t : Table.values()) {
            progress.step("vacuum " + t.qualifiedName(), () -> {
                DeltaTable.forPath(warehouse.spark(), warehouse.location(t)).vacuum(retainHours);
                return 0;
            });
        }
    }

    private static long metric(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> result, String name) {
        org.apache.spark.sql.Row metrics = result.select("metrics." + name).first();
        return metrics.isNullAt(0) ? 0 : metrics.getLong(0);
    }
}
