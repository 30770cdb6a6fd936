package io.indicate.build;

import io.indicate.ingest.Source;
import io.indicate.ingest.Sources;
import io.indicate.warehouse.Table;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inputs of each model, read from its SQL, and the dates a plan gives a table from them. */
class ModelGraphTest {
    /** The repository's sql/ folder: the tests run in the module folder. */
    private static final Path SQL = Path.of("..", "sql");
    private final ModelGraph graph = new ModelGraph();

    @Test
    void onlyTheMartsThatCountRepeatContactsReadTheDatesOfReturningCallers() {
        for (Table t : List.of(Table.SILVER_FACT_QUEUE_CALL, Table.GOLD_KPI_QUEUE_DAILY, Table.GOLD_KPI_AGENT_INTERVAL,
                Table.GOLD_DATA_QUALITY_DAILY)) {
            assertFalse(graph.inputs(t).contains(ModelGraph.RETURNING_CALLERS), t.toString());
        }
        assertTrue(graph.inputs(Table.GOLD_KPI_AGENT_DAILY).contains(ModelGraph.RETURNING_CALLERS));
    }

    @Test
    void eachFactReadsItsOwnSourceAndTheRoster() {
        assertEquals(Set.of("queue_log", "roster"), graph.inputs(Table.SILVER_FACT_QUEUE_CALL));
        assertEquals(Set.of("queue_log", "roster"), graph.inputs(Table.SILVER_FACT_AGENT_SESSION), "through session_segments");
        assertEquals(Set.of("queue_log", "roster"), graph.inputs(Table.SILVER_FACT_RING_NO_ANSWER));
        assertEquals(Set.of("crm", "roster"), graph.inputs(Table.SILVER_FACT_TICKET));
        assertEquals(Set.of("crm", "roster"), graph.inputs(Table.SILVER_FACT_CSAT));
        assertEquals(Set.of("cdr", "roster"), graph.inputs(Table.SILVER_FACT_OUTBOUND_CALL));
    }

    @Test
    void dimensionsReadTheirInputsButNotThemselves() {
        assertEquals(Set.of("roster"), graph.inputs(Table.SILVER_DIM_AGENT));
        assertEquals(Set.of("roster"), graph.inputs(Table.SILVER_DIM_TEAM));
        assertEquals(Set.of("queue_log", "roster"), graph.inputs(Table.SILVER_DIM_QUEUE), "queue_settings is configuration");
        assertEquals(Set.of(), graph.inputs(Table.SILVER_DIM_DATE));
        assertFalse(ModelGraph.references("silver.dim_queue").contains("silver.dim_queue"));
    }

