package org.rapport.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.pipeline.report.ReportData.Histogram;
import org.rapport.pipeline.report.ReportData.TrackingPoint;
import org.rapport.pipeline.report.ReportData.Validation;

class HtmlReportTest {
    private static final String ATTACK = "<script>alert(1)</script>";
    private static final Pattern JSON_BLOCK =
            Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    /** An element start tag with a src or href attribute, quoted or not. */
    private static final Pattern SRC_OR_HREF =
            Pattern.compile("<[a-zA-Z][^>]*?\\s(src|href)\\s*=\\s*[\"']?([^\"'\\s>]*)", Pattern.CASE_INSENSITIVE);

    @Test
    void everySectionAppears() {
        String html = HtmlReport.render(ReportFixture.cdnow().build());
        for (String id : List.of("header", "totals", "quality", "purchase-model", "spend-model", "validation",
                "distributions", "top-customers")) {
            assertThat(html).contains("id=\"" + id + "\"");
        }
        for (String chart : List.of("tracking", "conditional", "clv", "alive")) {
            assertThat(html).contains("data-chart=\"" + chart + "\"");
        }
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">")
                .contains("<title>CDNOW customer value</title>")
                .contains("data/cdnow/cdnow_transactions.csv", "2024-05-01 14:03 UTC", "calibration end")
                .contains("Purchase model: BG/NBD", "Spend model: Gamma-Gamma", "Pareto/NBD", "highest holdout log-likelihood", "Holdout log-likelihood")
                .contains("Parameters with 95% intervals", "Log-likelihood", "AIC", "BIC", "Std. error")
                .contains("Calibration ends <strong>1997-09-30</strong>", "MAE", "RMSE", "Bias", "Aggregate error")
                .contains("Customers by CLV", "Customers by P(alive)", "The 20 customers with the highest CLV")
                .contains("Several purchases on one day count as one transaction.", "(546 days)");
        // The chart library is inlined, not referenced.
        assertThat(html).contains("t.version=\"5.3.1\"");
    }

    @Test
    void figuresAreFormattedWithThousandsSeparatorsAndSensiblePrecision() {
        ReportData d = ReportFixture.cdnow().build();
        String html = HtmlReport.render(d);
        // BG/NBD on CDNOW: LL -9582.43 (lifetimes -9582.426); 2,357 customers; r printed to 4 digits.
        assertThat(html).contains(">-9,582.43<", ">2,357<", ">" + Fmt.sig(d.purchaseModel().parameters().get(0).value(), 4) + "<");
        assertThat(Fmt.sig(d.purchaseModel().parameters().get(0).value(), 4)).isEqualTo("0.2426");
        assertThat(html).contains(">\u03b1<"); // alpha shown as its symbol
        // Published Gamma-Gamma has no standard errors: they print as an en dash, not "NaN" (the
        // stand-in library keeps the check to our own text; the real one says NaN in its code).
        String own = HtmlReport.render(d, "/* chart library */");
        assertThat(own).doesNotContain("NaN").doesNotContain("Infinity").contains("<td class=\"num\">\u2013</td>");
    }

    @Test
    void nullValidationAndSpendModelAreStatedInWords() throws Exception {
        String html = HtmlReport.render(ReportFixture.cdnow().validation(null).spendModel(null).build());
        assertThat(html).contains("id=\"validation\"", "No holdout period", "id=\"spend-model\"", "No spend model")
                .contains("no holdout") // the summary card
                .doesNotContain("data-chart=\"tracking\"").doesNotContain("data-chart=\"conditional\"")
                .contains("data-chart=\"clv\"", "data-chart=\"alive\"");
        JsonNode charts = json(html).get("charts");
        assertThat(charts.get("tracking").isNull()).isTrue();
        assertThat(charts.get("conditional").isNull()).isTrue();
        assertThat(charts.get("clv").get("counts").size()).isEqualTo(9);
        assertThat(json(html).get("data").get("validation").isNull()).isTrue();
    }

    @Test
    void missingHistogramsAndEmptyListsRenderAsRemarks() {
        ReportData d = ReportFixture.cdnow().clvHistogram(null).aliveHistogram(null).candidates(null).build();
        String html = HtmlReport.render(d);
        assertThat(html).contains("Not available.", "Only this model was fitted")
                .doesNotContain("data-chart=\"clv\"").doesNotContain("data-chart=\"alive\"");
    }

    @Test
    void textFromTheDataIsEscapedInHtmlAndJson() throws Exception {
        String lineSep = "line\u2028separator\u2029end <!-- comment";
        ReportData d = ReportFixture.cdnow().customerId(0, ATTACK).note(ATTACK).note(lineSep)
                .title("Q&A <b>bold</b>").source("/data/\"quoted\"/it's<x>.csv").option("seg'ment", ATTACK).build();
        String html = HtmlReport.render(d);

        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
        // customer id (table), note (list), option value: each escaped, never raw
        assertThat(count(html, escaped)).isEqualTo(3);
        assertThat(html).doesNotContain(ATTACK).doesNotContain("<b>bold</b>")
                .contains("<title>Q&amp;A &lt;b&gt;bold&lt;/b&gt;</title>")
                .contains("/data/&quot;quoted&quot;/it&#39;s&lt;x&gt;.csv", "seg&#39;ment");
        // Only the page's own three script elements exist, and the JSON block cannot be closed early.
        assertThat(count(html.toLowerCase(java.util.Locale.ROOT), "<script")).isEqualTo(3);
        String block = jsonText(html);
        assertThat(block).doesNotContain("<").doesNotContain(">").doesNotContain("\u2028").doesNotContain("\u2029")
                .contains("\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E", "\\u2028", "\\u2029", "\\u003C!--");
        // ...and still parses back to the original text.
        JsonNode data = json(html).get("data");
        assertThat(data.get("topCustomers").get(0).get("customerId").asText()).isEqualTo(ATTACK);
        List<String> notes = new ArrayList<>();
        data.get("quality").get("notes").forEach(n -> notes.add(n.asText()));
        assertThat(notes).contains(ATTACK, lineSep);
        assertThat(data.get("title").asText()).isEqualTo("Q&A <b>bold</b>");
    }

    @Test
    void noExternalResourceIsReferenced() {
        // Our own markup, with a stand-in library: no URL of any kind, no src, only in-page links.
        String own = HtmlReport.render(ReportFixture.cdnow().build(), "/* chart library */");
        assertThat(own).doesNotContainPattern("(?i)https?:").doesNotContain("//cdn").doesNotContainPattern("(?i)url\\s*\\(")
                .doesNotContainPattern("(?i)@import").doesNotContainPattern("(?i)\\ssrc\\s*=");
        Matcher m = SRC_OR_HREF.matcher(own);
        int links = 0;
        while (m.find()) {
            assertThat(m.group(1)).isEqualToIgnoringCase("href");
            assertThat(m.group(2)).startsWith("#");
            links++;
        }
        assertThat(links).isEqualTo(7); // the table of contents
        // The whole page, library included: no element loads anything, and the only http(s) text is
        // the library's own (licence comments, SVG namespace strings).
        String html = HtmlReport.render(ReportFixture.cdnow().build());
        Matcher all = SRC_OR_HREF.matcher(html);
        while (all.find()) {
            assertThat(all.group(2)).doesNotContainPattern("(?i)^(https?:|//|file:|data:)");
        }
        String library = ChartLibrary.source();
        assertThat(count(html, "http://") + count(html, "https://"))
                .isEqualTo(count(library, "http://") + count(library, "https://"));
        assertThat(html).contains("default-src 'none'");
    }

    @Test
    void contentSecurityPolicyPinsExactlyThePagesScripts() throws Exception {
        String html = HtmlReport.render(ReportFixture.cdnow().build(), "var echarts = {};");
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        List<String> hashes = new ArrayList<>();
        while (scripts.find()) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(scripts.group(1).getBytes(StandardCharsets.UTF_8));
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
        }
        assertThat(hashes).hasSize(2);
        Matcher csp = Pattern.compile("script-src ([^;]*);").matcher(html);
        assertThat(csp.find()).isTrue();
        assertThat(csp.group(1).split(" ")).containsExactlyInAnyOrderElementsOf(hashes);
    }

    @Test
    void nonFiniteNumbersBecomeJsonNull() throws Exception {
        ReportFixture f = ReportFixture.cdnow();
        Validation v = f.validation();
        List<TrackingPoint> tracking = new ArrayList<>(v.tracking());
        TrackingPoint p = tracking.get(0);
        tracking.set(0, new TrackingPoint(p.period(), p.date(), p.actual(), Double.NaN));
        ReportData d = f.validation(new Validation(v.calibrationEnd(), v.holdoutEnd(), v.buckets(), tracking,
                        v.mae(), Double.POSITIVE_INFINITY, v.bias(), Double.NEGATIVE_INFINITY))
                .clvHistogram(new Histogram("CLV", new double[] {0, 10, Double.POSITIVE_INFINITY}, new long[] {5, 7}))
                .build();
        String html = HtmlReport.render(d);
        // Jackson's default parser rejects NaN/Infinity tokens, so parsing is itself the check.
        JsonNode root = json(html);
        JsonNode val = root.get("data").get("validation");
        assertThat(val.get("rmse").isNull()).isTrue();
        assertThat(val.get("aggregateError").isNull()).isTrue();
        assertThat(val.get("mae").isNumber()).isTrue();
        assertThat(val.get("mae").asDouble()).isEqualTo(v.mae()); // shortest repr: parses back to the same double
        assertThat(root.get("charts").get("tracking").get("predicted").get(0).isNull()).isTrue();
        assertThat(root.get("charts").get("tracking").get("actual").get(0).asDouble()).isEqualTo(p.actual());
        assertThat(root.get("data").get("clvHistogram").get("edges").get(2).isNull()).isTrue();
        assertThat(root.get("charts").get("clv").get("labels").get(1).asText()).isEqualTo("10\u2013\u221e");
        JsonNode gg = root.get("data").get("spendModel").get("parameters").get(0);
        assertThat(gg.get("stdError").isNull()).isTrue();
        assertThat(gg.get("value").asDouble()).isEqualTo(6.25);
        assertThat(root.get("format").asText()).isEqualTo(ReportJson.FORMAT);
        assertThat(root.get("data").get("generatedAt").asText()).isEqualTo("2024-05-01T14:03:27Z");
        assertThat(html).contains(">\u221e<"); // RMSE card
    }

    @Test
    void trackingMarkerSitsOnTheLastPeriodOfTheCalibration() throws Exception {
        JsonNode t = json(HtmlReport.render(ReportFixture.cdnow().build())).get("charts").get("tracking");
        // Week 39 of the fixture ends on 1997-09-30, the calibration end.
        assertThat(t.get("marker").asText()).isEqualTo("1997-09-30");
        assertThat(t.get("labels").size()).isEqualTo(78);
        assertThat(t.get("markerLabel").asText()).isEqualTo("Calibration end 1997-09-30");
    }

    @Test
    void badInputFailsWithAClearMessage() {
        ReportData noModel = ReportFixture.cdnow().purchaseModel(null).build();
        assertThatThrownBy(() -> HtmlReport.render(noModel)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("no purchase model");
        ReportData badHistogram = ReportFixture.cdnow()
                .clvHistogram(new Histogram("CLV", new double[] {0, 1}, new long[] {1, 2})).build();
        assertThatThrownBy(() -> HtmlReport.render(badHistogram)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("histogram 'CLV' has 2 edges for 2 counts");
    }

    @Test
    void missingChartLibraryFailsClearly() {
        ClassLoader empty = new ClassLoader(null) {
        };
        assertThatThrownBy(() -> ChartLibrary.load(empty)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not on the classpath").hasMessageContaining("org.webjars.npm:echarts")
                .hasMessageContaining(ChartLibrary.RESOURCE);
        // The pinned path exists on the real classpath (a version bump that forgets it fails here).
        assertThat(ChartLibrary.load(HtmlReport.class.getClassLoader())).contains("t.version=\"5.3.1\"");
    }

    @Test
    void writeCreatesFoldersAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        ReportData d = ReportFixture.cdnow().build();
        Path out = dir.resolve("a/b/report.html");
        HtmlReport.write(d, out);
        HtmlReport.write(d, out); // replaces
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(HtmlReport.render(d));
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.html");
        }
        Path blocked = dir.resolve("file");
        Files.writeString(blocked, "x");
        assertThatThrownBy(() -> HtmlReport.write(d, blocked.resolve("report.html")))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("cannot write the report to");
    }

    @Test
    void modelNamesReadLikeThePapers() {
        assertThat(HtmlReport.modelName("bgnbd")).isEqualTo("BG/NBD");
        assertThat(HtmlReport.modelName("pareto-nbd")).isEqualTo("Pareto/NBD");
        assertThat(HtmlReport.modelName("Gamma-Gamma")).isEqualTo("Gamma-Gamma");
        assertThat(HtmlReport.modelName("custom")).isEqualTo("custom");
    }

    static String jsonText(String html) {
        Matcher m = JSON_BLOCK.matcher(html);
        assertThat(m.find()).as("the JSON block").isTrue();
        return m.group(1);
    }

    static JsonNode json(String html) throws Exception {
        return new ObjectMapper().readTree(jsonText(html));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
