package org.rapport.server;

import org.rapport.server.auth.Role;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromedriver; nothing downloaded): each
 * role signs in through the form and opens every page it may; every chart draws (an ECharts instance
 * with series on a canvas) and the console stays free of errors (CSP refusals, failed loads, script
 * errors all land there). The segment manager edits a rule and sees the live count change.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private ServerFixture f;
    private WebDriver driver;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Chromium.assumeInstalled();
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
        driver = Chromium.start(dir.resolve("chromium"),
                o -> o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL")), "--window-size=1400,1000");
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

    /** Chromium resolves no name but localhost (--host-resolver-rules), and maps even an IP: use localhost. */
    private String base() {
        return "http://localhost:" + f.server.port();
    }

    private void signIn(Role role) {
        Chromium.signIn(driver, base(), f.names.get(role), ServerFixture.PASSWORD);
    }

    /** Opens a page, waits for its charts, and returns how many drew; fails on a chart or console error. */
    private int open(String path, int atLeastCharts) {
        driver.get(base() + path);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> (Boolean) js.executeScript(
                "return document.readyState === 'complete' && Array.from(document.querySelectorAll('[data-chart]'))"
                        + ".every(e => e.hasAttribute('data-rendered') || e.hasAttribute('data-chart-error'))"));
        assertThat(driver.findElements(By.cssSelector("[data-chart-error]"))).as(path + " chart errors").isEmpty();
        List<WebElement> charts = driver.findElements(By.cssSelector("[data-chart]"));
        assertThat(charts.size()).as(path + " charts").isGreaterThanOrEqualTo(atLeastCharts);
        for (WebElement c : charts) {
            Object series = js.executeScript("var i = echarts.getInstanceByDom(arguments[0]); "
                    + "return i ? i.getOption().series.reduce((n, s) => n + (s.data ? s.data.length : 0), 0) : -1", c);
            assertThat(((Number) series).intValue()).as(path + " " + c.getAttribute("id") + " data points").isPositive();
            assertThat(c.findElements(By.tagName("canvas"))).as(path + " canvas").isNotEmpty();
        }
        List<String> console = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(e.getLevel() + " " + e.getMessage());
        }
        assertThat(console).as(path + " console").isEmpty();
        return charts.size();
    }

    @Test
    void eachRoleOpensEveryPageItMayAndEveryChartDraws() {
        String customer = (String) f.customerOf(ServerFixture.OWN).get("id");
        signIn(Role.CCO);
        assertThat(driver.getCurrentUrl()).endsWith("/overview");
        open("/overview", 4);
        assertThat(driver.getPageSource()).contains("Customer-centric scorecard").contains("Product-centric scorecard")
                .contains("true_friend");
        open("/brands", 2);
        assertThat(driver.getPageSource()).contains("Gamma").contains("small and shrinking");
        open("/validation", 2);
        open("/workspace", 0);
        open("/customers/" + customer, 1);
        assertThat(driver.getPageSource()).contains("Buys the base card often");
        open("/desk", 0);

        signIn(Role.ANALYST);
        open("/overview", 4);
        open("/validation", 2);
        driver.get(base() + "/workspace");
        // a forbidden page is an HTML page with the navigation, not JSON
        assertThat(driver.findElement(By.id("error-page")).getAttribute("data-status")).isEqualTo("403");
        assertThat(driver.findElements(By.cssSelector("header nav a"))).isNotEmpty();
        driver.manage().logs().get(LogType.BROWSER); // drops the expected 403 (and its favicon request) from the console

        signIn(Role.AGENT);
        assertThat(driver.getCurrentUrl()).endsWith("/desk");
        open("/desk?contact=" + f.customerOf(ServerFixture.OWN).get("email"), 0);
        assertThat(driver.findElement(By.id("queue")).getText()).isEqualTo("premium-desk");
        assertThat(driver.findElements(By.cssSelector("#talking-points li"))).isNotEmpty();
        driver.findElement(By.id("route-customer")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/customers/"));
        open(driver.getCurrentUrl().substring(base().length()), 1);
        assertThat(driver.getPageSource()).contains("P(alive) and CLV");

        signIn(Role.SEGMENT_MANAGER);
        assertThat(driver.getCurrentUrl()).endsWith("/workspace");
        open("/workspace", 0);
        open("/customers/" + customer, 1);
    }

    @Test
    void aSegmentManagerEditsTheRuleAndSeesTheCountChangeThenSavesIt() {
        signIn(Role.SEGMENT_MANAGER);
        open("/workspace?segment=" + ServerFixture.OWN, 0);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        long before = Long.parseLong(driver.findElement(By.id("count-value")).getAttribute("data-count"));
        // a segment manager's live count covers the customers of their own segments (issue 15 item 10)
        long expected = f.store.queryLong("SELECT count(*) FROM customer_scores s JOIN customer_segment c USING (customer_id) "
                + "WHERE s.p_alive > 0.8 AND s.x >= 2 AND c.segment = ?", ServerFixture.OWN);
        assertThat(expected).isNotEqualTo(before).isPositive();
        WebElement rule = driver.findElement(By.id("rule"));
        rule.clear();
        rule.sendKeys("p_alive > 0.8 and x >= 2");
        wait.until(d -> String.valueOf(expected).equals(d.findElement(By.id("count-value")).getAttribute("data-count")));
        rule.sendKeys(" and colour = 'red'");
        wait.until(d -> "false".equals(d.findElement(By.id("count-value")).getAttribute("data-valid")));
        assertThat(driver.findElement(By.id("count-value")).getText()).contains("unknown field 'colour'");
        rule.clear();
        rule.sendKeys("p_alive > 0.8 and x >= 2");
        wait.until(d -> String.valueOf(expected).equals(d.findElement(By.id("count-value")).getAttribute("data-count")));
        driver.findElement(By.id("save")).click();
        wait.until(d -> !d.findElements(By.id("saved")).isEmpty());
        assertThat(f.store.queryFirst("SELECT rule FROM segments WHERE name = ?", rs -> rs.getString(1), ServerFixture.OWN).orElseThrow())
                .isEqualTo("p_alive > 0.8 and x >= 2");
        // The customer list searches and sorts through htmx.
        String total = driver.findElement(By.id("customer-total")).getText();
        driver.findElement(By.id("customer-search")).sendKeys("1");
        wait.until(d -> !d.findElement(By.id("customer-total")).getText().equals(total));
        for (WebElement link : driver.findElements(By.cssSelector("#customer-table tbody td:first-child a"))) {
            assertThat(link.getText()).startsWith("1");
        }
        assertThat(new ArrayList<>(driver.manage().logs().get(LogType.BROWSER).getAll())).isEmpty();
    }
}
