package io.indicate.warehouse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every table has exactly one contract (sql/<layer>/<table>.yml), every model a table, and the contracts hold. No Spark. */
class TableContractTest {
    /** The repository's sql/ folder: the tests run in the module folder. */
    private static final Path SQL = Path.of("..", "sql");

    private static TreeSet<String> files(String layer, String extension) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Path dir = SQL.resolve(layer);
        if (!Files.isDirectory(dir)) return names;
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(extension))
                    .forEach(n -> names.add(n.substring(0, n.length() - extension.length())));
        }
        return names;
    }

    @Test
    void everyTableHasAContractAndEveryContractATable() throws IOException {
        for (Table.Layer layer : Table.Layer.values()) {
            TreeSet<String> tables = new TreeSet<>(Arrays.stream(Table.values()).filter(t -> t.layer() == layer).map(Table::tableName).toList());
            assertEquals(tables, files(layer.database(), ".yml"), "sql/" + layer.database() + "/*.yml against the Table entries of " + layer);
        }
        try (Stream<Path> s = Files.list(SQL)) {
            List<String> strays = s.filter(Files::isDirectory)
                    .filter(d -> Arrays.stream(Table.Layer.values()).noneMatch(l -> d.getFileName().toString().equals(l.database())))
                    .flatMap(d -> { try { return Files.list(d); } catch (IOException e) { throw new java.io.UncheckedIOException(e); } })
                    .map(Path::toString).filter(n -> n.endsWith(".yml")).toList();
            assertEquals(List.of(), strays, "a contract outside sql/<layer>/ names no table");
        }
        for (Table t : Table.values()) {
            TableContract c = t.contract();
            assertFalse(c.description() == null || c.description().isBlank(), t + " has no description");
            assertEquals(c.columnNames().size(), c.schema().fields().length, t + ": every column type parses");
        }
    }

    /** Silver and gold tables are filled by a model beside their contract; staging models are views and have none. */
    @Test
    void everyModelHasAContract() throws IOException {
        for (String layer : List.of("silver", "gold")) {
            TreeSet<String> models = files(layer, ".sql");
            assertFalse(models.isEmpty(), "no models in sql/" + layer);
            TreeSet<String> missing = new TreeSet<>(models);
            missing.removeAll(files(layer, ".yml"));
            assertEquals(new TreeSet<>(), missing, "models in sql/" + layer + " without a contract beside them");
        }
        for (String layer : List.of("bronze", "meta")) {
            assertEquals(new TreeSet<>(), files(layer, ".sql"), "bronze and meta tables are written by jobs, not models");
        }
    }

    @Test
    void theGeneratedDdlHasTheColumnsPartitioningAndPropertiesOfTheContract() {
        String ddl = Table.BRONZE_QUEUE_LOG.contract().createTable("bronze.queue_log");
        assertTrue(ddl.startsWith("CREATE TABLE IF NOT EXISTS bronze.queue_log (\n  `line_hash` STRING NOT NULL,\n  `epoch` BIGINT NOT NULL,\n  `callid` STRING,"), ddl);
        assertTrue(ddl.contains("\n) USING delta\nPARTITIONED BY (`event_date`)\nTBLPROPERTIES (\n"
                + "  'delta.dataSkippingStatsColumns' = 'epoch,callid,queue,event,_source_file,_source_line,_ingested_at,_batch_id',\n"
                + "  'delta.logRetentionDuration' = 'interval 7 days',\n"
                + "  'delta.checkpointRetentionDuration' = 'interval 2 days'\n)"), ddl);
        assertEquals(Map.of("delta.dataSkippingNumIndexedCols", "0", "delta.logRetentionDuration", "interval 7 days",
                "delta.checkpointRetentionDuration", "interval 2 days"), Table.GOLD_KPI_AGENT_DAILY.contract().properties());
        assertEquals(Map.of(), Table.GOLD_KPI_ORG_DAILY.contract().properties(), "no personal data: Delta's defaults");
        assertFalse(Table.GOLD_KPI_ORG_DAILY.contract().createTable("gold.kpi_org_daily").contains("TBLPROPERTIES"));
        assertEquals("date_local", Table.GOLD_KPI_AGENT_DAILY.partitionColumn().orElseThrow());
        assertTrue(Table.SILVER_DIM_AGENT.partitionColumn().isEmpty());
        assertFalse(Table.SILVER_DIM_AGENT.contract().schema().apply("agent_id").nullable());
        assertTrue(Table.SILVER_DIM_AGENT.contract().schema().apply("full_name").nullable());
    }

    @Test
    void aContractNamingAColumnItLacksOrWithAnUnknownFieldIsAnErrorNamingTheFile() throws IOException {
        Path dir = Files.createTempDirectory("contract");
        try {
            Files.writeString(dir.resolve("bad_key.yml"), """
                    description: x
                    key: [nope]
                    partitioned_by: null
                    personal_data: false
                    columns:
                      - {name: a, type: STRING, nullable: false}
                    """);
            Files.writeString(dir.resolve("typo.yml"), """
                    description: x
                    key: [a]
                    partition_by: a
                    columns:
                      - {name: a, type: STRING, nullable: false}
                    """);
            try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{dir.toUri().toURL()}, null)) {
                assertTrue(assertThrows(IllegalStateException.class, () -> TableContract.read("bad_key.yml", loader))
                        .getMessage().contains("bad_key.yml: 'nope' is not a column"));
                assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> TableContract.read("typo.yml", loader))
                        .getMessage().contains("partition_by"));
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A mart's KPI columns come from sql/kpis.yml, after its own columns; its own columns name no KPI. */
    @Test
    void aMartGetsTheKpiColumnsKpisYmlGivesItAfterItsOwnColumns() {
        for (io.indicate.kpi.KpiFormulas.Formula k : io.indicate.kpi.KpiFormulas.all().values()) {
            assertFalse(k.marts().isEmpty(), k.name() + " is in no mart");
            for (String mart : k.marts()) {
                TableContract c = Table.goldMart(mart).contract();
                assertEquals("DOUBLE", c.columns().stream().filter(col -> col.name().equals(k.name())).findFirst().orElseThrow().type(), mart + "." + k.name());
            }
        }
        List<String> agent = Table.GOLD_KPI_AGENT_DAILY.contract().columnNames();
        assertEquals(io.indicate.kpi.KpiFormulas.columnsOf("kpi_agent_daily").stream().map(io.indicate.kpi.KpiFormulas.Formula::name).toList(),
                agent.subList(agent.indexOf("_refreshed_at") + 1, agent.size()));
        assertTrue(Table.GOLD_KPI_AGENT_INTERVAL.contract().columnNames().stream().noneMatch(io.indicate.kpi.KpiFormulas.all()::containsKey));
    }

    @Test
    void aContractListingAKpiColumnItselfOrLackingAMeasureOfItIsAnError() {
        TableContract own = new TableContract("x", List.of(), "date_local", false, List.of(), false, List.of(
                new TableContract.Column("date_local", "DATE", false, null),
                new TableContract.Column("abandoned", "BIGINT", false, null),
                new TableContract.Column("abandon_rate_pct", "DOUBLE", true, null)));
        assertTrue(assertThrows(IllegalStateException.class, () -> own.withKpiColumns("kpi_queue_daily", "sql/gold/kpi_queue_daily.yml"))
                .getMessage().contains("sql/gold/kpi_queue_daily.yml: column abandon_rate_pct is the KPI of sql/kpis.yml"));
        TableContract lacking = new TableContract("x", List.of(), "date_local", false, List.of(), false, List.of(
                new TableContract.Column("date_local", "DATE", false, null),
                new TableContract.Column("abandoned", "BIGINT", false, null)));
        String message = assertThrows(IllegalStateException.class, () -> lacking.withKpiColumns("kpi_queue_daily", "sql/gold/kpi_queue_daily.yml")).getMessage();
        assertTrue(message.startsWith("sql/kpis.yml: KPI ") && message.endsWith("which is not a column of sql/gold/kpi_queue_daily.yml"), message);
    }
}
