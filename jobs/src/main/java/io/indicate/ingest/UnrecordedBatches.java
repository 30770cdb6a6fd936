package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * Which ingest batches died before their rows in {@code meta.ingest_log} were written. A batch leaves a marker
 * ({@code _staging/batches/<id>}) when it starts and removes it once recorded; a marker whose batch has no log row
 * names a batch killed half-way. Its rows already in bronze are then not new to the next batch, which would count
 * them as duplicates, so the counts of a run that was killed and re-run would differ from a clean run's. The next
 * batch takes those rows over instead ({@link Warehouse#insertNew(Table, org.apache.spark.sql.Dataset, List, String,
 * Collection)}) and counts them as loaded, once.
 */
public final class UnrecordedBatches {
    static final String FOLDER = StagingFolder.STAGING + "/batches";

    private UnrecordedBatches() {}

    /** The batches that left a marker and no log row; markers of batches that were recorded are removed. */
    public static List<String> find(Warehouse w) {
        Set<String> marked = new TreeSet<>();
        try {
            FileSystem fs = folder(w).getFileSystem(w.spark().sparkContext().hadoopConfiguration());
            for (FileStatus f : fs.listStatus(folder(w))) marked.add(f.getPath().getName());
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder(w) + ": " + e.getMessage(), e);
        }
        if (marked.isEmpty()) return List.of();
        Set<String> recorded = w.read(Table.META_INGEST_LOG).select("batch_id")
                .where(col("batch_id").isin(marked.toArray())).distinct().collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toSet());
        List<String> unrecorded = new ArrayList<>();
        for (String id : marked) {
            if (recorded.contains(id)) remove(w, List.of(id));
            else unrecorded.add(id);
        }
        return unrecorded;
    }

    /** Marks {@code batch} as started. */
    public static void begin(Warehouse w, Batch batch) {
        Path marker = new Path(folder(w), batch.id());
        try {
            marker.getFileSystem(w.spark().sparkContext().hadoopConfiguration()).create(marker, true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    /** {@code batch} is recorded: its marker and those of the batches it took over go. */
    public static void end(Warehouse w, Batch batch) {
        List<String> ids = new ArrayList<>(batch.unrecorded());
        ids.add(batch.id());
        remove(w, ids);
    }

    private static void remove(Warehouse w, Collection<String> ids) {
        try {
            FileSystem fs = folder(w).getFileSystem(w.spark().sparkContext().hadoopConfiguration());
            for (String id : ids) fs.delete(new Path(folder(w), id), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove a batch marker under " + folder(w) + ": " + e.getMessage(), e);
        }
    }

    private static Path folder(Warehouse w) {
        return new Path(w.root() + "/" + FOLDER);
    }
}
