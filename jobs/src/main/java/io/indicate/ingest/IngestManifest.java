package io.indicate.ingest;

import io.indicate.warehouse.Table;
import io.indicate.warehouse.Warehouse;
import org.apache.spark.sql.Row;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * What earlier batches read of one source, from {@code meta.ingest_log}: the checksums of contents already
 * loaded (a re-delivered file is a no-op under any name) and, per file name, how far the last batch read
 * (so a file Asterisk is still appending to is read from there on).
 */
public final class IngestManifest {
    /** How far a file was read: its first {@code bytes} bytes, {@code lines} lines, with that checksum. */
    public record Consumed(long bytes, long lines, String prefixChecksum) {}

    private final Map<String, String> fileByChecksum;
    private final Map<String, Consumed> lastByName;

    private IngestManifest(Map<String, String> fileByChecksum, Map<String, Consumed> lastByName) {
        this.fileByChecksum = fileByChecksum;
        this.lastByName = lastByName;
    }

    public static IngestManifest load(Warehouse warehouse, String source) {
        List<Row> rows = warehouse.read(Table.META_INGEST_LOG)
                .filter(col("source").equalTo(source))
                .select("file_name", "file_checksum", "bytes_consumed", "lines_consumed", "prefix_checksum", "ingested_at")
                .orderBy("ingested_at", "file_name")
                .collectAsList();
        Map<String, String> byChecksum = new HashMap<>();
        Map<String, Consumed> byName = new HashMap<>();
        for (Row r : rows) {
            byChecksum.putIfAbsent(r.getString(1), r.getString(0));
            if (r.getLong(2) > 0) {
                byName.put(r.getString(0), new Consumed(r.getLong(2), r.getLong(3), r.getString(4)));
            }
        }
        return new IngestManifest(byChecksum, byName);
    }

    /** The file an identical content was first loaded from, if any. */
    public Optional<String> alreadyLoaded(String checksum) {
        return Optional.ofNullable(fileByChecksum.get(checksum));
    }

    public Optional<Consumed> lastRead(String fileName) {
        return Optional.ofNullable(lastByName.get(fileName));
    }

    /** Records a file of the running batch, so a second copy in the same batch is skipped too. */
    public void remember(String fileName, String checksum) {
        fileByChecksum.putIfAbsent(checksum, fileName);
    }

    public Set<String> checksums() {
        return new HashSet<>(fileByChecksum.keySet());
    }
}
