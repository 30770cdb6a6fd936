package io.indicate.warehouse;

import io.indicate.testing.WarehouseTest;
import io.indicate.testing.TestWarehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A warehouse written under an older contract gets the columns the contract has gained when it is opened. */
@WarehouseTest
class WarehouseMigrationTest {
    /** gold.kpi_agent_daily as the telephony foundation created it, before the CRM and outbound columns. */
    private static final String TELEPHONY_ONLY_AGENT_DAILY = """
            date_local DATE NOT NULL, agent_id STRING NOT NULL, agent_login STRING, team_id STRING, team_name STRING,
            calls_answered BIGINT NOT NULL, calls_completed BIGINT NOT NULL, talk_s BIGINT NOT NULL,
            transfers BIGINT NOT NULL, ring_no_answer BIGINT NOT NULL, logged_in_s BIGINT NOT NULL,
            paused_s BIGINT NOT NULL, acw_s BIGINT NOT NULL, aht_s DOUBLE, occupancy_pct DOUBLE,
            _refreshed_at TIMESTAMP NOT NULL""";

    @Test
    void openingAnOlderWarehouseAddsTheNewColumnsInContractOrderAndKeepsItsRows(@TempDir Path dir) {
        SparkSession spark = TestWarehouse.spark();
        String root = dir.resolve("warehouse").toString();
        String location = root + "/gold/kpi_agent_daily";
        spark.sql("CREATE TABLE delta.`" + location + "` (" + TELEPHONY_ONLY_AGENT_DAILY + ") USING delta PARTITIONED BY (date_local)");
        spark.sql("INSERT INTO delta.`" + location + "` VALUES (DATE'2026-03-10', 'A1', 'anna', 'T1', 'North',"
                + " 3, 3, 360, 0, 0, 28800, 0, 60, 140.0, 1.5, TIMESTAMP'2026-03-11 00:00:00')");

        Warehouse w = Warehouse.open(spark, root);

        List<String> contract = Arrays.asList(w.contractSchema(Table.GOLD_KPI_AGENT_DAILY).fieldNames());
        List<String> columns = Arrays.asList(w.read(Table.GOLD_KPI_AGENT_DAILY).columns());
        assertEquals(new java.util.TreeSet<>(contract), new java.util.TreeSet<>(columns));
        // the columns it had keep their place; each added one follows the column before it in the contract
        assertEquals(columns.indexOf("acw_s") + 1, columns.indexOf("tickets_solved"));
        assertEquals(columns.indexOf("occupancy_pct") + 1, columns.indexOf("csat_pct"), "the KPI before it in the contract");
        assertEquals(java.util.Set.of(Table.GOLD_KPI_AGENT_DAILY), w.rebuildRequired(), "its rows lack the new columns until a full build");
        Row old = w.read(Table.GOLD_KPI_AGENT_DAILY).first();
        assertEquals(3L, (long) old.getAs("calls_answered"));
        assertNull(old.getAs("tickets_solved"), "a row written before the column existed reads null");

        long version = w.version(Table.GOLD_KPI_AGENT_DAILY);
        // opening the same root again in this session skips registration; run the migration itself again
        w.addMissingColumns(Table.GOLD_KPI_AGENT_DAILY);
        assertEquals(version, w.version(Table.GOLD_KPI_AGENT_DAILY), "a second migration finds nothing to add");
    }

    /** meta.ingest_log before it counted erased records. */
    private static final String INGEST_LOG_BEFORE_ERASED = """
            batch_id STRING NOT NULL, source STRING NOT NULL, file_name STRING NOT NULL, file_checksum STRING NOT NULL,
            bytes_consumed BIGINT NOT NULL, lines_consumed BIGINT NOT NULL, prefix_checksum STRING NOT NULL,
            rows_in BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_duplicate BIGINT NOT NULL,
            rows_quarantined BIGINT NOT NULL, rows_pending BIGINT NOT NULL, min_epoch BIGINT, max_epoch BIGINT,
            ingested_at TIMESTAMP NOT NULL, ingested_date_local DATE NOT NULL""";

