package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The queue_log and CDR files of one run are written together: one commit per bronze table for the whole run,
 * however many files it reads. A line in two files of the run is stored once and counts as loaded at the first
 * file read (rotations oldest first: {@code queue_log.1} before {@code queue_log}), as a duplicate at the other;
 * a line twice in one file counts at its first line. Every file's counts add up, and a run with a chunk of one
 * line (staged after every line) gives the same rows and counts.
 */
@WarehouseTest
class RunWriteTest {

    /** Two rotations of queue_log sharing one line, a line twice within the newer one; two CDR files sharing a call. */
    private static TestWarehouse land(Path dir, int chunk) throws IOException {
        TestWarehouse wh = new TestWarehouse(dir, Settings.defaults().with().warehouse(dir.resolve("warehouse").toString())
                .ingestChunkLines(chunk).build());
        QueueLogLines older = QueueLogLines.stockholm()
                .at("2026-03-10T10:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46701", "1")
                .at("2026-03-10T10:00:05", "c1", "support", "PJSIP/201", "CONNECT", "5", "b1", "1")
                .at("2026-03-10T10:01:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702", "1");
        QueueLogLines newer = QueueLogLines.stockholm()
                .at("2026-03-10T10:01:00", "c2", "support", "NONE", "ENTERQUEUE", "", "+46702", "1")
                .at("2026-03-11T09:00:00", "c3", "support", "NONE", "ENTERQUEUE", "", "+46703", "1")
                .at("2026-03-11T09:00:00", "c3", "support", "NONE", "ENTERQUEUE", "", "+46703", "1")
                .text("not a queue_log line");
        wh.write("ql", "queue_log.1", older.content());
        wh.write("ql", "queue_log", newer.content());
        wh.write("cdr", "Master-a.csv", String.format(ChunkedIngestTest.CDR, 1, 1, 0, 1) + "\n"
                + String.format(ChunkedIngestTest.CDR, 2, 2, 0, 2) + "\n");
        wh.write("cdr", "Master-b.csv", String.format(ChunkedIngestTest.CDR, 2, 2, 0, 2) + "\n"
                + String.format(ChunkedIngestTest.CDR, 3, 3, 1, 3) + "\n");
        return wh;
    }

    private static long[] ingestCountingCommits(TestWarehouse wh) throws IOException {
        long queueLog = wh.warehouse().version(Table.BRONZE_QUEUE_LOG);
        long cdr = wh.warehouse().version(Table.BRONZE_CDR);
        new Ingest(wh.warehouse(), wh.settings(), Progress.silent())
                .run(null, wh.folder("ql").toString(), wh.folder("cdr").toString(), null);
        return new long[]{wh.warehouse().version(Table.BRONZE_QUEUE_LOG) - queueLog, wh.warehouse().version(Table.BRONZE_CDR) - cdr};
    }

    private static List<String> counts(TestWarehouse wh) {
        return wh.sql("select regexp_extract(file_name, '[^/]+$', 0), rows_in, rows_loaded, rows_duplicate, rows_quarantined"
                        + " from meta.ingest_log order by file_name").stream()
                .map(r -> r.getString(0) + ": " + r.getLong(1) + " in, " + r.getLong(2) + " loaded, " + r.getLong(3)
                        + " duplicate, " + r.getLong(4) + " quarantined").toList();
    }

    /** Where each stored line came from: file name and line number, sorted. */
    private static List<String> origins(TestWarehouse wh, String table) {
        return wh.sql("select concat(regexp_extract(_source_file, '[^/]+$', 0), ':', _source_line) as o from " + table + " order by o")
                .stream().map(r -> r.getString(0)).toList();
    }

    @Test
    void aRunIsOneCommitPerTableAndALineCountsAtItsFirstFile(@TempDir Path dir) throws IOException {
        TestWarehouse wh = land(dir, Settings.defaults().ingestChunkLines());
        long[] commits = ingestCountingCommits(wh);
        assertEquals(1, commits[0], "one commit to bronze.queue_log for two files");
        assertEquals(1, commits[1], "one commit to bronze.cdr for two files");
        assertEquals(List.of(
                "Master-a.csv: 2 in, 2 loaded, 0 duplicate, 0 quarantined",
                "Master-b.csv: 2 in, 1 loaded, 1 duplicate, 0 quarantined",
                "queue_log: 4 in, 1 loaded, 2 duplicate, 1 quarantined",
                "queue_log.1: 3 in, 3 loaded, 0 duplicate, 0 quarantined"), counts(wh));
        assertEquals(List.of("queue_log.1:1", "queue_log.1:2", "queue_log.1:3", "queue_log:2"), origins(wh, "bronze.queue_log"),
                "the shared line stored from the older rotation, the repeated one at its first line");
        assertEquals(List.of("Master-a.csv:1", "Master-a.csv:2", "Master-b.csv:2"), origins(wh, "bronze.cdr"));

        long[] again = ingestCountingCommits(wh);
        assertEquals(0, again[0] + again[1], "a run with nothing new commits nothing");
    }

    @Test
    void stagingAfterEveryLineGivesTheSameRowsAndCounts(@TempDir Path dir) throws IOException {
        TestWarehouse together = land(dir.resolve("together"), Settings.defaults().ingestChunkLines());
        TestWarehouse perLine = land(dir.resolve("per-line"), 1);
        ingestCountingCommits(together);
        long[] commits = ingestCountingCommits(perLine);
        assertEquals(1, commits[0], "staged in chunks of one line, still one commit");
        assertEquals(counts(together), counts(perLine));
        assertEquals(origins(together, "bronze.queue_log"), origins(perLine, "bronze.queue_log"));
        assertEquals(origins(together, "bronze.cdr"), origins(perLine, "bronze.cdr"));
    }
}
