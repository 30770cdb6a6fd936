package io.indicate.superset;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
