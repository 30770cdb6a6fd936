package io.indicate.publish;

import io.indicate.delta.KernelTable;
import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.conf.Configuration;

import java.util.EnumMap;
import java.util.Map;

/**
 * The warehouse tables one publish run reads, with Delta Kernel ({@link KernelTable}): no Spark job, so a run that
 * copies a few changed dates costs those dates' files and the JDBC statements. Each table is read at the version its
 * log has when the run first reads it, and that version is kept for the rest of the run.
 */
final class WarehouseTables {
    private final String root;
    private final Configuration conf;
    private final Map<Table, KernelTable> opened = new EnumMap<>(Table.class);

    /** The warehouse under {@code root} (a folder or URL, as {@code --warehouse} takes it), read through {@code conf}. */
    WarehouseTables(String root, Configuration conf) {
        this.root = root;
        this.conf = conf;
    }

    KernelTable table(Table t) {
        return opened.computeIfAbsent(t, x -> KernelTable.latest(Warehouse.location(root, x), conf));
    }
}
