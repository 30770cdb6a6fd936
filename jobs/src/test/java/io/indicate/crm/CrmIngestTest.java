package io.indicate.crm;

import io.indicate.testing.WarehouseTest;
import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CRM pages to bronze: versions stored once, unknown fields kept, bad pages and records quarantined, counts
 * that add up. Two batches: the first lands three pages (one not JSON), the second a renamed copy of a page
 * already loaded and a page that repeats one version and brings a new one.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrmIngestTest {
    static final String TICKETS_1 = """
            {"tickets": [
              {"id": 1, "created_at": "2026-03-10T08:00:00Z", "updated_at": "2026-03-10T09:00:00Z", "status": "open",
               "assignee_id": 101, "group_id": 7, "requester_id": 9001, "via": {"channel": "email"}, "tags": ["vip"],
               "description": "my order is late", "custom_score": 42},
              {"id": 2, "created_at": "2026-03-10T08:30:00Z", "updated_at": "2026-03-10T10:00:00Z", "status": "solved",
               "assignee_id": 102, "requester_id": 9002, "via": {"channel": "web"}},
              {"created_at": "2026-03-10T08:30:00Z", "updated_at": "2026-03-10T10:00:00Z", "status": "new"},
              {"id": 4, "updated_at": "yesterday"}
            ], "after_cursor": "abc", "end_of_stream": false}
            """;
    static final String TICKETS_2 = """
            {"tickets": [
              {"id": 2, "created_at": "2026-03-10T08:30:00Z", "updated_at": "2026-03-10T10:00:00Z", "status": "solved",
               "assignee_id": 102, "requester_id": 9002, "via": {"channel": "web"}},
              {"id": 1, "created_at": "2026-03-10T08:00:00Z", "updated_at": "2026-03-11T09:00:00Z", "status": "solved",
               "assignee_id": 101, "requester_id": 9001, "via": {"channel": "email"}}
            ], "end_of_stream": true}
            """;
    static final String RATINGS = """
            {"satisfaction_ratings": [
              {"id": 50, "ticket_id": 2, "assignee_id": 102, "score": "bad", "comment": "slow!",
               "created_at": "2026-03-10T12:00:00Z", "updated_at": "2026-03-10T12:00:00Z"}
            ]}
            """;

    TestWarehouse wh;
    Ingest ingest;

    @BeforeAll
    void twoBatches(@TempDir Path dir) throws IOException {
        wh = new TestWarehouse(dir);
        ingest = new Ingest(wh.warehouse(), wh.settings(), Progress.silent());
        wh.write("crm1", "tickets-001.json", TICKETS_1);
        wh.write("crm1", "ratings-001.json", RATINGS);
        wh.write("crm1", "tickets-002.json", "{\"tickets\": [{\"id\": 3, \"updated_at\": ");
        ingest.run(null, null, null, wh.folder("crm1").toString());
        wh.write("crm2", "copy-of-tickets-001.json", TICKETS_1);
        wh.write("crm2", "tickets-003.json", TICKETS_2);
        ingest.run(null, null, null, wh.folder("crm2").toString());
    }

    @Test
    void eachVersionOfATicketIsStoredOnceHoweverOftenItIsDelivered() {
        List<Row> rows = wh.sql("select id, cast(updated_at as string) from bronze.crm_ticket order by id, updated_at");
        assertEquals("[[1,2026-03-10 09:00:00], [1,2026-03-11 09:00:00], [2,2026-03-10 10:00:00]]", rows.toString());
    }

    @Test
    void typedFieldsAreReadAndFieldsNotTypedAreKeptButFreeTextIsNot() {
        Row t1 = wh.one("select * from bronze.crm_ticket where id = 1 and updated_at = TIMESTAMP'2026-03-10 09:00:00'");
        assertEquals("101", t1.getAs("assignee_id"));
        assertEquals("9001", t1.getAs("requester_id"));
        assertEquals("email", t1.getAs("channel"));
        String record = t1.getAs("record");
        assertTrue(record.contains("\"custom_score\":42") && record.contains("\"vip\""), record);
        assertFalse(record.contains("my order is late"), "ticket descriptions are free text and not loaded");
        assertFalse(wh.one("select record from bronze.crm_satisfaction_rating").getString(0).contains("slow!"));
        assertEquals("bad", wh.one("select score from bronze.crm_satisfaction_rating where id = 50").getString(0));
    }

    @Test
    void lineageSaysWhichPageAndWhichEntryARowCameFrom() {
        Row t2 = wh.one("select _source_file, _source_line from bronze.crm_ticket where id = 2");
        assertTrue(t2.getString(0).endsWith("crm1/tickets-001.json"), t2.getString(0));
        assertEquals(1L, t2.getLong(1), "0-based index in the page's array");
    }

    @Test
    void aPageThatIsNotValidJsonIsQuarantinedWholeWithTheReason() {
        Row q = wh.one("select raw, reason, _source_line from bronze.quarantine where source = 'crm' and _source_file like '%tickets-002.json'");
        assertEquals("{\"tickets\": [{\"id\": 3, \"updated_at\": ", q.getString(0));
        assertTrue(q.getString(1).startsWith("not valid JSON"), q.getString(1));
        assertEquals(0L, q.getLong(2));
    }

    @Test
    void aRecordWithoutItsIdOrWithAnUnreadableTimeIsQuarantinedWithItsIndex() {
        List<Row> rows = wh.sql("select _source_line, reason from bronze.quarantine where source = 'crm'"
                + " and _source_file like '%crm1/tickets-001.json' order by _source_line");
        assertEquals(2, rows.size());
        assertEquals(2L, rows.get(0).getLong(0));
        assertEquals("tickets[2]: id is missing", rows.get(0).getString(1));
        assertEquals(3L, rows.get(1).getLong(0));
        assertTrue(rows.get(1).getString(1).contains("updated_at 'yesterday'"), rows.get(1).getString(1));
    }

    @Test
    void countsAddUpPerPageAndARepeatedPageIsSkipped() {
        List<Row> log = wh.sql("select file_name, rows_in, rows_loaded, rows_duplicate, rows_quarantined"
                + " from meta.ingest_log where source = 'crm' order by ingested_at, file_name");
        assertEquals(4, log.size(), "the renamed copy of tickets-001.json is skipped and not recorded: " + log);
        for (Row r : log) assertEquals(r.getLong(1), r.getLong(2) + r.getLong(3) + r.getLong(4), r.toString());
        Row page1 = log.stream().filter(r -> r.getString(0).endsWith("crm1/tickets-001.json")).findFirst().orElseThrow();
        assertEquals("4 in: 2 loaded, 0 duplicate, 2 quarantined", page1.getLong(1) + " in: " + page1.getLong(2)
                + " loaded, " + page1.getLong(3) + " duplicate, " + page1.getLong(4) + " quarantined");
        Row page3 = log.stream().filter(r -> r.getString(0).endsWith("tickets-003.json")).findFirst().orElseThrow();
        assertEquals(1, page3.getLong(2), "ticket 1's new version");
        assertEquals(1, page3.getLong(3), "ticket 2 repeats the version already stored");
    }
}
