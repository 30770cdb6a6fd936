package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.privacy.AnonymousAgents;
import io.indicate.privacy.ErasedSubjects;
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
 * nothing twice when run again and counts the lines once, as loaded; what a dead run left in the staging folder
 * is removed by the next.
 */
@WarehouseTest
class StagedLinesTest {
    @Test
    void aRunAfterACrashStoresNoLineTwiceCountsThemAsLoadedAndRemovesTheStagingLeftOver(@TempDir Path dir) throws IOException {
        TestWarehouse wh = new TestWarehouse(dir, Settings.defaults().with().warehouse(dir.resolve("warehouse").toString())
                .ingestChunkLines(3).build());
        QueueLogLines q = QueueLogLines.stockholm();
        for (int i = 0; i < 5; i++) {
            q.at("2026-03-10T10:0" + i + ":00", "c" + i, "support", "NONE", "ENTERQUEUE", "", "+4670" + i, "1");
        }
        wh.write("ql", "queue_log", q.content());
        Path leftOver = Files.createDirectories(dir.resolve("warehouse").resolve(StagingFolder.STAGING)
                .resolve("bronze.queue_log").resolve("dead-run"));
        Files.writeString(leftOver.resolve("part-0.parquet"), "half a file");

        // the crashed run, as Ingest.run starts it: marked as started, bronze written, quarantine and ingest log not
        Batch dead = Batch.start(ZoneId.of("Europe/Stockholm"));
        UnrecordedBatches.begin(wh.warehouse(), dead);
        List<FileReport> crashed = new QueueLogIngest(wh.warehouse(), 3, IngestLimits.of(wh.settings()), ErasedSubjects.NONE,
                new AnonymousAgents(ErasedSubjects.NONE, ZoneId.of("UTC")))
                .ingest(wh.folder("ql").toString(), dead, new ArrayList<>());
        assertEquals(5, crashed.get(0).rowsLoaded());
        assertFalse(Files.exists(leftOver), "the dead run's staging is removed");
        assertEquals(List.of(dead.id()), UnrecordedBatches.find(wh.warehouse()));

        Batch rerun = wh.ingest(null, wh.folder("ql"));
        assertEquals(List.of(dead.id()), rerun.unrecorded());
        Row r = wh.one("select rows_in, rows_loaded, rows_duplicate from meta.ingest_log");
        assertEquals(List.of(5L, 5L, 0L), List.of(r.getLong(0), r.getLong(1), r.getLong(2)),
                "read again and counted as loaded, as a run that was not killed counts them");
        assertEquals(5, wh.one("select count(*) from bronze.queue_log").getLong(0), "stored once");
        assertEquals(0, wh.sql("select line_hash from bronze.queue_log group by line_hash having count(*) > 1").size());
        assertEquals(List.of(rerun.id()), wh.sql("select distinct _batch_id from bronze.queue_log").stream().map(x -> x.getString(0)).toList(),
                "the rows belong to the batch that recorded them");
        assertEquals(List.of(), UnrecordedBatches.find(wh.warehouse()), "the markers are gone once recorded");
        assertFalse(Files.exists(dir.resolve("warehouse").resolve(StagingFolder.STAGING).resolve("bronze.queue_log")
                .resolve("dead-run")));

        // the same lines delivered again in another file are duplicates: only a dead batch's rows are taken over
        // (a line of its own first, so it is not the file read before, rotated)
        QueueLogLines other = QueueLogLines.stockholm();
        other.at("2026-03-10T09:59:00", "c9", "support", "NONE", "ENTERQUEUE", "", "+46709", "1");
        wh.write("ql2", "queue_log", other.content() + q.content());
        wh.ingest(null, wh.folder("ql2"));
        Row again = wh.one("select rows_in, rows_loaded, rows_duplicate from meta.ingest_log where file_name like '%ql2/queue_log'");
        assertEquals(List.of(6L, 1L, 5L), List.of(again.getLong(0), again.getLong(1), again.getLong(2)));

        // a file of lines bronze holds already (another content: a part of the first file) stores and counts nothing new
        String[] held = q.content().split("\n");
        wh.write("ql3", "queue_log", held[1] + "\n" + held[3] + "\n");
        wh.ingest(null, wh.folder("ql3"));
        Row none = wh.one("select rows_in, rows_loaded, rows_duplicate from meta.ingest_log where file_name like '%ql3/queue_log'");
        assertEquals(List.of(2L, 0L, 2L), List.of(none.getLong(0), none.getLong(1), none.getLong(2)));
        assertEquals(6, wh.one("select count(*) from bronze.queue_log").getLong(0));
    }
}
