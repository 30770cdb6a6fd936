package io.indicate.superset;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One person's view of the real Superset in headless Chromium: logs in through Superset's own login form, opens a
 * dashboard, waits until every chart has rendered, and reports the charts that show an error, with a screenshot.
 * Uses Debian's Chromium and chromedriver (installed by {@code tools/stack/browser.sh}); {@code INDICATE_CHROMIUM}
 * and {@code INDICATE_CHROMEDRIVER} point elsewhere. Each browser has its own throw-away profile.
 */
public final class DashboardBrowser implements AutoCloseable {
    private static final String CHART_HOLDER = "[data-test='dashboard-component-chart-holder']";
    private static final String LOADING = "[data-test='loading-indicator']";
    /** What Superset draws in place of a chart whose query returned no rows. */
    private static final String NO_ROWS = "No results";
    private static final String ERROR_MARK = "[role='alert'], [class*='alert-error'], [data-test='query-error-tooltip-trigger']";

    private final URI superset;
    private final Path profile;
    private final ChromeDriver browser;

    /**
     * A dashboard as it rendered: its chart holders, the texts of those showing an error, the texts of those that
     * returned no rows, a PNG of the whole page.
     */
    public record Rendered(String slug, int charts, List<String> problems, List<String> empty, byte[] screenshot) {}

    /** The dashboards {@code login} may open, by slug, with how many charts each holds (asked through the API). */
    public record Visible(String slug, String title, int charts) {}

    public DashboardBrowser(URI superset) throws IOException {
        String chromium = executable("INDICATE_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = executable("INDICATE_CHROMEDRIVER", "/usr/bin/chromedriver");
        this.superset = URI.create(superset.toString().replaceAll("/+$", ""));
        this.profile = Files.createTempDirectory("indicate-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).build();
        this.browser = new ChromeDriver(service, options);
    }

    private static String executable(String env, String fallback) {
        String path = System.getenv(env);
        if (path == null || path.isBlank()) path = fallback;
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: run tools/stack/browser.sh (or set " + env + ")");
        }
        return path;
    }

    /** The dashboards a person sees, through the API with their own password (what the browser will show them). */
    public static List<Visible> visibleTo(URI superset, String login, String password) {
        SupersetClient client = new SupersetClient(superset);
        client.login(login, password);
        List<Visible> out = new ArrayList<>();
        for (JsonNode d : client.list("/api/v1/dashboard/")) {
            int charts = client.get("/api/v1/dashboard/" + d.path("id").asInt() + "/charts").path("result").size();
            out.add(new Visible(d.path("slug").asText(), d.path("dashboard_title").asText(), charts));
        }
        out.sort(Comparator.comparing(Visible::slug));
        return out;
    }

    /**
     * Logs in through the login form. The form is drawn by React: under load, keys typed before it is live can be
     * lost, so an attempt that has not left the login page after 45 s is retried (three attempts); a failure
     * says what the page showed.
     */
    public void logIn(String login, String password) {
        List<String> seen = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            browser.get(superset + "/login/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
            try {
                WebElement user = wait.until(b -> b.findElement(By.cssSelector("input[data-test='username-input'], input#username")));
                WebElement button = wait.until(b -> b.findElement(By.cssSelector("[data-test='login-button'], button[type='submit']")));
                user.clear();
                user.sendKeys(login);
                WebElement secret = browser.findElement(By.cssSelector("input[type='password']"));
                secret.clear();
                secret.sendKeys(password);
                wait.until(b -> login.equals(user.getDomProperty("value")) && !secret.getDomProperty("value").isEmpty());
                button.click();
                wait.until(b -> !b.getCurrentUrl().contains("/login"));
                return;
            } catch (TimeoutException | StaleElementReferenceException e) {
                String said = browser.findElements(By.cssSelector("body")).stream().map(WebElement::getText).findFirst().orElse("")
                        .replace('\n', ' ');
                seen.add("attempt " + attempt + " at " + browser.getCurrentUrl() + ": " + said.substring(0, Math.min(300, said.length())));
            }
        }
        throw new IllegalStateException(login + " could not log in through Superset's login form: " + String.join(" | ", seen));
    }

    /**
     * Opens the dashboard {@code slug} as the logged-in person and waits (up to {@code timeout}) until {@code charts}
     * chart holders are there and nothing is loading, then once more after the charts have had a moment to draw.
     * The window is then made as tall as the page, so that Superset (which draws only the charts in view) draws
     * every chart, and the screenshot shows the whole dashboard.
     */
    public Rendered open(String slug, int charts, Duration timeout) {
        browser.get(superset + "/superset/dashboard/" + slug + "/");
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        Function<WebDriver, Boolean> idle = b -> b.findElements(By.cssSelector(LOADING)).isEmpty();
        wait.until(b -> b.findElements(By.cssSelector(CHART_HOLDER)).size() >= charts && idle.apply(b));
        long pageHeight = ((Number) browser.executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")).longValue();
        Dimension window = browser.manage().window().getSize();
        if (pageHeight > window.getHeight()) browser.manage().window().setSize(new Dimension(window.getWidth(), (int) pageHeight + 200));
        pause(2000);
        wait.until(idle::apply);

        List<WebElement> holders = browser.findElements(By.cssSelector(CHART_HOLDER));
        List<String> problems = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (WebElement h : holders) {
            String text = h.getText();
            boolean alert = !h.findElements(By.cssSelector(ERROR_MARK)).isEmpty();
            if (alert || text.matches("(?is).*(error|exception|access denied|not allowed|permission).*")) {
                problems.add(text.replace('\n', ' '));
            }
            if (text.contains(NO_ROWS)) empty.add(text.replace('\n', ' '));
        }
        return new Rendered(slug, holders.size(), problems, empty, browser.getScreenshotAs(OutputType.BYTES));
    }

    /** A PNG of whatever the browser shows now (for a failure report). */
    public byte[] screenshot() {
        return browser.getScreenshotAs(OutputType.BYTES);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        browser.quit();
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the browser profile " + profile, e);
        }
    }
}
