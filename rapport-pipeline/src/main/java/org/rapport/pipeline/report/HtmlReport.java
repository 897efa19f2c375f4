package org.rapport.pipeline.report;

import static org.rapport.pipeline.report.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.rapport.pipeline.report.Html.Column;
import org.rapport.pipeline.report.Html.Row;
import org.rapport.pipeline.report.ReportData.CustomerRow;
import org.rapport.pipeline.report.ReportData.Histogram;
import org.rapport.pipeline.report.ReportData.ModelSummary;
import org.rapport.pipeline.report.ReportData.Quality;
import org.rapport.pipeline.report.ReportData.Setting;
import org.rapport.pipeline.report.ReportData.Totals;
import org.rapport.pipeline.report.ReportData.Validation;

/**
 * Writes {@link ReportData} as one self-contained HTML file that works offline: styles, the chart
 * code and Apache ECharts (from its WebJar) are inlined, and the page loads nothing from anywhere. A
 * Content-Security-Policy in the page says so to the browser as well: no network source is allowed,
 * and only the page's own scripts (pinned by their SHA-256) may run, so even text that escaped the
 * escaping could not execute.
 *
 * <p>The sections, each an element with a fixed id: {@code header} (title, source, time, run
 * options), {@code totals}, {@code quality}, {@code purchase-model} (parameters with standard errors
 * and intervals, LL/AIC/BIC, the candidates and why one was chosen), {@code spend-model},
 * {@code validation} (tracking and conditional-expectation plots as in Fader, Hardie &amp; Lee 2005,
 * figures 2 and 4; error measures), {@code distributions} (CLV and P(alive)) and
 * {@code top-customers}. A null spend model or validation is stated in words, never left blank.
 *
 * <p>Numbers are formatted with {@link Locale#ROOT} conventions (comma thousands separator, point
 * decimal), so a report reads the same wherever it was made. The data also travels in the page as
 * JSON (see {@link ReportJson}), which the chart code reads.
 */
public final class HtmlReport {
    private static final String DEFAULT_TITLE = "Customer value report";
    private static final String CSS = resource("report.css");
    private static final String CHART_CODE = resource("report.js");
    private static final Map<String, String> MODEL_NAMES = Map.of(
            "bgnbd", "BG/NBD", "pnbd", "Pareto/NBD", "paretonbd", "Pareto/NBD", "mbgnbd", "MBG/NBD",
            "bgbb", "BG/BB", "sbg", "sBG", "gg", "Gamma-Gamma", "gammagamma", "Gamma-Gamma");
    private static final Map<String, String> SYMBOLS = Map.of(
            "alpha", "\u03b1", "beta", "\u03b2", "gamma", "\u03b3", "delta", "\u03b4");

    private HtmlReport() {
    }

    /**
     * Renders the report.
     *
     * @param data the report data; {@code quality}, {@code purchaseModel} and {@code totals} are
     *     required, {@code spendModel}, {@code validation} and the histograms may be null, null lists
     *     count as empty
     * @return the whole HTML document
     * @throws NullPointerException if a required part is missing
     * @throws IllegalArgumentException if a histogram does not have one edge more than counts
     * @throws IllegalStateException if the ECharts WebJar is not on the classpath
     */
    public static String render(ReportData data) {
        return render(data, ChartLibrary.source());
    }

