package io.indicate.kpi;

import io.indicate.superset.RepositoryFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each KPI formula is written once (sql/kpis.yml) and rendered where it is used; nowhere is one written by hand. */
class KpiFormulasTest {
    /**
     * What the product ships: models, dashboards, DAGs and the main code (tests may check a formula independently:
     * the modules superset and dags hold their tests and build output beside what they ship, which are left out).
     */
    private static final List<String> SHIPPED = List.of("sql", "superset", "dags", "kpi/src/main", "jobs/src/main", "warehouse-schema/src/main");
    private static final Pattern TESTS_OR_BUILD_OUTPUT = Pattern.compile("(^|.*/)(src/test|target)/.*");

    @Test
    void aPlaceholderBecomesTheFormulaForItsDialectAndGrain() {
        assertEquals("100.0 * (d.talk_s + d.acw_s) / nullif(d.logged_in_s - (d.paused_s - d.acw_s), 0) as occupancy_pct",
                KpiFormulas.expand("${kpi.occupancy_pct:d} as occupancy_pct"));
        assertEquals("(answered_wait_s) / nullif(answered, 0)", KpiFormulas.expand("${kpi.asa_s}"));
        assertEquals("(sum(t.talk_s) + sum(t.acw_s)) / nullif(sum(t.calls_completed), 0)", KpiFormulas.expand("${kpi_sum.aht_s:t}"));
        // PostgreSQL divides integers as integers: the metric is numeric from its first factor on
        assertEquals("1.0 * (SUM(answered_wait_s)) / NULLIF(SUM(answered), 0)", KpiFormulas.of("asa_s").postgresSum());
        assertEquals("100.0 * (SUM(abandoned)) / NULLIF(SUM(offered) - SUM(short_abandoned), 0)",
                KpiFormulas.of("abandon_rate_pct").postgresSum());
        assertEquals("no formula here: ${indicate.dates}", KpiFormulas.expand("no formula here: ${indicate.dates}"));
    }

    @Test
    void anUnknownKpiIsAnErrorNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KpiFormulas.expand("${kpi.occupancy}"));
        assertTrue(e.getMessage().contains("'occupancy'") && e.getMessage().contains("occupancy_pct"), e.getMessage());
    }

    @Test
    void everyKpiOfTheDefinitionsHasItsFormula() {
        assertEquals(List.of("service_level_pct", "abandon_rate_pct", "asa_s", "aht_s", "occupancy_pct", "csat_pct",
                "repeat_contact_rate_pct", "calls_per_logged_in_hour"), new ArrayList<>(KpiFormulas.all().keySet()));
    }

    @Test
    void noShippedFileWritesAKpiFormulaByHand() throws IOException {
        List<String> found = new ArrayList<>();
        for (KpiFormulas.Formula f : KpiFormulas.all().values()) {
            Pattern byHand = byHand(f);
            for (Path file : shippedFiles()) {
                Matcher m = byHand.matcher(Files.readString(file));
                while (m.find()) found.add(f.name() + " in " + RepositoryFiles.root().relativize(file) + ": " + m.group());
            }
        }
        assertEquals(List.of(), found, "use ${kpi.NAME}, ${kpi_sum.NAME}, marts: in sql/kpis.yml or KpiFormulas instead");
        assertFalse(shippedFiles().isEmpty());
    }

    @Test
    void theSearchFindsAFormulaWrittenByHandInEachDialect() {
        Pattern occupancy = byHand(KpiFormulas.of("occupancy_pct"));
        assertTrue(occupancy.matcher("100.0 * SUM(talk_s + acw_s) / NULLIF(SUM(logged_in_s) - (SUM(paused_s) - SUM(acw_s)), 0)").find());
        assertTrue(occupancy.matcher("/ nullif(day_totals.logged_in_s - (day_totals.paused_s - day_totals.acw_s), 0)").find());
        assertTrue(byHand(KpiFormulas.of("asa_s")).matcher("sum(answered_wait_s) / nullif(sum(answered), 0)").find());
        assertFalse(byHand(KpiFormulas.of("asa_s")).matcher("x / nullif(calls_answered, 0)").find());
    }

    /**
     * A division by the formula's denominator, its measures bare, qualified or summed, whatever the case and
     * spacing: {@code nullif(sum(offered) - sum(short_abandoned), 0)}.
     */
    private static Pattern byHand(KpiFormulas.Formula f) {
        Matcher m = Pattern.compile("[a-z][a-z0-9_]*|\\S").matcher(f.denominator());
        StringBuilder denominator = new StringBuilder();
        while (m.find()) {
            String token = m.group();
            denominator.append("\\s*");
            if (Character.isLetter(token.charAt(0))) {
                denominator.append("(?:sum\\s*\\(\\s*)?(?:[a-z_][a-z0-9_]*\\.)?").append(token).append("\\b(?:\\s*\\))?");
            } else {
                denominator.append(Pattern.quote(token));
            }
        }
        return Pattern.compile("nullif\\s*\\(" + denominator + "\\s*,\\s*0\\s*\\)", Pattern.CASE_INSENSITIVE);
    }

    private static List<Path> shippedFiles() {
        Path root = RepositoryFiles.root();
        List<Path> out = new ArrayList<>();
        for (String dir : SHIPPED) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !TESTS_OR_BUILD_OUTPUT.matcher(root.relativize(p).toString().replace('\\', '/')).matches())
                        .filter(p -> p.toString().matches(".*\\.(sql|ya?ml|java|py)$"))
                        .filter(p -> !p.endsWith(KpiFormulas.RESOURCE.substring(KpiFormulas.RESOURCE.indexOf('/') + 1))
                                && !p.getFileName().toString().equals("KpiFormulas.java"))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Test
    void aMartsModelGetsTheSelectItemsOfItsKpisAndMustHaveThemExactlyWhenItHasKpis() {
        String select = KpiFormulas.expand("select d.*,\n    ${kpi_columns:d},\n    now() as _refreshed_at", "kpi_queue_daily");
        assertEquals("select d.*,\n    100.0 * (d.answered_within_sl) / nullif(d.offered - d.short_abandoned, 0) as service_level_pct,\n"
                + "    100.0 * (d.abandoned) / nullif(d.offered - d.short_abandoned, 0) as abandon_rate_pct,\n"
                + "    (d.answered_wait_s) / nullif(d.answered, 0) as asa_s,\n    now() as _refreshed_at", select);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KpiFormulas.expand("select *", "kpi_queue_daily"))
                .getMessage().contains("model kpi_queue_daily has no ${kpi_columns}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KpiFormulas.expand("select ${kpi_columns}", "kpi_agent_interval"))
                .getMessage().contains("no KPI of sql/kpis.yml names it"));
        assertThrows(IllegalArgumentException.class, () -> KpiFormulas.expand("select ${kpi_columns}"));
        assertEquals("select 1", KpiFormulas.expand("select 1", "kpi_agent_interval"));
    }
}