    @Test
    void anIngestLogFromBeforeErasedCountsGainsTheColumnAndItsRowsStillAddUp(@TempDir Path dir) {
        SparkSession spark = TestWarehouse.spark();
        String root = dir.resolve("warehouse").toString();
        String location = root + "/meta/ingest_log";
        spark.sql("CREATE TABLE delta.`" + location + "` (" + INGEST_LOG_BEFORE_ERASED + ") USING delta");
        spark.sql("INSERT INTO delta.`" + location + "` VALUES ('b1', 'queue_log', 'queue_log', 'abc', 100, 4, 'abc',"
                + " 4, 2, 1, 1, 0, 1773129600, 1773133200, TIMESTAMP'2026-03-10 12:00:00', DATE'2026-03-10')");

        Warehouse w = Warehouse.open(spark, root);

        List<String> columns = Arrays.asList(w.read(Table.META_INGEST_LOG).columns());
        assertEquals(columns.indexOf("rows_quarantined") + 1, columns.indexOf("rows_erased"));
        assertNull(w.read(Table.META_INGEST_LOG).first().getAs("rows_erased"), "a row logged before the column existed reads null");
        assertEquals(List.of(), new io.indicate.quality.DataQualityChecks(w, 100.0).run(java.time.LocalDate.parse("2026-03-10")),
                "null reads as 0 erased: 4 = 2 + 1 + 1");
        assertEquals(java.util.Set.of(), w.rebuildRequired(), "a log is not rebuilt from bronze: no full build for it");
    }

    /**
     * A new KPI or flag column of a model's table: the next build (the 15-minute one too) rebuilds in full, so the
     * older rows get it as well, and the build after that is incremental again. A crash before the full build
     * ends leaves the note, and the build after it is full again.
     */
    @Test
    void aModelTableThatGainsAColumnWhileHoldingRowsIsRebuiltInFullByTheNextBuild(@TempDir Path dir) throws Exception {
        io.indicate.testing.TestWarehouse wh = new io.indicate.testing.TestWarehouse(dir.resolve("warehouse"));
        Path roster = wh.roster("A1,anna,Anna A,anna@example.com,PJSIP/201,,T1,North,lead,agent,2026-01-01");
        wh.write("ql", "queue_log", io.indicate.testing.QueueLogLines.stockholm()
                .at("2026-03-10T08:00:00", "NONE", "support", "PJSIP/201", "ADDMEMBER")
                .at("2026-03-10T09:00:00", "c1", "support", "NONE", "ENTERQUEUE", "", "+46705555555", "1")
                .at("2026-03-10T09:00:10", "c1", "support", "PJSIP/201", "CONNECT", "10", "b1", "1")
                .at("2026-03-10T09:01:10", "c1", "support", "PJSIP/201", "COMPLETECALLER", "10", "60", "1")
                .at("2026-03-10T10:00:00", "NONE", "support", "PJSIP/201", "REMOVEMEMBER").content());
        wh.ingest(roster, wh.folder("ql"));
        wh.build();
        Warehouse w = wh.warehouse();
        // the mart as an older contract wrote it: without calls_per_logged_in_hour
        String location = w.location(Table.GOLD_KPI_AGENT_DAILY);
        w.read(Table.GOLD_KPI_AGENT_DAILY).drop("calls_per_logged_in_hour").write().format("delta").mode("overwrite")
                .option("overwriteSchema", "true").partitionBy("date_local").save(location);
        Files.delete(Path.of(w.root(), Warehouse.CONTRACT_FILE));
        org.apache.spark.sql.delta.DeltaLog.clearCache();

        Warehouse reopened = Warehouse.open(TestWarehouse.spark(), w.root());
        assertEquals(java.util.Set.of(Table.GOLD_KPI_AGENT_DAILY), reopened.rebuildRequired());
        assertNull(reopened.read(Table.GOLD_KPI_AGENT_DAILY).first().getAs("calls_per_logged_in_hour"));

        io.indicate.build.Build b = wh.builder();
        io.indicate.build.BuildPlan plan = b.planner().incremental(true);
        assertEquals("full", plan.kind(), "nothing new landed, yet the 15-minute build rebuilds in full");
        b.run(plan);
        assertEquals(0.5, (double) reopened.read(Table.GOLD_KPI_AGENT_DAILY).first().getAs("calls_per_logged_in_hour"), 1e-9,
                "one call in the two hours logged in, on a row written before the column existed");
        assertEquals(java.util.Set.of(), reopened.rebuildRequired());
        assertTrue(b.planner().incremental(true).isEmpty(), "then incremental again: nothing new, nothing to build");
    }

