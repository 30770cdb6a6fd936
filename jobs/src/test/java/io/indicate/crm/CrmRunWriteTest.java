package io.indicate.crm;

import io.indicate.config.Settings;
import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
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
 * The pages of one CRM run are written together: one commit per bronze table for the whole run (not one per page),
 * and the same rows and per-page counts as page-by-page writing gives, which a run with a chunk of one record (a
 * write after every page) still does. Two pages in one folder: the second repeats a version of the first, brings a
 * new version of the same ticket and repeats one version twice within itself.
 */
@WarehouseTest
class CrmRunWriteTest {
    private static final String PAGE_A = """
            {"tickets": [
              {"id": 5, "created_at": "2026-03-12T08:00:00Z", "updated_at": "2026-03-12T08:10:00Z", "status": "open", "assignee_id": 101},
              {"id": 6, "created_at": "2026-03-12T08:05:00Z", "updated_at": "2026-03-12T08:20:00Z", "status": "open", "assignee_id": 102}
            ]}
            """;
    private static final String PAGE_B = """
            {"tickets": [
              {"id": 5, "created_at": "2026-03-12T08:00:00Z", "updated_at": "2026-03-12T08:10:00Z", "status": "open", "assignee_id": 101},
              {"id": 5, "created_at": "2026-03-12T08:00:00Z", "updated_at": "2026-03-12T11:00:00Z", "status": "solved", "assignee_id": 101},
              {"id": 7, "created_at": "2026-03-12T09:00:00Z", "updated_at": "2026-03-12T09:30:00Z", "status": "new"},
              {"id": 7, "created_at": "2026-03-12T09:00:00Z", "updated_at": "2026-03-12T09:30:00Z", "status": "new"}
            ], "end_of_stream": true}
            """;

    @Test
    void aRunIsOneCommitPerTableAndAVersionCountsAtItsFirstPage(@TempDir Path dir) throws IOException {
        Run run = run(dir, Settings.defaults().ingestChunkLines());
        TestWarehouse wh = run.wh();
        assertEquals(List.of("p-a.json: 2 in, 2 loaded, 0 duplicate", "p-b.json: 4 in, 2 loaded, 2 duplicate"), counts(wh));
        assertEquals("[[5,2026-03-12 08:10:00,p-a.json,0], [5,2026-03-12 11:00:00,p-b.json,1], [6,2026-03-12 08:20:00,p-a.json,1],"
                        + " [7,2026-03-12 09:30:00,p-b.json,2]]",
                wh.sql("select id, cast(updated_at as string), regexp_extract(_source_file, '[^/]+$', 0), _source_line"
                        + " from bronze.crm_ticket order by id, updated_at").toString());
        assertEquals(1, run.ticketCommits(), "one commit for the two pages");
    }

    @Test
    void writingAfterEveryPageGivesTheSameRowsAndCounts(@TempDir Path dir) throws IOException {
        Run togetherRun = run(dir.resolve("together"), Settings.defaults().ingestChunkLines());
        Run perPageRun = run(dir.resolve("per-page"), 1);
        TestWarehouse together = togetherRun.wh();
        TestWarehouse perPage = perPageRun.wh();
        assertEquals(counts(together), counts(perPage));
        assertEquals(together.snapshot(Table.BRONZE_CRM_TICKET).stream().map(CrmRunWriteTest::withoutRunColumns).toList(),
                perPage.snapshot(Table.BRONZE_CRM_TICKET).stream().map(CrmRunWriteTest::withoutRunColumns).toList());
        assertEquals(2, perPageRun.ticketCommits(), "a chunk of one record writes after each page");
    }

    /** A warehouse after one CRM run over the two pages, and the commits the run made to {@code bronze.crm_ticket}. */
    private record Run(TestWarehouse wh, long ticketCommits) {}

    private static Run run(Path dir, int chunk) throws IOException {
        TestWarehouse wh = new TestWarehouse(dir, Settings.defaults().with().warehouse(dir.resolve("warehouse").toString())
                .ingestChunkLines(chunk).build());
        wh.write("crm", "p-a.json", PAGE_A);
        wh.write("crm", "p-b.json", PAGE_B);
        long before = wh.warehouse().version(Table.BRONZE_CRM_TICKET);
        new Ingest(wh.warehouse(), wh.settings(), Progress.silent()).run(null, null, null, wh.folder("crm").toString());
        return new Run(wh, wh.warehouse().version(Table.BRONZE_CRM_TICKET) - before);
    }

    private static List<String> counts(TestWarehouse wh) {
        return wh.sql("select regexp_extract(file_name, '[^/]+$', 0), rows_in, rows_loaded, rows_duplicate from meta.ingest_log"
                + " where source = 'crm' order by file_name").stream()
                .map(r -> r.getString(0) + ": " + r.getLong(1) + " in, " + r.getLong(2) + " loaded, " + r.getLong(3) + " duplicate").toList();
    }

    /** A bronze row's text without the columns that differ between two runs (folder, ingest time, batch id). */
    private static String withoutRunColumns(String row) {
        return row.replaceAll("/[^,\\]]*/(p-[ab]\\.json)", "$1").replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+", "T")
                .replaceAll("\\d{8}T\\d{6}Z-[0-9a-f]{8}", "B");
    }
}
