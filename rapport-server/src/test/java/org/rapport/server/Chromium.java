package org.rapport.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium for the browser tests, and signing in through the login form. */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Skips the test when Chromium is not installed (.ci/run installs it). */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
                "browser tests need /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver; .ci/run does)");
    }

    /**
     * @param profile an empty folder for the profile
     * @param options extra settings (window size, logging), applied after the common arguments
     * @param extraArgs further command-line arguments
     * @return a driver: headless, no network but localhost, nothing downloaded
     */
    static ChromeDriver start(Path profile, java.util.function.Consumer<ChromeOptions> options, String... extraArgs) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BINARY.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--user-data-dir=" + profile);
        o.addArguments(List.of(extraArgs));
        options.accept(o);
        return new ChromeDriver(o);
    }

    /** Signs in through the form (with its CSRF field) and waits to leave the login page. */
    static void signIn(WebDriver driver, String base, String name, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/login");
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/login"));
    }
}