    /**
     * Renders the report and writes it to a file in UTF-8, creating missing parent folders. The text
     * goes to a temporary file beside {@code out} first and is then moved over it, so a reader never
     * sees half a report.
     *
     * @param data the report data, as for {@link #render(ReportData)}
     * @param out the file to write
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(ReportData data, Path out) {
        String html = render(data);
        Path target = out.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            // Not Files.createTempFile: its owner-only permissions would stay on the report.
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(tmp, html, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
        }
    }

    /** The renderer with the chart library given, so tests need not depend on the classpath. */
    static String render(ReportData data, String chartLibrary) {
        check(data);
        String title = data.title() == null || data.title().isBlank() ? DEFAULT_TITLE : data.title();
        String library = "\n" + chartLibrary + "\n";
        String chartCode = "\n" + CHART_CODE;
        StringBuilder out = new StringBuilder(chartLibrary.length() + 128 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("script-src '").append(sha256(library)).append("' '").append(sha256(chartCode))
                .append("'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Rapport\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<div class=\"page\">\n");
        header(out, data, title);
        totals(out, data);
        quality(out, data.quality());
        ModelSections.purchaseModel(out, data.purchaseModel(), list(data.candidates()));
        ModelSections.spendModel(out, data.spendModel());
        ModelSections.validation(out, data.validation());
        distributions(out, data.clvHistogram(), data.aliveHistogram());
        List<ReportSection> sections = list(data.sections());
        for (int i = 0; i < sections.size(); i++) {
            section(out, sections.get(i), i);
        }
        topCustomers(out, list(data.topCustomers()));
        out.append("<footer>Generated by Rapport on ").append(esc(Fmt.instant(data.generatedAt())))
                .append(". Intervals are approximate (asymptotic normality of the maximum-likelihood estimates): ")
                .append("they show sampling uncertainty, not the risk that the model is wrong for these data, ")
                .append("which the holdout validation checks.</footer>\n</div>\n")
                .append("<noscript><p class=\"notice\">The charts need JavaScript; every figure is also in the tables.</p></noscript>\n")
                .append("<script type=\"application/json\" id=\"report-data\">").append(ReportJson.toJson(data))
                .append("</script>\n<script>").append(library).append("</script>\n<script>").append(chartCode)
                .append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void header(StringBuilder out, ReportData data, String title) {
        out.append("<header class=\"report-header\" id=\"header\">\n<h1>").append(esc(title)).append("</h1>\n")
                .append("<p class=\"meta\"><strong>Source</strong> ")
                .append(esc(data.source() == null ? Fmt.MISSING : data.source()))
                .append(" &middot; <strong>Generated</strong> ").append(esc(Fmt.instant(data.generatedAt())))
                .append("</p>\n<ul class=\"options\" aria-label=\"Run options\">");
        List<Setting> options = list(data.options());
        if (options.isEmpty()) {
            out.append("<li><span class=\"k\">options</span> defaults</li>");
        }
        for (Setting s : options) {
            out.append("<li><span class=\"k\">").append(esc(s.name())).append("</span> ").append(esc(s.value()))
                    .append("</li>");
        }
        out.append("</ul>\n<nav class=\"toc\" aria-label=\"Sections\">");
        String[][] links = {{"totals", "Summary"}, {"quality", "Data quality"}, {"purchase-model", "Purchase model"},
            {"spend-model", "Spend model"}, {"validation", "Holdout validation"}, {"distributions", "Distributions"},
            {"top-customers", "Top customers"}};
        for (String[] l : links) {
            out.append("<a href=\"#").append(l[0]).append("\">").append(l[1]).append("</a>");
        }
        for (ReportSection s : list(data.sections())) {
            out.append("<a href=\"#").append(esc(s.id())).append("\">").append(esc(s.title())).append("</a>");
        }
        out.append("</nav>\n</header>\n");
    }

    private static void totals(StringBuilder out, ReportData data) {
        Totals t = data.totals();
        open(out, "totals", "Summary");
        out.append("<div class=\"kpis\">");
        Html.kpi(out, "Customers", Fmt.count(t.customers()), null);
        Html.kpi(out, "Total CLV", Fmt.fixed(t.totalClv(), 0), null); // cents are noise in a total
        Html.kpi(out, "Mean CLV", Fmt.money(t.meanClv()), "per customer");
        Html.kpi(out, "Expected purchases", Fmt.fixed(t.expectedPurchases(), 1), "over the horizon");
        Html.kpi(out, "Expected alive", Fmt.fixed(t.expectedAlive(), 1),
                t.customers() > 0 ? Fmt.percent(t.expectedAlive() / t.customers(), false) + " of customers" : null);
        Validation v = data.validation();
        String model = modelName(data.purchaseModel().model());
        Html.kpi(out, "Holdout MAE", v == null ? "no holdout" : Fmt.fixed(v.mae(), 3),
                model + (v == null ? "" : ", purchases per customer"));
        out.append("</div>\n</section>\n");
    }

    private static void quality(StringBuilder out, Quality q) {
        open(out, "quality", "Data quality");
        out.append("<div class=\"kpis\">");
        Html.kpi(out, "Rows read", Fmt.count(q.rowsRead()), null);
        Html.kpi(out, "Rows loaded", Fmt.count(q.rowsLoaded()), null);
        Html.kpi(out, "Rows rejected", Fmt.count(q.rowsRejected()),
                q.rowsRead() > 0 ? Fmt.percent((double) q.rowsRejected() / q.rowsRead(), false) + " of rows read" : null);
        Html.kpi(out, "Duplicates skipped", Fmt.count(q.duplicatesSkipped()), null);
        Html.kpi(out, "Customers", Fmt.count(q.customers()), null);
        Html.kpi(out, "Transactions", Fmt.count(q.transactions()),
                q.customers() > 0 ? Fmt.fixed((double) q.transactions() / q.customers(), 2) + " per customer" : null);
        out.append("</div>\n<p class=\"meta spaced\">Transactions from <strong>").append(esc(Fmt.date(q.firstDate())))
                .append("</strong> to <strong>").append(esc(Fmt.date(q.lastDate()))).append("</strong>");
        if (q.firstDate() != null && q.lastDate() != null) {
            out.append(" (").append(Fmt.count(ChronoUnit.DAYS.between(q.firstDate(), q.lastDate()) + 1)).append(" days)");
        }
        out.append(".</p>\n<h3>Notes</h3>\n");
        List<String> notes = list(q.notes());
        if (notes.isEmpty()) {
            out.append("<p class=\"explain\">No remarks on the data.</p>\n");
        } else {
            out.append("<ul class=\"notes\">");
            for (String n : notes) {
                out.append("<li>").append(esc(n)).append("</li>");
            }
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static void distributions(StringBuilder out, Histogram clv, Histogram alive) {
        open(out, "distributions", "Distributions");
        out.append("<div class=\"grid-2\"><div>");
        histogram(out, "clv", clv, "Customers by CLV");
        out.append("</div><div>");
        histogram(out, "alive", alive, "Customers by P(alive)");
        out.append("</div></div>\n</section>\n");
    }

    private static void histogram(StringBuilder out, String kind, Histogram h, String caption) {
        out.append("<h3>").append(esc(caption)).append("</h3>\n");
        if (h == null || h.counts().length == 0) {
            out.append("<p class=\"explain\">Not available.</p>\n");
            return;
        }
        long total = 0;
        for (long c : h.counts()) {
            total += c;
        }
        chart(out, kind, caption, Fmt.count(total) + " customers in " + h.counts().length + " bins of "
                + Objects.toString(h.label(), kind) + ".");
    }

    /** A section of an analysis after scoring: intro, headline figures, charts, tables, notes. */
    private static void section(StringBuilder out, ReportSection s, int index) {
        open(out, s.id(), s.title());
        if (s.intro() != null && !s.intro().isBlank()) {
            out.append("<p class=\"explain\">").append(esc(s.intro())).append("</p>\n");
        }
        if (!s.kpis().isEmpty()) {
            out.append("<div class=\"kpis\">");
            for (ReportSection.Kpi k : s.kpis()) {
                Html.kpi(out, k.label(), k.value(), k.sub());
            }
            out.append("</div>\n");
        }
        for (int j = 0; j < s.charts().size(); j++) {
            ReportSection.Chart c = s.charts().get(j);
            out.append("<figure><div class=\"chart\" id=\"chart-").append(esc(s.id())).append('-').append(j)
                    .append("\" data-chart=\"section\" data-section=\"").append(index).append("\" data-index=\"")
                    .append(j).append("\" role=\"img\" aria-label=\"").append(esc(c.title())).append("\"></div>");
            if (c.caption() != null) {
                out.append("<figcaption>").append(esc(c.caption())).append("</figcaption>");
            }
            out.append("</figure>\n");
        }
        for (ReportSection.Table t : s.tables()) {
            List<Column> columns = new ArrayList<>();
            for (int k = 0; k < t.columns().size(); k++) {
                boolean num = t.numeric() != null && Boolean.TRUE.equals(t.numeric().get(k));
                columns.add(num ? Column.num(t.columns().get(k)) : Column.text(t.columns().get(k)));
            }
            List<Row> rows = new ArrayList<>();
            for (List<String> r : t.rows()) {
                rows.add(new Row(null, r));
            }
            if (rows.isEmpty()) {
                if (t.caption() != null) {
                    out.append("<h3>").append(esc(t.caption())).append("</h3>\n");
                }
                out.append("<p class=\"explain\">No rows.</p>\n");
            } else {
                Html.table(out, t.caption(), columns, rows);
            }
        }
        if (!s.notes().isEmpty()) {
            out.append("<ul class=\"notes\">");
            for (String n : s.notes()) {
                out.append("<li>").append(esc(n)).append("</li>");
            }
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static void topCustomers(StringBuilder out, List<CustomerRow> customers) {
        open(out, "top-customers", "Top customers");
        if (customers.isEmpty()) {
            out.append("<p class=\"explain\">No customers were scored.</p>\n</section>\n");
            return;
        }
        List<Row> rows = new ArrayList<>();
        int rank = 0;
        for (CustomerRow c : customers) {
            rows.add(Row.of(Fmt.count(++rank), Objects.toString(c.customerId(), Fmt.MISSING), Fmt.compact(c.x()),
                    Fmt.fixed(c.tx(), 2), Fmt.fixed(c.bigT(), 2), Fmt.probability(c.pAlive()),
                    Fmt.fixed(c.expectedPurchases(), 2), Fmt.money(c.expectedSpend()), Fmt.money(c.clv()),
                    Fmt.money(c.clvLower()) + " \u2013 " + Fmt.money(c.clvUpper()),
                    range(Fmt.compact(c.purchasesLower()), Fmt.compact(c.purchasesUpper()), c.purchasesLower()),
                    range(Fmt.money(c.clvPredLower()), Fmt.money(c.clvPredUpper()), c.clvPredLower())));
        }
        out.append("<p class=\"explain\">Three intervals per customer. <b>CLV interval</b>: where this customer's "
                + "CLV estimate would lie if the model's parameters were estimated again (parameter uncertainty only; "
                + "it does not hold the customer's own value). <b>Purchases, predictive</b>: the number of purchases "
                + "the customer will make over the horizon lies in it with the stated probability. <b>Customer CLV "
                + "interval</b>: the customer's own expected CLV, given what their history says about their purchase "
                + "rate, dropout and spend, lies in it with the stated probability (both include the parameter "
                + "uncertainty; docs/models.md, predictive intervals).</p>\n");
        Html.table(out, "The " + Fmt.count(customers.size()) + " customers with the highest CLV", List.of(
                Column.num("#"), new Column("Customer", "id", null),
                Column.num("x", "repeat purchases in the calibration period"),
                Column.num("t_x", "recency: time of the last purchase since the first"),
                Column.num("T", "age: time since the first purchase"),
                Column.num("P(alive)", "probability the customer is still active"),
                Column.num("Expected purchases", "over the horizon"),
                Column.num("Expected spend", "per purchase"),
                Column.num("CLV"), Column.num("CLV interval", "parameter uncertainty only"),
                Column.num("Purchases, predictive", "the customer's purchases over the horizon"),
                Column.num("Customer CLV interval", "the customer's own expected CLV")), rows);
        out.append("</section>\n");
    }

    private static String range(String lower, String upper, double lowerValue) {
        return Double.isNaN(lowerValue) ? Fmt.MISSING : lower + " \u2013 " + upper;
    }

    static void chart(StringBuilder out, String kind, String label, String caption) {
        out.append("<figure><div class=\"chart\" id=\"chart-").append(kind).append("\" data-chart=\"").append(kind)
                .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\"></div><figcaption>")
                .append(esc(caption)).append("</figcaption></figure>\n");
    }

    static void open(StringBuilder out, String id, String heading) {
        out.append("<section class=\"card\" id=\"").append(id).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
    }

    /** @return the display name of a model, e.g. {@code BG/NBD} for {@code bgnbd}; unknown names as given */
    static String modelName(String model) {
        if (model == null) {
            return Fmt.MISSING;
        }
        return MODEL_NAMES.getOrDefault(model.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""), model);
    }

    static String symbol(String name) {
        return name == null ? Fmt.MISSING : SYMBOLS.getOrDefault(name, name);
    }

    private static void check(ReportData d) {
        Objects.requireNonNull(d, "report data is null");
        Objects.requireNonNull(d.quality(), "report data has no data-quality summary");
        Objects.requireNonNull(d.purchaseModel(), "report data has no purchase model");
        Objects.requireNonNull(d.totals(), "report data has no totals");
        checkHistogram(d.clvHistogram());
        checkHistogram(d.aliveHistogram());
        java.util.Set<String> ids = new java.util.HashSet<>(List.of("header", "totals", "quality", "purchase-model",
                "spend-model", "validation", "distributions", "top-customers"));
        for (ReportSection s : list(d.sections())) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two report sections have the id '" + s.id() + "'");
            }
        }
    }

    private static void checkHistogram(Histogram h) {
        if (h == null) {
            return;
        }
        if (h.edges() == null || h.counts() == null) {
            throw new IllegalArgumentException("histogram '" + h.label() + "' has no edges or no counts");
        }
        if (h.edges().length != h.counts().length + 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "histogram '%s' has %d edges for %d counts; it needs one edge more than counts",
                    h.label(), h.edges().length, h.counts().length));
        }
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** @return the CSP source for an inline script with exactly this text */
    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report resource " + name, e);
        }
    }
}
