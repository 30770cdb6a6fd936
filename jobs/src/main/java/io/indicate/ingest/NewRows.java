package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Stores the rows an ingest run found new, in one commit, and counts them per source file: the usual run's write
 * (no dead batch to take over) into a bronze table with {@code _source_file} and {@code _batch_id}. The rows are
 * appended (ingest holds the warehouse's writer lock, so nothing is written between the run's read of what the
 * table holds and this commit) and then counted among the rows the run's batch wrote: one pass over what the table
 * holds, where an insert-only MERGE and a count beside it made two.
 */
public final class NewRows {
    private NewRows() {
    }

    /**
     * Appends {@code fresh} (rows of {@code table}'s columns, each of batch {@code batchId} and of one of
     * {@code files}) and returns how many each file got. {@code scope}, a condition on the table (or null), holds
     * every row appended, so the count reads only those partitions. Fails when the commit's own count differs from
     * the files' sum (a defect of the count: the rows are stored once either way).
     */
    public static Map<String, Long> append(Warehouse warehouse, Table table, Dataset<Row> fresh, String batchId, String scope,
                                           Collection<String> files) {
        long written = warehouse.append(table, fresh);
        Dataset<Row> ours = warehouse.read(table);
        if (scope != null) ours = ours.where(scope);
        Map<String, Long> loaded = new HashMap<>();
        long counted = 0;
        for (Row r : ours.where(col("_batch_id").equalTo(batchId)).where(col("_source_file").isin(files.toArray()))
                .groupBy("_source_file").count().collectAsList()) {
            loaded.put(r.getString(0), r.getLong(1));
            counted += r.getLong(1);
        }
        checkCount(table, written, counted);
        return loaded;
    }

    /**
     * Fails when a write's own count of new rows differs from the sources' sum (a defect of the count, not of the
     * data: the rows are stored once either way).
     */
    public static void checkCount(Table table, long written, long counted) {
        if (written != counted) {
            throw new IllegalStateException(table.qualifiedName() + ": " + written + " new row(s) written where " + counted
                    + " were counted (a defect of the count, not of the data: the rows are stored once)");
        }
    }
}
