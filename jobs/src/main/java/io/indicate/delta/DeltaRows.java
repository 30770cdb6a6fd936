package io.indicate.delta;

import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * Every row of a Delta table's latest version, in memory, read with Delta Kernel ({@link KernelTable}: no
 * SparkSession, so reading a small table costs the JVM's start and the table's files rather than Spark's). Values as
 * {@link KernelTable} gives them.
 */
public record DeltaRows(List<String> columns, List<Object[]> rows) {
    /** Reads every row of the Delta table at {@code location} (a folder or URL) through Hadoop's {@code conf}. */
    public static DeltaRows read(String location, Configuration conf) {
        KernelTable table = KernelTable.latest(location, conf);
        List<Object[]> rows = new ArrayList<>();
        table.forEachRow(rows::add);
        return new DeltaRows(table.columns(), rows);
    }
}
