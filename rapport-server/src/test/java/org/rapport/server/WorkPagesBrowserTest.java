package org.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rapport.server.auth.Role;

/**
 * The customer department's work pages used as people use them, in Chromium through the forms: the
 * analyst starts an analysis from the Jobs page (a run without a calibration date is stopped with the
 * warning that validation is dropped, and goes only when confirmed), watches it finish, finds it in the
 * run history and compares it with the earlier run (which warns that the new one has no holdout); the
 * cco allocates a budget across the segments from the workspace (a job, while the server holds the store),
 * adds a user, changes the role, deletes the user, and reads the changes in the audit log.
 * Screenshots of the states reached go to {@code target/screenshots} ({@code work-*.png}).
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkPagesBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

    private ServerFixture f;
    private ChromeDriver driver;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Chromium.assumeInstalled();
        f = new ServerFixture(dir, true, RapportServer.Options.defaults().withCurrency("EUR"));
        Files.createDirectories(SHOTS);
        driver = Chromium.start(dir.resolve("chromium"), o -> { }, "--window-size=1440,1000", "--hide-scrollbars");
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (f != null) {
            f.close();
        }
    }

    private String base() {
        return "http://localhost:" + f.server.port();
    }

    private void shot(String name, int width) throws Exception {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
        JavascriptExecutor js = driver;
        long w = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        long h = Math.min(16_000, ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue());
        Map<String, Object> s = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
        Files.write(SHOTS.resolve("work-" + name + "-" + width + ".png"), Base64.getDecoder().decode((String) s.get("data")));
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    @Test
    void anAnalystRunsAnAnalysisAndComparesItAndTheCcoAdministersAUser() throws Exception {
        Chromium.signIn(driver, base(), f.names.get(Role.ANALYST), ServerFixture.PASSWORD);
        driver.get(base() + "/jobs");
        // the form holds the last run's settings: its calibration end
        assertThat(driver.findElement(By.id("calibration-end")).getAttribute("value")).isEqualTo(f.world.calibrationEnd().toString());
        new Select(driver.findElement(By.id("job-file"))).selectByValue("transactions.csv");
        driver.findElement(By.id("calibration-end")).clear();
        driver.executeScript("arguments[0].value = ''", driver.findElement(By.id("calibration-end")));
        driver.findElement(By.id("start-job")).click();
        // no calibration date: not started, the warning says validation is dropped, the choice is kept
        assertThat(driver.findElement(By.id("job-warning")).getText()).contains("validation").contains("dropped");
        assertThat(new Select(driver.findElement(By.id("job-file"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("transactions.csv");
        assertThat(f.server.jobs().list()).isEmpty();
        shot("jobs-warning", 390);
        driver.findElement(By.id("no-holdout")).click();
        driver.findElement(By.id("start-job")).click();
        assertThat(driver.findElement(By.id("job-started")).getText()).contains("Job 1 started");
        // the table refreshes itself while the job runs
        new WebDriverWait(driver, Duration.ofSeconds(240), Duration.ofSeconds(1)).until(d -> {
            List<WebElement> done = d.findElements(By.cssSelector("#job-table tr.job-done, #job-table tr.job-failed"));
            return !done.isEmpty();
        });
        assertThat(driver.findElements(By.cssSelector("#job-table tr.job-done"))).as("the job succeeded").hasSize(1);
        String row = driver.findElement(By.cssSelector("#job-table tr.job-done")).getText();
        assertThat(row).contains("transactions.csv").contains("no calibration end").contains("Run 2 saved");
        shot("jobs-done", 1440);

        driver.get(base() + "/runs");
        assertThat(driver.findElements(By.cssSelector("table.data tbody tr"))).hasSize(2);
        assertThat(driver.findElement(By.cssSelector("table.data tbody tr")).getText()).startsWith("2").contains("no holdout");
        // sorting is in the URL
        driver.findElement(By.linkText("Run ↓")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/runs?sort=run"));
        assertThat(driver.findElement(By.cssSelector("table.data tbody tr")).getText()).startsWith("1");
        new Select(driver.findElement(By.id("run-a"))).selectByValue("1");
        new Select(driver.findElement(By.id("run-b"))).selectByValue("2");
        driver.findElement(By.id("compare")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/runs/compare"));
        assertThat(driver.getCurrentUrl()).contains("/runs/compare?a=1&b=2");
        assertThat(driver.findElement(By.id("compare-warnings")).getText()).contains("Run 2 has no holdout").contains("validation is dropped");
        shot("compare", 1440);
        shot("compare", 390);

        Chromium.signIn(driver, base(), f.names.get(Role.CCO), ServerFixture.PASSWORD);
        // the budget allocation (rapport budget allocate) while the server holds the store: a job from the workspace
        driver.get(base() + "/workspace");
        driver.findElement(By.id("alloc-total")).sendKeys("50000");
        driver.findElement(By.id("allocate")).click();
        assertThat(driver.findElement(By.id("job-started")).getText()).contains("Job 2 started");
        new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofSeconds(1)).until(d ->
                !d.findElements(By.cssSelector("#job-table tr.job-done, #job-table tr.job-failed")).isEmpty()
                        && d.findElement(By.cssSelector("#job-table tbody tr")).getText().matches("(?s).*(done|failed).*"));
        assertThat(driver.findElement(By.cssSelector("#job-table tbody tr")).getText()).contains("budget")
                .contains("allocated across").contains("done");
        driver.get(base() + "/workspace");
        assertThat(driver.findElements(By.id("not-computed"))).isEmpty();
        shot("workspace-allocated", 390);
        driver.get(base() + "/users");
        driver.findElement(By.id("new-name")).sendKeys("newbie");
        new Select(driver.findElement(By.id("new-role"))).selectByValue("segment_manager");
        driver.findElement(By.id("new-segments")).sendKeys(ServerFixture.OTHER);
        driver.findElement(By.id("new-password")).sendKeys("newbie's password");
        driver.findElement(By.id("add")).click();
        assertThat(driver.findElement(By.id("user-done")).getText()).isEqualTo("User newbie added.");
        assertThat(f.server.auth().user("newbie").orElseThrow().segments()).containsExactly(ServerFixture.OTHER);
        new Select(driver.findElement(By.id("role-newbie"))).selectByValue("analyst");
        driver.findElement(By.id("segments-newbie")).clear();
        driver.findElement(By.id("role-newbie")).submit();
        assertThat(driver.findElement(By.id("user-done")).getText()).isEqualTo("User newbie saved.");
        assertThat(f.server.auth().user("newbie").orElseThrow().role()).isEqualTo(Role.ANALYST);
        driver.findElement(By.xpath("//button[text()='Delete newbie']")).click();
        assertThat(driver.findElement(By.id("user-done")).getText()).startsWith("User newbie deleted");
        assertThat(f.server.auth().user("newbie")).isEmpty();
        driver.get(base() + "/audit");
        String audit = driver.findElement(By.cssSelector("table.data")).getText();
        assertThat(audit).contains("user added").contains("role changed").contains("user deleted").contains("analysis started");
        shot("audit", 1440);
    }
}
