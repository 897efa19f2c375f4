package org.rapport.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in headless Chromium, offline, and checks that every chart drew and nothing went to
 * the console (script errors, CSP refusals and failed loads all would). Skipped when
 * {@code /usr/bin/chromium} is absent; {@code apt-get install -y chromium} provides it. Each run takes
 * about 2 s. The full sample is left at {@code target/report-sample/report.html} for a look.
 */
@Tag("browser")
class HtmlReportBrowserTest {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    @TempDir
    Path profile;

    @Test
    void everyChartRendersWithoutConsoleMessages() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        // The payload would mark the body if it ever ran (it cannot: it is escaped, and CSP forbids it).
        String payload = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
        Path file = Paths.get("target/report-sample/report.html");
        HtmlReport.write(ReportFixture.cdnow().customerId(3, payload).note(payload).build(), file);
        Result r = open(file);
        assertThat(r.body()).contains("data-charts-rendered=\"4\"").doesNotContain("data-chart-error")
                .doesNotContain("data-pwned");
        for (String chart : List.of("tracking", "conditional", "clv", "alive")) {
            String drawn = chart(r.dom, chart);
            assertThat(drawn).as(chart).contains("<svg").contains("<path");
        }
        // Legends and marker are drawn as SVG text.
        assertThat(chart(r.dom, "tracking")).contains(">Actual<", ">Predicted<", "Calibration end 1997-09-30");
        assertThat(chart(r.dom, "conditional")).contains(">7+<");
        assertThat(r.console).isEmpty();
    }

    @Test
    void aReportWithoutHoldoutDrawsItsTwoHistograms() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path file = profile.resolve("no-holdout.html");
        HtmlReport.write(ReportFixture.cdnow().validation(null).spendModel(null).build(), file);
        Result r = open(file);
        assertThat(r.body()).contains("data-charts-rendered=\"2\"").doesNotContain("data-chart-error");
        assertThat(r.dom).contains("No holdout period");
        assertThat(chart(r.dom, "clv")).contains("<svg");
        assertThat(chart(r.dom, "alive")).contains("<svg");
        assertThat(r.console).isEmpty();
    }

    @Test
    void sectionChartsOfEveryKindRender() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path file = Paths.get("target/report-sample/report-sections.html");
        HtmlReport.write(ReportFixture.cdnow().build().withSections(List.of(ReportSectionTest.everything())), file);
        Result r = open(file);
        assertThat(r.body()).contains("data-charts-rendered=\"9\"").doesNotContain("data-chart-error")
                .doesNotContain("data-pwned");
        for (int j = 0; j < 5; j++) {
            assertThat(chart(r.dom, "brands-" + j)).as("section chart " + j).contains("<svg").contains("<path");
        }
        assertThat(chart(r.dom, "brands-4")).as("heatmap labels").contains(">thrift<", ">0.8<");
        assertThat(r.console).isEmpty();
    }

    /** The rendered DOM and the console lines Chromium logged. */
    private record Result(String dom, List<String> console) {
        /** @return the body's start tag, where the chart code records success or failure */
        String body() {
            int start = dom.indexOf("<body");
            return dom.substring(start, dom.indexOf('>', start) + 1);
        }
    }

    private Result open(Path html) throws IOException, InterruptedException {
        Path out = profile.resolve("dom.html");
        Path err = profile.resolve("stderr.txt");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
                "--user-data-dir=" + profile.resolve("chromium"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=3000", "--window-size=1280,2000", "--dump-dom",
                html.toAbsolutePath().toUri().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), console);
    }

    /** @return the markup from a chart's container to its caption */
    private static String chart(String dom, String kind) {
        int start = dom.indexOf("id=\"chart-" + kind + "\"");
        assertThat(start).as("container of " + kind).isNotNegative();
        int end = dom.indexOf("<figcaption", start);
        return dom.substring(start, end);
    }
}
