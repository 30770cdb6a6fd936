package io.indicate.superset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each of an agent, a lead and a manager logs in to the real Superset in headless Chromium (Debian's, installed by
 * {@code tools/stack/browser.sh}), opens their dashboard, waits until every chart has rendered, and finds no chart
 * showing an error; a screenshot of each dashboard is saved as {@code target/screenshots/<slug>.png}.
 */
@Tag("real-superset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private RealSuperset superset;
    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    void superset() {
        for (String exe : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(Path.of(exe)), exe + " is missing: run tools/stack/browser.sh");
        }
        superset = RealSuperset.shared();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        profile = Files.createTempDirectory("indicate-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) browser.quit();
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @ParameterizedTest(name = "{0} opens {1}")
    @CsvSource({"anna, my-performance", "lena, team", "maja, organisation"})
    void aPersonOpensTheirDashboardAndEveryChartRendersWithoutAnError(String login, String slug) throws IOException {
        int charts = superset.as(login).charts(superset.as(login).dashboards().stream()
                .filter(d -> d.path("slug").asText().equals(slug)).findFirst().orElseThrow(() -> new AssertionError(login + " cannot list " + slug))
                .path("id").asInt()).size();

        browser.get(superset.url + "/login/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        WebElement user = wait.until(b -> b.findElement(By.cssSelector("input[data-test='username-input'], input#username")));
        user.sendKeys(login);
        WebElement password = browser.findElement(By.cssSelector("input[type='password']"));
        password.sendKeys(superset.passwordOf(login));
        password.sendKeys(Keys.ENTER);
        wait.until(b -> !b.getCurrentUrl().contains("/login"));

        browser.get(superset.url + "/superset/dashboard/" + slug + "/");
        // rendered: every chart holder is there and no loading indicator is left anywhere
        wait.until(b -> b.findElements(By.cssSelector("[data-test='dashboard-component-chart-holder']")).size() >= charts
                && b.findElements(By.cssSelector("[data-test='loading-indicator']")).isEmpty());
        // charts draw after their data arrives; settle a moment, then check again that nothing is loading
        sleep(2000);
        wait.until(b -> b.findElements(By.cssSelector("[data-test='loading-indicator']")).isEmpty());

        List<WebElement> holders = browser.findElements(By.cssSelector("[data-test='dashboard-component-chart-holder']"));
        assertEquals(charts, holders.size(), "chart holders on " + slug);
        List<String> problems = new ArrayList<>();
        for (WebElement h : holders) {
            String text = h.getText();
            boolean alert = !h.findElements(By.cssSelector("[role='alert'], [class*='alert-error'], [data-test='query-error-tooltip-trigger']")).isEmpty();
            if (alert || text.matches("(?is).*(error|exception|access denied|not allowed|permission).*")) {
                problems.add(text.replace('\n', ' '));
            }
        }
        Path dir = Files.createDirectories(RepositoryFiles.root().resolve("jobs/target/screenshots"));
        Files.write(dir.resolve(slug + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertEquals(List.of(), problems, "charts showing an error on " + slug + " as " + login);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
