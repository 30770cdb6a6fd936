package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each of an agent, a lead and a manager logs in to the real Superset in headless Chromium ({@link DashboardBrowser}),
 * opens their dashboard, waits until every chart has rendered, and finds no chart showing an error or no rows; a screenshot of
 * each dashboard is saved as {@code target/screenshots/<slug>.png} (and of a failed login as
 * {@code login-<login>.png}).
 */
@Tag("real-superset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private RealSuperset superset;

    @BeforeAll
    void superset() {
        superset = RealSuperset.shared();
    }

    @ParameterizedTest(name = "{0} opens {1}")
    @CsvSource({"anna, my-performance", "lena, team", "maja, organisation"})
    void aPersonOpensTheirDashboardAndEveryChartRendersWithoutAnError(String login, String slug) throws IOException {
        URI url = superset.url;
        DashboardBrowser.Visible dashboard = DashboardBrowser.visibleTo(url, login, superset.passwordOf(login)).stream()
                .filter(d -> d.slug().equals(slug)).findFirst().orElseThrow(() -> new AssertionError(login + " cannot list " + slug));
        Path dir = Files.createDirectories(RepositoryFiles.root().resolve("jobs/target/screenshots"));
        try (DashboardBrowser browser = new DashboardBrowser(url)) {
            try {
                browser.logIn(login, superset.passwordOf(login));
            } catch (IllegalStateException e) {
                Files.write(dir.resolve("login-" + login + ".png"), browser.screenshot());
                throw e;
            }
            DashboardBrowser.Rendered rendered = browser.open(slug, dashboard.charts(), Duration.ofSeconds(120));
            Files.write(dir.resolve(slug + ".png"), rendered.screenshot());
            assertEquals(dashboard.charts(), rendered.charts(), "chart holders on " + slug);
            assertEquals(List.of(), rendered.problems(), "charts showing an error on " + slug + " as " + login);
            // the fixture has rows for every chart of these three people, the goals' included
            assertEquals(List.of(), rendered.empty(), "charts without rows on " + slug + " as " + login);
        }
    }

    /**
     * A chart that answers rows whose metric is null everywhere draws an empty frame, which the page does not call
     * "No results": so each chart's own query, its time window included ("today : tomorrow", "Last week"), must give
     * every metric a value somewhere. The fixture's last day is today in the centre's time zone and holds calls, talk,
     * goals and queue intervals for these three people, so a blank metric means a chart asks for something the marts
     * do not hold, or Superset's "today" is another day than the centre's.
     */
    @ParameterizedTest(name = "{0}''s {1}: every metric of every chart has a value in the chart''s time window")
    @CsvSource({"anna, my-performance", "lena, team", "maja, organisation"})
    void everyMetricOfEveryChartHasAValueInTheChartsOwnTimeWindow(String login, String slug) {
        RealSuperset.Session session = superset.as(login);
        JsonNode dashboard = session.dashboards().stream().filter(d -> slug.equals(d.path("slug").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(login + " cannot list " + slug));
        List<String> blank = new ArrayList<>();
        int metrics = 0;
        for (JsonNode chart : session.charts(dashboard.path("id").asInt())) {
            JsonNode formData = chart.path("form_data");
            int datasetId = Integer.parseInt(formData.path("datasource").asText().split("__")[0]);
            for (String list : List.of("metrics", "metrics_b")) {
                if (formData.path(list).isEmpty()) continue;
                String what = chart.path("slice_name").asText() + (list.equals("metrics_b") ? " (second axis)" : "");
                JsonNode rows = RealSuperset.requireData(session.chartData(RealSuperset.queryContext(datasetId,
                        RealSuperset.chartQuery(formData, list, true))), login + " / " + what);
                for (JsonNode metric : formData.path(list)) {
                    String label = metric.isTextual() ? metric.asText() : metric.path("label").asText();
                    metrics++;
                    boolean drawn = false;
                    for (JsonNode row : rows) drawn |= row.hasNonNull(label);
                    if (!drawn) blank.add(what + ": " + label + " (" + rows.size() + " rows)");
                }
            }
        }
        assertTrue(metrics > 0, "metrics on " + slug);
        assertEquals(List.of(), blank, "metrics without a value on " + slug + " as " + login);
    }
}
