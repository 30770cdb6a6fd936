package io.indicate.ingest;

import io.indicate.config.Settings;
import io.indicate.progress.Progress;
import io.indicate.testing.QueueLogLines;
import io.indicate.testing.TestWarehouse;
import io.indicate.testing.WarehouseTest;
import io.indicate.warehouse.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file larger than the ingest chunk ({@code ingest_chunk_lines}) lands exactly as if it were read whole:
 * the same bronze rows and line numbers, the same quarantine records and reasons, the same counts, offsets
 * and checksums, also when the file grows and is read again from where it stopped. Two warehouses receive
 * the same deliveries, one with a chunk of 7 lines and one with a chunk larger than any file.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkedIngestTest {
    /** A cdr-csv line of SOURCES.md: dst digit, channel digit, start day digit, uniqueid. */
    static final String CDR = "\"\",\"201\",\"+4670123456%d\",\"from-internal\",\"\"\"Berg, Anna\"\" <201>\","
            + "\"PJSIP/201-0000000%d\",\"PJSIP/trunk-00000002\",\"Dial\",\"PJSIP/+46701234567@trunk,30\","
            + "\"2026-03-1%d 23:50:00\",\"2026-03-10 23:50:10\",\"2026-03-11 00:00:10\",610,600,\"ANSWERED\","
            + "\"DOCUMENTATION\",\"1773183000.%d\",\"\"";

    TestWarehouse chunked;
    TestWarehouse whole;

    @BeforeAll
    void deliverTheSameFilesToBoth(@TempDir Path dir) throws IOException {
        String first = queueLog(0) + "1773136800|half-written|sup";
        String rest = "port|NONE|ENTERQUEUE||+46709|1\n" + queueLog(1);
        StringBuilder cdr = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            cdr.append(String.format(CDR, i % 10, i % 10, i % 3, i)).append('\n');
            if (i % 4 == 0) cdr.append(String.format(CDR, i % 10, i % 10, i % 3, i)).append('\n');
            if (i % 5 == 0) cdr.append("\"broken,\"csv\n");
        }
        chunked = new TestWarehouse(dir.resolve("chunked"), settings(dir.resolve("chunked"), 7));
        whole = new TestWarehouse(dir.resolve("whole"), settings(dir.resolve("whole"), Integer.MAX_VALUE));
        for (TestWarehouse wh : List.of(chunked, whole)) {
            wh.write("ql", "queue_log", first);
            wh.writeGzip("ql", "queue_log.1.gz", queueLog(2) + "1773136800|no newline at the end of a rotation|support|NONE|ENTERQUEUE||+46708|1");
            wh.write("cdr", "Master.csv", cdr.toString());
            ingest(wh);
            Files.writeString(wh.folder("ql").resolve("queue_log"), rest, StandardOpenOption.APPEND);
            ingest(wh);
        }
    }

    /** Events of a day with everything awkward: a repeated line, garbage, blank lines, a bad number. */
    private static String queueLog(int day) {
        QueueLogLines q = QueueLogLines.stockholm();
        String date = "2026-03-1" + day;
        for (int i = 0; i < 9; i++) {
            String call = "c" + day + "-" + i;
            q.at(date + "T10:0" + i + ":00", call, "support", "NONE", "ENTERQUEUE", "", "+4670" + i, "1")
                    .at(date + "T10:0" + i + ":05", call, "support", "PJSIP/201", "CONNECT", "5", "b" + i, "1")
                    .at(date + "T10:0" + i + ":05", call, "support", "PJSIP/201", "CONNECT", "5", "b" + i, "1")
                    .text("garbage " + day + "-" + i)
                    .text("")
                    .at(date + "T10:0" + i + ":09", call, "support", "PJSIP/201", "CONNECT", "x" + i, "b", "1")
                    .at(date + "T10:0" + i + ":50", call, "support", "PJSIP/201", "COMPLETEAGENT", "5", "45", "1");
        }
        return q.content();
    }

    private static Settings settings(Path root, int chunkLines) {
        return Settings.defaults().with().warehouse(root.resolve("warehouse").toString()).ingestChunkLines(chunkLines).build();
    }

    private static void ingest(TestWarehouse wh) {
        try {
            new Ingest(wh.warehouse(), wh.settings(), Progress.silent())
                    .run(null, wh.folder("ql").toString(), wh.folder("cdr").toString(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A table's rows as sorted text, without the batch's id and time, file paths cut to the file name (the two
     * warehouses' landing folders differ).
     */
    private static List<String> rows(TestWarehouse wh, Table table, String fileColumn) {
        Dataset<Row> df = wh.table(table).drop("_ingested_at", "_batch_id", "batch_id", "ingested_at", "ingested_date_local")
                .withColumn(fileColumn, element_at(split(col(fileColumn), "/"), -1));
        return df.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private void assertSame(Table table, String fileColumn) {
        List<String> expected = rows(whole, table, fileColumn);
        assertFalse(expected.isEmpty(), table.qualifiedName());
        assertEquals(expected, rows(chunked, table, fileColumn), table.qualifiedName());
    }

    @Test
    void bronzeHoldsTheSameRowsWithTheSameLineNumbers() {
        assertSame(Table.BRONZE_QUEUE_LOG, "_source_file");
        assertSame(Table.BRONZE_CDR, "_source_file");
    }

    @Test
    void quarantineHoldsTheSameRecordsAndReasons() {
        assertSame(Table.BRONZE_QUARANTINE, "_source_file");
        assertTrue(chunked.sql("select * from bronze.quarantine where source = 'queue_log'").size() > 7,
                "more bad lines than a chunk: quarantine is written before the file ends");
    }

    @Test
    void theIngestLogHasTheSameCountsOffsetsAndChecksums() {
        assertSame(Table.META_INGEST_LOG, "file_name");
        List<Row> grown = chunked.sql("select rows_in, rows_loaded, rows_duplicate, rows_quarantined, rows_pending"
                + " from meta.ingest_log where file_name like '%/queue_log' order by ingested_at");
        assertEquals(2, grown.size(), "the plain file was read twice: half-written, then grown");
        for (Row r : grown) assertEquals(r.getLong(0), r.getLong(1) + r.getLong(2) + r.getLong(3), r.toString());
        assertEquals(1, grown.get(0).getLong(4), "the half-written line waited");
        assertEquals(0, grown.get(1).getLong(4));
        assertEquals(2 * 9 * 6 + 1, grown.get(0).getLong(0) + grown.get(1).getLong(0),
                "every non-blank line of both reads, the completed half-written line once");
    }
}
