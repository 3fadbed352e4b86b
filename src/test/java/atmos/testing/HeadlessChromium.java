package atmos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real, headless Chromium for tests: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver} (packages {@code chromium} and {@code chromium-driver}) with Selenium.
 *
 * <p>Nothing is downloaded: the driver path is given to Selenium explicitly, which makes it skip
 * Selenium Manager altogether, and the browser runs with background networking, component
 * updates and sync off, so it only talks to the URLs a test opens (127.0.0.1 here). Each
 * instance has its own profile directory under the directory given to {@link #start(Path)}.
 *
 * <pre>{@code
 * HeadlessChromium.requireInstalled();
 * try (HeadlessChromium browser = HeadlessChromium.start(tmp)) {
 *   browser.open(url).click("#allow");
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The flags every instance starts with; {@code --user-data-dir} is added per instance. */
    public static final List<String> FLAGS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--window-size=1024,768");

    private static final Duration WAIT = Duration.ofSeconds(60); // a loaded 2-core machine can take a while; never a reason to fail

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether Debian's chromium and chromedriver are installed. */
    public static boolean isInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Skips the calling test when chromium or chromedriver is missing, unless {@code CI=true}:
     * there the test fails, so a CI machine without the packages cannot pass silently.
     */
    public static void requireInstalled() {
        if (isInstalled()) {
            return;
        }
        String message = "needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** Starts chromedriver and a headless chromium with a fresh profile under {@code tmpDir}. */
    public static HeadlessChromium start(Path tmpDir) {
        return start(tmpDir, List.of());
    }

    /**
     * Like {@link #start(Path)}, with more flags, e.g. {@code --ignore-certificate-errors-spki-list=<hash>}
     * to accept one test server's certificate (and only that one).
     */
    public static HeadlessChromium start(Path tmpDir, List<String> extraFlags) {
        requireInstalled();
        // Selenium logs CDP version notes and retries at INFO/WARNING through JUL; keep runs quiet.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        try {
            Path profile = Files.createTempDirectory(tmpDir, "chromium-profile-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()) // explicit path: Selenium Manager is skipped
                    .usingAnyFreePort()
                    .withLogFile(tmpDir.resolve(profile.getFileName() + "-chromedriver.log").toFile())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(FLAGS);
            options.addArguments("--user-data-dir=" + profile);
            options.addArguments(extraFlags);
            options.setPageLoadTimeout(WAIT);
            ChromeDriver driver;
            try {
                driver = new ChromeDriver(service, options);
            } catch (RuntimeException e) {
                service.stop();
                throw e;
            }
            return new HeadlessChromium(service, driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Attaches to a Chromium that someone else started (atmos's Browser driver, through a wrapper that
     * adds {@code --remote-debugging-port=PORT}), to act in it as the person at the screen would.
     */
    public static HeadlessChromium attach(Path tmpDir, int debuggingPort) {
        requireInstalled();
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(tmpDir.resolve("attached-chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("debuggerAddress", "127.0.0.1:" + debuggingPort);
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options), null);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** Switches to the first tab whose URL satisfies {@code condition}, waiting up to {@code timeout}. */
    public HeadlessChromium switchToTab(Predicate<String> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String handle : driver.getWindowHandles()) {
                try {
                    driver.switchTo().window(handle);
                    if (condition.test(driver.getCurrentUrl())) {
                        return this;
                    }
                } catch (RuntimeException e) {
                    // a tab that went away meanwhile
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no tab matched within " + timeout);
            }
            sleep(100);
        }
    }

    /** Loads {@code url} and waits for the page to finish loading. */
    public HeadlessChromium open(String url) {
        driver.get(Objects.requireNonNull(url));
        return this;
    }

    /** Clicks the element {@code cssSelector} names (waiting up to 10 s for it to appear). */
    public HeadlessChromium click(String cssSelector) {
        find(cssSelector).click();
        return this;
    }

    /** Types into the element {@code cssSelector} names. */
    public HeadlessChromium type(String cssSelector, String text) {
        find(cssSelector).sendKeys(text);
        return this;
    }

    /** The visible text of the element {@code cssSelector} names. */
    public String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    /** Whether the current page has an element matching {@code cssSelector}, without waiting. */
    public boolean has(String cssSelector) {
        return !driver.findElements(By.cssSelector(cssSelector)).isEmpty();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** Waits up to {@code timeout} for the current URL to satisfy {@code condition}; returns it. */
    public String waitForUrl(Predicate<String> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String url = currentUrl();
        while (!condition.test(url)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the browser stayed at " + url);
            }
            sleep(50);
            url = currentUrl();
        }
        return url;
    }

    /** Saves a PNG of the viewport to {@code file} (to look at what a user would see). */
    public Path screenshot(Path file) {
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This instance's profile directory. */
    public Path profile() {
        return profile;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private WebElement find(String cssSelector) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return driver.findElement(By.cssSelector(cssSelector));
            } catch (NoSuchElementException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no element " + cssSelector + " on " + currentUrl(), e);
                }
                sleep(50);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