    @Test
    void theMartsAreBuiltInWavesAfterEveryMartTheyRead() {
        List<List<Table>> waves = ModelGraph.waves(Table.Layer.GOLD);
        assertEquals(Set.copyOf(Table.gold()), waves.stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()),
                "every mart once");
        assertEquals(Table.gold().size(), waves.stream().mapToInt(List::size).sum());
        for (int w = 0; w < waves.size(); w++) {
            for (Table t : waves.get(w)) {
                for (int later = w; later < waves.size(); later++) {
                    for (Table read : waves.get(later)) {
                        assertFalse(ModelGraph.references(t.qualifiedName()).contains(read.qualifiedName()),
                                t + " (wave " + w + ") reads " + read + " of wave " + later);
                    }
                }
            }
        }
        // known chains: interval -> day -> organisation; agent day -> agent goals -> coaching list
        assertEquals(List.of(Table.GOLD_KPI_QUEUE_INTERVAL, Table.GOLD_KPI_AGENT_INTERVAL, Table.GOLD_KPI_AGENT_DAILY,
                Table.GOLD_DATA_QUALITY_DAILY), waves.get(0).stream().sorted().toList());
        assertTrue(wave(waves, Table.GOLD_KPI_COACHING_DAILY) > wave(waves, Table.GOLD_KPI_AGENT_GOAL_DAILY));
        assertTrue(wave(waves, Table.GOLD_KPI_AGENT_GOAL_DAILY) > wave(waves, Table.GOLD_KPI_AGENT_DAILY));
    }

    @Test
    void theSilverTablesAreBuiltAfterTheDimensionsTheyReadAlsoThroughAStagingView() {
        List<List<Table>> waves = ModelGraph.waves(Table.Layer.SILVER);
        assertEquals(List.of(
                        Set.of(Table.SILVER_DIM_AGENT, Table.SILVER_DIM_GOAL, Table.SILVER_DIM_DATE),
                        Set.of(Table.SILVER_DIM_TEAM, Table.SILVER_FACT_QUEUE_CALL, Table.SILVER_FACT_AGENT_SESSION,
                                Table.SILVER_FACT_RING_NO_ANSWER, Table.SILVER_FACT_TICKET, Table.SILVER_FACT_CSAT,
                                Table.SILVER_FACT_OUTBOUND_CALL),
                        Set.of(Table.SILVER_DIM_QUEUE)),
                waves.stream().map(Set::copyOf).toList());
        assertFalse(ModelGraph.references("silver.fact_queue_call").contains("silver.dim_agent"), "only through stg_member_agent");
        assertTrue(ModelGraph.tablesRead("silver.fact_queue_call").contains("silver.dim_agent"));
    }

    @Test
    void theViewsAModelReadsAreMadeAfterTheViewsTheyRead() {
        assertEquals(List.of("stg_queue_events", "session_segments", "stg_member_agent"),
                ModelGraph.viewsRead(List.of("silver.fact_agent_session")));
        assertEquals(List.of("stg_crm_ticket", "stg_crm_ticket_metric"), ModelGraph.viewsRead(List.of("silver.fact_ticket")));
        assertEquals(List.of(), ModelGraph.viewsRead(List.of("silver.dim_queue")), "queue_settings is configuration");
        assertEquals(List.of(), ModelGraph.viewsRead(List.of("gold.kpi_agent_daily")));
    }

    @Test
    void eachStagingViewReadsItsSource() {
        assertEquals(Set.of("queue_log"), graph.inputs("stg_queue_events"));
        assertEquals(Set.of("cdr"), graph.inputs("stg_cdr"));
        assertEquals(Set.of("crm"), graph.inputs("stg_crm_ticket"));
        assertEquals(Set.of("crm"), graph.inputs("stg_crm_ticket_metric"));
        assertEquals(Set.of("crm"), graph.inputs("stg_crm_satisfaction_rating"));
        assertEquals(Set.of("roster"), graph.inputs("stg_roster"));
        assertEquals(Set.of("goals"), graph.inputs("stg_goals"));
    }

    /** Staging is the one place that reads bronze: each bronze table of a source is read by one staging model, no other. */
    @Test
    void onlyAStagingModelReadsABronzeTableAndOneReadsEach() throws IOException {
        Map<String, Set<String>> readers = new TreeMap<>();
        for (String layer : List.of("staging", "silver", "gold")) {
            for (String model : models(layer)) {
                for (String ref : ModelGraph.references(model)) {
                    if (ref.startsWith("bronze.")) readers.computeIfAbsent(ref, r -> new TreeSet<>()).add(model);
                }
            }
        }
        for (Source source : Sources.ALL) {
            for (Table t : source.bronzeTables()) {
                Set<String> read = readers.getOrDefault(t.qualifiedName(), Set.of());
                assertEquals(1, read.size(), t.qualifiedName() + " is read by " + read + ": it needs exactly one staging model");
            }
        }
        readers.forEach((table, models) -> models.forEach(m ->
                assertTrue(m.startsWith("stg_"), m + " reads " + table + ": a silver or gold model reads its staging view instead")));
    }

    /** The models of a layer as {@link ModelGraph} names them: {@code stg_cdr}, {@code silver.fact_csat}. */
    private static List<String> models(String layer) throws IOException {
        try (Stream<Path> files = Files.list(SQL.resolve(layer))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - ".sql".length()))
                    .map(n -> layer.equals("staging") ? n : layer + "." + n).sorted().toList();
        }
    }

    private static int wave(List<List<Table>> waves, Table t) {
        for (int w = 0; w < waves.size(); w++) if (waves.get(w).contains(t)) return w;
        throw new AssertionError(t + " in no wave");
    }

    @Test
    void martsReadWhatTheirFactsRead() {
        assertEquals(Set.of("queue_log", "roster"), graph.inputs(Table.GOLD_KPI_QUEUE_INTERVAL));
        assertEquals(Set.of("queue_log", "roster"), graph.inputs(Table.GOLD_KPI_QUEUE_DAILY));
        Set<String> agentDay = Set.of("queue_log", "roster", "crm", "cdr", ModelGraph.RETURNING_CALLERS);
        assertEquals(agentDay, graph.inputs(Table.GOLD_KPI_AGENT_DAILY), "it counts repeat contacts");
        assertEquals(agentDay, graph.inputs(Table.GOLD_KPI_TEAM_DAILY), "the sum of its agents' days");
        assertEquals(agentDay, graph.inputs(Table.GOLD_KPI_ORG_DAILY));
        assertEquals(Set.of("queue_log", "roster", "crm", "cdr", ModelGraph.INGEST_LOG), graph.inputs(Table.GOLD_DATA_QUALITY_DAILY));
    }

    @Test
    void onlyTheGoalsModelsReadTheGoals() {
        assertEquals(Set.of("goals"), graph.inputs(Table.SILVER_DIM_GOAL));
        Set<String> goalDay = Set.of("queue_log", "roster", "crm", "cdr", ModelGraph.RETURNING_CALLERS, "goals");
        assertEquals(goalDay, graph.inputs(Table.GOLD_KPI_AGENT_GOAL_DAILY), "the agent's day and the goals");
        assertEquals(goalDay, graph.inputs(Table.GOLD_KPI_TEAM_GOAL_DAILY), "the team's day and the goals");
        assertEquals(goalDay, graph.inputs(Table.GOLD_KPI_COACHING_DAILY), "the agent's goal days");
        for (Table t : Table.values()) {
            if (t.layer() != Table.Layer.BRONZE && t.layer() != Table.Layer.META && t != Table.SILVER_DIM_GOAL
                    && t != Table.GOLD_KPI_AGENT_GOAL_DAILY && t != Table.GOLD_KPI_TEAM_GOAL_DAILY
                    && t != Table.GOLD_KPI_COACHING_DAILY) {
                assertFalse(graph.inputs(t).contains("goals"), t.qualifiedName());
            }
        }
    }

    @Test
    void aBronzeTableNoInputStandsForIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> graph.inputs("bronze.quarantine"));
        assertTrue(e.getMessage().contains("bronze.quarantine"), e.getMessage());
    }

    @Test
    void anIncrementalPlanGivesEachTableTheDatesOfItsInputs() {
        LocalDate monday = LocalDate.parse("2026-03-09");
        SortedSet<LocalDate> queueDates = new TreeSet<>(List.of(monday.plusDays(1)));
        SortedSet<LocalDate> crmDates = new TreeSet<>(List.of(monday, monday.plusDays(1)));
        SortedSet<LocalDate> all = new TreeSet<>(crmDates);
        BuildPlan plan = new BuildPlan("incremental", List.of("b1", "b2"), all, Map.of("queue_log", queueDates, "crm", crmDates));

        assertEquals(queueDates, plan.datesFor(graph.inputs(Table.SILVER_FACT_QUEUE_CALL)));
        assertEquals(crmDates, plan.datesFor(graph.inputs(Table.SILVER_FACT_CSAT)));
        assertEquals(Set.of(), plan.datesFor(graph.inputs(Table.SILVER_FACT_OUTBOUND_CALL)), "no CDR arrived");
        assertEquals(all, plan.datesFor(graph.inputs(Table.GOLD_KPI_AGENT_DAILY)));
        assertFalse(plan.changes(graph.inputs(Table.SILVER_DIM_AGENT)), "no roster arrived");

        BuildPlan full = new BuildPlan("full", List.of(), all);
        assertEquals(all, full.datesFor(graph.inputs(Table.SILVER_FACT_OUTBOUND_CALL)), "a full plan rebuilds every table");
        assertTrue(full.changes(graph.inputs(Table.SILVER_DIM_AGENT)));
    }
}
