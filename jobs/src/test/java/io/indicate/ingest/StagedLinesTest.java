package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.telephony.QueueLogIngest;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A run that dies after a file's lines are in bronze but before the ingest log marks the file read stores
 * nothing twice when run again, and what a dead run left in the staging folder is removed by the next.
 */
@WarehouseTest
class StagedLinesTest {
    @Test
    void aRunAfterACrashStoresNoLineTwiceAndRemovesTheStagingLeftOver(@TempDir Path dir) throws IOException {
        TestWarehouse wh = new TestWarehouse(dir, Settings.defaults().with().warehouse(dir.resolve("warehouse").toString())
                .ingestChunkLines(3).build());
        QueueLogLines q = QueueLogLines.stockholm();
        for (int i = 0; i < 5; i++) {
            q.at("2026-03-10T10:0" + i + ":00", "c" + i, "support", "NONE", "ENTERQUEUE", "", "+4670" + i, "1");
        }
        wh.write("ql", "queue_log", q.content());
        Path leftOver = Files.createDirectories(dir.resolve("warehouse").resolve(StagedLines.STAGING)
                .resolve("bronze.queue_log").resolve("dead-run"));
        Files.writeString(leftOver.resolve("part-0.parquet"), "half a file");

        // the crashed run: bronze written, quarantine and ingest log not
        List<FileReport> crashed = new QueueLogIngest(wh.warehouse(), 3, IngestLimits.of(wh.settings()))
                .ingest(wh.folder("ql").toString(), Batch.start(ZoneId.of("Europe/Stockholm")), new ArrayList<>());
        assertEquals(5, crashed.get(0).rowsLoaded());
        assertFalse(Files.exists(leftOver), "the dead run's staging is removed");

        wh.ingest(null, wh.folder("ql"));
        Row r = wh.one("select rows_in, rows_loaded, rows_duplicate from meta.ingest_log");
        assertEquals(List.of(5L, 0L, 5L), List.of(r.getLong(0), r.getLong(1), r.getLong(2)), "read again, counted as duplicates");
        assertEquals(5, wh.one("select count(*) from bronze.queue_log").getLong(0), "stored once");
        assertEquals(0, wh.sql("select line_hash from bronze.queue_log group by line_hash having count(*) > 1").size());
        assertFalse(Files.exists(dir.resolve("warehouse").resolve(StagedLines.STAGING).resolve("bronze.queue_log")
                .resolve("dead-run")));
    }
}
