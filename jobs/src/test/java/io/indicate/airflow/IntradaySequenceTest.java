package io.indicate.airflow;

import io.indicate.ingest.Ingest;
import io.indicate.progress.Progress;
import io.indicate.testing.WarehouseTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.indicate.bench.DuckDbQueueDaily;
import io.indicate.cli.IndicateCli;
import io.indicate.generate.SampleDataGenerator;
import io.indicate.publish.ServingDatabase;
import io.indicate.testing.TestWarehouse;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The intraday DAG's task (one `refresh`: ingest, build, check, publish), rendered from dags/indicate_commands.py and run through
 * the CLI, over three consecutive 15-minute intervals whose queue_log slices arrive between the runs. After
 * the third run the marts equal one build over the same files, and the serving tables equal the marts.
 */
@WarehouseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntradaySequenceTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    /** Slices are named by their UTC start; 08:00 UTC is 09:00 in Stockholm in March. */
    private static final List<String> INTERVALS = List.of("20260310T0800", "20260310T0815", "20260310T0830");

    Path dir;
    ServingDatabase db;
    TestWarehouse reference;

    @BeforeAll
    void runThreeIntervals(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Path generated = dir.resolve("generated");
        SampleDataGenerator.builder().agents(6).days(1).start(LocalDate.parse("2026-03-10")).seed(7).zone(ZONE)
                .sliceMinutes(15).build().generate(generated);
        Path landing = Files.createDirectories(dir.resolve("landing/queue_log"));
        Files.createDirectories(dir.resolve("landing/cdr"));
        Files.createDirectories(dir.resolve("landing/crm"));
        Path config = Files.writeString(dir.resolve("indicate.yaml"), "warehouse: " + dir.resolve("warehouse") + "\n");

        db = ServingDatabase.builder().port(0).start();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE indicate_publisher LOGIN PASSWORD '" + System.getenv("INDICATE_SERVING_PASSWORD") + "'");
            s.execute("GRANT CONNECT, CREATE ON DATABASE " + ServingDatabase.DATABASE + " TO indicate_publisher");
            s.execute("ALTER SCHEMA serving OWNER TO indicate_publisher");
        }
        Map<String, String> variables = Map.of(
                "indicate_config", config.toString(),
                "indicate_landing_queue_log", landing.toString(),
                "indicate_landing_cdr", dir.resolve("landing/cdr").toString(),
                "indicate_landing_crm", dir.resolve("landing/crm").toString(),
                "indicate_roster", generated.resolve("roster.csv").toString(),
                "indicate_goals", generated.resolve("goals.csv").toString(),
                "indicate_serving_jdbc_url", db.jdbcUrl(),
                // one cycle per run, as a deployment without a warm window
                "indicate_refresh_every", "30s",
                "indicate_refresh_window", "0");
        Map<String, String> connections = Map.of("indicate_serving.login", "indicate_publisher");
        JsonNode intraday = DagTemplates.dagCommands().get("indicate_intraday");

        for (String interval : INTERVALS) {
            // what has arrived by the end of the interval: every slice up to and including it
            try (Stream<Path> slices = Files.list(generated.resolve("queue_log"))) {
                for (Path slice : slices.filter(p -> p.getFileName().toString().compareTo("queue_log." + interval) <= 0).toList()) {
                    if (!Files.exists(landing.resolve(slice.getFileName()))) Files.copy(slice, landing.resolve(slice.getFileName()));
                }
            }
            Instant intervalStart = java.time.LocalDateTime.parse(interval, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm"))
                    .toInstant(java.time.ZoneOffset.UTC);
            DagTemplates templates = new DagTemplates(variables, connections, intervalStart, ZONE);
            for (var task = intraday.fields(); task.hasNext(); ) {
                var t = task.next();
                List<String> args = new ArrayList<>();
                t.getValue().forEach(a -> args.add(templates.render(a.asText())));
                assertEquals(0, IndicateCli.run(args.toArray(String[]::new)), "task " + t.getKey() + " of interval " + interval);
            }
        }
        Map<Table, List<String>> incremental = snapshots(new TestWarehouse(dir, io.indicate.config.Settings.load(config)));
        reference = new TestWarehouse(dir.resolve("reference"));
        // the same sources as the DAG's refresh, goals included
        new Ingest(reference.warehouse(), reference.settings(), Progress.silent())
                .run(generated.resolve("roster.csv").toString(), landing.toString(), null, null, generated.resolve("goals.csv").toString());
        reference.build();
        this.incremental = incremental;
    }

    Map<Table, List<String>> incremental;

    private static Map<Table, List<String>> snapshots(TestWarehouse w) {
        Map<Table, List<String>> out = new HashMap<>();
        for (Table t : Table.gold()) out.put(t, w.snapshot(t));
        return out;
    }

    @AfterAll
    void stop() {
        if (db != null) db.close();
    }

    @Test
    void afterTheThirdIntervalTheMartsEqualOneBuildOverTheSameFiles() {
        for (Table t : Table.gold()) {
            if (t == Table.GOLD_DATA_QUALITY_DAILY) continue;
            assertEquals(reference.snapshot(t), incremental.get(t), t.qualifiedName());
        }
        assertTrue(incremental.get(Table.GOLD_KPI_QUEUE_INTERVAL).size() >= 3, "the intervals hold calls");
    }

    @Test
    void theQueueMartEqualsAnIndependentComputationByDuckDbCellForCell() throws Exception {
        List<String> ours = new ArrayList<>();
        for (org.apache.spark.sql.Row r : reference.sql("select " + String.join(", ", DuckDbQueueDaily.COLUMNS)
                + " from gold.kpi_queue_daily order by date_local, queue")) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) cells.add(DuckDbQueueDaily.cell(r.get(i)));
            ours.add(String.join("|", cells));
        }
        List<String> duck = DuckDbQueueDaily.compute(dir.resolve("landing/queue_log"), reference.settings());
        assertTrue(ours.size() >= 2, "several queues hold calls: " + ours);
        assertEquals(duck, ours, String.join("|", DuckDbQueueDaily.COLUMNS));
    }

    @Test
    void theServingTablesHoldWhatTheMartsHold() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String mart : List.of("kpi_queue_interval", "kpi_agent_daily", "kpi_team_daily")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM serving." + mart)) {
                    rs.next();
                    assertEquals(incremental.get(Table.goldMart(mart)).size(), rs.getLong(1), mart);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT sum(offered) FROM serving.kpi_queue_daily")) {
                rs.next();
                long gold = reference.one("select sum(offered) from gold.kpi_queue_daily").getLong(0);
                assertEquals(gold, rs.getLong(1));
            }
        }
    }
}
