package io.indicate.superset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
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

        logIn(login);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));

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

    /**
     * Logs in through Superset's own login form. The form is drawn by React: under load a key typed before the form
     * is live can be lost, so an attempt that has not left the login page after 45 s is retried (three attempts), and
     * a failure reports what the page said and leaves a screenshot beside the dashboards'.
     */
    private void logIn(String login) throws IOException {
        List<String> seen = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            browser.get(superset.url + "/login/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
            try {
                WebElement user = wait.until(b -> b.findElement(By.cssSelector("input[data-test='username-input'], input#username")));
                WebElement button = wait.until(b -> b.findElement(By.cssSelector("[data-test='login-button'], button[type='submit']")));
                user.clear();
                user.sendKeys(login);
                WebElement password = browser.findElement(By.cssSelector("input[type='password']"));
                password.clear();
                password.sendKeys(superset.passwordOf(login));
                wait.until(b -> login.equals(user.getDomProperty("value")) && !password.getDomProperty("value").isEmpty());
                button.click();
                wait.until(b -> !b.getCurrentUrl().contains("/login"));
                return;
            } catch (TimeoutException | StaleElementReferenceException e) {
                String said = browser.findElements(By.cssSelector("body")).stream().map(WebElement::getText).findFirst().orElse("")
                        .replace('\n', ' ');
                seen.add("attempt " + attempt + " at " + browser.getCurrentUrl() + ": " + said.substring(0, Math.min(300, said.length())));
                Path dir = Files.createDirectories(RepositoryFiles.root().resolve("jobs/target/screenshots"));
                Files.write(dir.resolve("login-" + login + "-" + attempt + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            }
        }
        throw new AssertionError(login + " could not log in through the form: " + String.join(" | ", seen));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
