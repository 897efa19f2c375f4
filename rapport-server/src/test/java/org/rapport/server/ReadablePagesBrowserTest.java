package org.rapport.server;

import org.rapport.server.auth.Role;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rapport.analytics.Analytics;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.segment.SegmentBudget;
import org.rapport.pipeline.Progress;

/**
 * Every page of every role, read as a person would: signed in through the form, opened at 1440 and
 * 390 px wide over a store with the real analytics results (equity, brands, budget allocation), a
 * full-page screenshot of each kept under {@code target/screenshots}, and the page fails on text that
 * looks like raw JSON, floats with more than 4 decimals, numbers over 9,999 without thousands
 * separators, raw timestamps, mixed decimals within a table column, sideways scrolling at 390 px,
 * short values squeezed to one character a line,
 * form fields without a label, images, canvases and charts without a text alternative, and
 * headings that skip a level.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadablePagesBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final int[] WIDTHS = {1440, 390};

    /** Returns the problems of the page as sentences; arguments[0]: whether to check sideways scrolling. */
    private static final String AUDIT = """
            var out = [], root = document.documentElement, narrow = arguments[0];
            function where(e) { return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''); }
            if (narrow && root.scrollWidth > root.clientWidth) {
              var wide = Array.from(document.body.querySelectorAll('*')).filter(function (e) {
                var r = e.getBoundingClientRect(); return r.right > root.clientWidth + 1 && !e.closest('.table-wrap');
              }).map(where).slice(0, 5);
              out.push('scrolls sideways: ' + root.scrollWidth + ' px wide in ' + root.clientWidth + ' (' + wide.join(', ') + ')');
            }
            // A short figure or word squeezed into a sliver (one character a line) cannot be read.
            document.querySelectorAll('dd, td, th').forEach(function (e) {
              var t = e.textContent.trim();
              if (t.length <= 2 || t.length > 14 || t.indexOf(' ') >= 0) { return; }
              var range = document.createRange();
              range.selectNodeContents(e);
              var lines = new Set(Array.from(range.getClientRects()).map(function (r) { return Math.round(r.top); })).size;
              if (lines > 2) {
                out.push('squeezed to one character a line: "' + t + '" (' + where(e) + ', ' + lines + ' lines)');
              }
            });
            var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
            while ((n = walker.nextNode())) {
              var p = n.parentElement, t = n.nodeValue;
              if (!p || !t.trim() || p.closest('script, style, textarea, [data-chart], .id')) { continue; }
              var s = t.trim().slice(0, 90);
              if (/\\{"|":/.test(t)) { out.push('raw JSON: "' + s + '"'); }
              if (/\\d+\\.\\d{5,}/.test(t)) { out.push('more than 4 decimals: "' + s + '"'); }
              if (/(?<![\\d.,])\\d{5,}/.test(t)) { out.push('number over 9,999 without separators: "' + s + '"'); }
              if (/\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d/.test(t)) { out.push('raw timestamp: "' + s + '"'); }
              if (/\\bNaN\\b|\\bnull\\b|\\bundefined\\b|Infinity/.test(t)) { out.push('NaN/null/undefined: "' + s + '"'); }
            }
            document.querySelectorAll('table').forEach(function (t) {
              var cols = {};
              t.querySelectorAll('tbody tr').forEach(function (r) {
                Array.from(r.cells).forEach(function (c, i) {
                  if (c.classList.contains('id') || c.querySelector('.id')) { return; }
                  var m = c.textContent.trim().match(/^[^\\d-]*-?[\\d,]+(?:\\.(\\d+))?\\s*%?[^\\d]*$/);
                  if (m) { (cols[i] = cols[i] || new Set()).add(m[1] ? m[1].length : 0); }
                });
              });
              Object.keys(cols).forEach(function (i) {
                if (cols[i].size > 1) {
                  var th = t.querySelectorAll('thead th')[i];
                  out.push('mixed decimals in column "' + (th ? th.textContent.trim() : i) + '" of ' + where(t) + ' ' + (t.caption ? t.caption.textContent.trim() : ''));
                }
              });
            });
            document.querySelectorAll('input, select, textarea').forEach(function (e) {
              if (['hidden', 'submit', 'button'].indexOf(e.type) >= 0) { return; }
              if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')) {
                out.push('form field without a label: ' + where(e));
              }
            });
            document.querySelectorAll('img').forEach(function (e) { if (!e.hasAttribute('alt')) { out.push('image without alt: ' + e.src); } });
            document.querySelectorAll('[data-chart]').forEach(function (e) {
              if (!(e.getAttribute('aria-label') || '').trim()) { out.push('chart without a text alternative: ' + where(e)); }
            });
            document.querySelectorAll('canvas').forEach(function (e) {
              var a = e.closest('[aria-label]');
              if (!a || !a.getAttribute('aria-label').trim()) { out.push('canvas without a text alternative in ' + where(e.parentElement)); }
            });
            var hs = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')), last = 0, h1 = 0;
            hs.forEach(function (h) {
              var l = +h.tagName[1];
              if (l === 1) { h1++; }
              if (l > last + 1) { out.push('heading skips a level: h' + l + ' "' + h.textContent.trim().slice(0, 40) + '" after h' + last); }
              last = l;
            });
            if (h1 !== 1) { out.push(h1 + ' h1 headings (one expected)'); }
            return out;
            """;

    private ServerFixture f;
    private ChromeDriver driver;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Chromium.assumeInstalled();
        // the real analytics results (equity with its projection, brands, budget allocation), not the fixture's stand-ins
        f = new ServerFixture(dir, true, RapportServer.Options.defaults().withCurrency("€"), store -> {
            Analytics.run(store, AnalyticsOptions.defaults(), Progress.NONE);
            SegmentBudget.allocate(store, 50_000, SegmentBudget.Parameters.defaults(), false);
            CampaignFixture.record(store, java.time.LocalDate.parse("2023-09-30"));
        });
        // audit rows of the shapes the server writes (lists, records with numbers), so the audit page shows them in words
        f.server.auth().audit("cco", "user.segments", "sam", List.of("high_value"), List.of("high_value", "the_rest"));
        f.server.auth().audit("analyst", "upload", "may-2026.csv", null, Map.of("bytes", 1_234_567));
        f.server.auth().audit("cco", "segment.budget", "high_value", 25_000.5, 30_000);
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

    private void signIn(Role role) {
        viewport(1440);
        Chromium.signIn(driver, base(), f.names.get(role), ServerFixture.PASSWORD);
    }

    private void viewport(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Opens a page at each width, keeps its screenshots, and adds its problems to {@code problems}. */
    private void audit(String role, String path, Map<String, List<String>> problems) throws Exception {
        for (int width : WIDTHS) {
            viewport(width);
            driver.get(base() + path);
            JavascriptExecutor js = driver;
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> (Boolean) js.executeScript(
                    "return document.readyState === 'complete' && Array.from(document.querySelectorAll('[data-chart]'))"
                            + ".every(e => e.hasAttribute('data-rendered') || e.hasAttribute('data-chart-error'))"));
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) js.executeScript(AUDIT, width < 600);
            if (!found.isEmpty()) {
                problems.put(role + " " + path + " at " + width + " px", new ArrayList<>(new java.util.LinkedHashSet<>(found)));
            }
            screenshot(role + path.replaceAll("[^A-Za-z0-9]+", "-") + "-" + width + ".png");
        }
    }

    private void screenshot(String name) throws Exception {
        JavascriptExecutor js = driver;
        long w = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        long h = Math.min(16_000, ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
        Files.write(SHOTS.resolve(name.replaceAll("-+", "-")), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** The README's picture of the CCO's overview: 960 px wide, down to the relationship-group quadrant. */
    private void readmeOverview() throws Exception {
        signIn(Role.CCO);
        viewport(960);
        driver.get(base() + "/overview");
        JavascriptExecutor js = driver;
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> (Boolean) js.executeScript(
                "return Array.from(document.querySelectorAll('[data-chart]')).every(e => e.hasAttribute('data-rendered'))"));
        long bottom = ((Number) js.executeScript("var r = document.getElementById('chart-groups-quadrant').closest('section, figure')"
                + ".getBoundingClientRect(); return Math.ceil(r.bottom + window.scrollY + 16);")).longValue();
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", 960, "height", bottom, "scale", 1)));
        Files.write(SHOTS.resolve("readme-dashboard-overview.png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    @Test
    void everyPageOfEveryRoleIsReadableAndFitsAPhone() throws Exception {
        String customer = (String) f.customerOf(ServerFixture.OWN).get("id");
        String email = (String) f.customerOf(ServerFixture.OWN).get("email");
        Map<Role, List<String>> pages = new LinkedHashMap<>();
        pages.put(Role.CCO, List.of("/overview", "/workspace", "/workspace?segment=" + ServerFixture.OTHER, "/brands", "/validation",
                "/desk", "/desk?contact=" + email, "/customers/" + customer, "/no-such-page", "/campaigns?campaign=" + CampaignFixture.OTHER,
                "/jobs", "/runs", "/runs/compare?a=1", "/users", "/audit"));
        pages.put(Role.ANALYST, List.of("/overview", "/brands", "/validation", "/desk", "/customers/" + customer, "/workspace", "/jobs",
                "/runs?sort=-totalClv"));
        pages.put(Role.SEGMENT_MANAGER, List.of("/workspace", "/customers/" + customer, "/overview", "/campaigns",
                "/campaigns?campaign=" + CampaignFixture.OWN));
        pages.put(Role.AGENT, List.of("/desk", "/desk?contact=" + email, "/customers/" + customer));
        Map<String, List<String>> problems = new LinkedHashMap<>();
        List<String> opened = new ArrayList<>();
        for (Map.Entry<Role, List<String>> e : pages.entrySet()) {
            signIn(e.getKey());
            for (String path : e.getValue()) {
                audit(e.getKey().id(), path, problems);
                opened.add(e.getKey().id() + " " + path);
            }
        }
        assertThat(opened).hasSize(31);
        readmeOverview();
        StringBuilder report = new StringBuilder();
        problems.forEach((page, list) -> report.append("\n").append(page).append(":\n  ").append(String.join("\n  ", list)));
        assertThat(problems).as("pages that are not readable (screenshots in %s):%s", SHOTS.toAbsolutePath(), report).isEmpty();
    }
}