    @Test
    void aTableWhoseCreationWasKilledBeforeItsFirstCommitIsCreatedAtTheNextOpen(@TempDir Path dir) throws Exception {
        SparkSession spark = TestWarehouse.spark();
        String root = dir.resolve("warehouse").toString();
        Path log = Path.of(Warehouse.open(spark, root).location(Table.BRONZE_ROSTER), "_delta_log");
        // what a kill -9 during the first open leaves: no contract file, a table folder whose log has no commit
        Files.delete(Path.of(root, Warehouse.CONTRACT_FILE));
        try (Stream<Path> files = Files.list(log)) {
            for (Path f : files.toList()) {
                if (Files.isDirectory(f)) continue;
                Files.delete(f);
            }
        }
        Files.writeString(log.resolve(".00000000000000000000.json.tmp"), "{\"commitInfo\":");
        org.apache.spark.sql.delta.DeltaLog.clearCache();

        Warehouse w = Warehouse.open(spark, root);

        assertEquals(0L, w.read(Table.BRONZE_ROSTER).count());
        assertEquals(0L, w.version(Table.BRONZE_ROSTER));
    }

    @Test
    void anOlderBronzeTableKeepsStatisticsOfNoPersonalColumnAndAShortLogOnceOpened(@TempDir Path dir) throws Exception {
        SparkSession spark = TestWarehouse.spark();
        String root = dir.resolve("warehouse").toString();
        String location = Warehouse.open(spark, root).location(Table.BRONZE_QUEUE_LOG);
        // a table created before the contract set these properties
        spark.sql("ALTER TABLE delta.`" + location + "` UNSET TBLPROPERTIES ('delta.dataSkippingStatsColumns', 'delta.logRetentionDuration')");
        Files.delete(Path.of(root, Warehouse.CONTRACT_FILE));

        Warehouse w = Warehouse.open(spark, root);

        Map<String, String> properties = new HashMap<>();
        for (Row r : spark.sql("SHOW TBLPROPERTIES delta.`" + location + "`").collectAsList()) properties.put(r.getString(0), r.getString(1));
        assertEquals("epoch,callid,queue,event,_source_file,_source_line,_ingested_at,_batch_id", properties.get("delta.dataSkippingStatsColumns"));
        assertEquals("interval 7 days", properties.get("delta.logRetentionDuration"));
        long version = w.version(Table.BRONZE_QUEUE_LOG);
        assertFalse(w.setContractProperties(Table.BRONZE_QUEUE_LOG), "a second migration finds nothing to set");
        assertEquals(version, w.version(Table.BRONZE_QUEUE_LOG));
    }

    @Test
    void aRelativeRootIsAFolderUnderTheWorkingDirectory(@TempDir Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        Path folder = dir.resolve("relative-warehouse");
        String relative = cwd.relativize(folder).toString();
        assertFalse(Path.of(relative).isAbsolute());

        Warehouse w = Warehouse.open(TestWarehouse.spark(), relative);

        assertEquals(folder.toString(), w.root());
        assertEquals(0L, w.read(Table.BRONZE_ROSTER).count());
        assertTrue(Files.isDirectory(folder.resolve("bronze")), "the tables are under the folder the path names");
        assertEquals("s3a://bucket/wh", Warehouse.absolute("s3a://bucket/wh"), "a URL is kept as given");
    }
}
