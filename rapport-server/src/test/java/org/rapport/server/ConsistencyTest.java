package org.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;
import org.rapport.server.web.Format;

/**
 * The same figure reads the same wherever it is shown (issue 20, "consistent numbers"): total CLV on
 * the overview, in the run history, in the API and in the run's report data; the chosen model's BIC
 * on the validation page, in its table of models tried and in the run comparison; the aggregate
 * holdout error on the validation page, in the run history and against the tracking plot's own
 * holdout increments, each named for what it measures. Figures are compared as the pages print them (same
 * format, same rounding), and the raw sums to 1e-9 relative (one sum of the same doubles, in two orders at most).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsistencyTest {
    private ServerFixture f;
    private final Format fmt = new Format("€");

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults().withCurrency("€"));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private String page(String path) {
        var r = f.get(path, Role.CCO);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private JsonNode api(String path) throws Exception {
        var r = f.get(path, Role.CCO);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /** The value of a labelled figure ({@code <dt>label</dt><dd ...>value</dd>}). */
    private static String fact(String html, String label) {
        Matcher m = Pattern.compile("<dt>" + Pattern.quote(label) + "</dt><dd[^>]*>([^<]*)</dd>").matcher(html);
        assertThat(m.find()).as("figure '%s' on the page", label).isTrue();
        return m.group(1);
    }

    /** The cells of a table's body rows, as text. */
    private static List<List<String>> rows(String html, String caption) {
        int at = html.indexOf("<caption>" + caption);
        assertThat(at).as("table '%s'", caption).isNotNegative();
        String table = html.substring(at, html.indexOf("</table>", at));
        List<List<String>> out = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(table.substring(table.indexOf("<tbody>")));
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) {
                cells.add(td.group(1).replaceAll("<[^>]+>", "").strip());
            }
            out.add(cells);
        }
        return out;
    }

    @Test
    void totalClvIsTheSameOnTheOverviewTheRunHistoryTheApiAndTheReport() throws Exception {
        JsonNode equity = api("/api/v1/equity");
        double apiTotal = equity.path("total").path("equity").asDouble();
        double reportTotal = api("/api/v1/validation").path("totals").path("totalClv").asDouble();
        assertThat(apiTotal).isCloseTo(reportTotal, within(Math.abs(reportTotal) * 1e-9));
        String overview = fact(page("/overview"), "Customer equity (sum of CLV)");
        List<String> latest = rows(page("/runs"), "Analysis runs").get(0);
        assertThat(latest.get(0)).isEqualTo("1");
        assertThat(latest.get(3)).as("total CLV").isEqualTo(overview).isEqualTo(fmt.money(reportTotal, 0));
    }

    @Test
    void eachBicIsShownOnceAndSaysWhichFitItIsOf() throws Exception {
        JsonNode v = api("/api/v1/validation");
        String model = v.path("purchaseModel").path("model").asText();
        // the chosen family refitted on all the data (scores), and the candidates fitted on the calibration data: two fits,
        // two BICs (the issue saw "two different BICs for Pareto/NBD on one page" without saying so)
        double scoringBic = v.path("purchaseModel").path("bic").asDouble();
        double calibrationBic = Double.NaN;
        for (JsonNode c : v.path("candidates")) {
            if (c.path("chosen").asBoolean()) {
                assertThat(c.path("model").asText()).isEqualTo(model);
                calibrationBic = c.path("bic").asDouble();
            }
        }
        assertThat(calibrationBic).as("the chosen candidate's BIC").isNotNaN();
        String validation = page("/validation");
        assertThat(fact(validation, "BIC on all data")).isEqualTo(fmt.value(Format.Kind.DECIMAL, scoringBic));
        List<List<String>> tried = rows(validation, "Candidates");
        int chosenRow = -1;
        for (int i = 0; i < tried.size(); i++) {
            if (tried.get(i).contains("yes")) {
                chosenRow = i;
            }
        }
        assertThat(tried.get(chosenRow)).contains(fmt.value(Format.Kind.DECIMAL, calibrationBic));
        assertThat(validation).containsOnlyOnce(">BIC on all data<").contains("BIC on calibration");
        // the run comparison shows the fit for scoring, as the validation page's model summary
        List<List<String>> compared = rows(page("/runs/compare?a=1"), "Purchase model");
        assertThat(compared.get(0).get(2)).isEqualTo(fmt.value(Format.Kind.DECIMAL, scoringBic));
    }

    @Test
    void theAggregateErrorIsTheSameOnTheValidationPageTheRunHistoryAndTheTrackingPlot() throws Exception {
        JsonNode val = api("/api/v1/validation").path("validation");
        double aggregate = val.path("aggregateError").asDouble();
        String shown = fmt.value(Format.Kind.SHARE, aggregate);
        assertThat(fact(page("/validation"), "Aggregate error")).isEqualTo(shown);
        List<String> latest = rows(page("/runs"), "Analysis runs").get(0);
        assertThat(latest.get(7)).as("aggregate error").isEqualTo(shown);
        // the tracking plot's holdout part: cumulative repeat purchases from the calibration end to the holdout end
        JsonNode tracking = val.path("tracking");
        String calEnd = val.path("calibrationEnd").asText();
        double actualAtCal = 0;
        double predictedAtCal = 0;
        for (JsonNode t : tracking) {
            if (t.path("date").asText().compareTo(calEnd) <= 0) {
                actualAtCal = t.path("actual").asDouble();
                predictedAtCal = t.path("predicted").asDouble();
            }
        }
        JsonNode last = tracking.get(tracking.size() - 1);
        double actual = last.path("actual").asDouble() - actualAtCal;
        double predicted = last.path("predicted").asDouble() - predictedAtCal;
        double fromPlot = (predicted - actual) / actual;
        // two measures of the holdout (the cohort model over the plot's whole periods; each customer's conditional
        // prediction over the exact holdout days): the page names both, and each reads as its own figure
        String validation = page("/validation");
        assertThat(fact(validation, "Aggregate error of the tracking plot")).isEqualTo(fmt.value(Format.Kind.SHARE, fromPlot));
        assertThat(validation).contains("over the holdout periods " + fmt.value(Format.Kind.SHARE, fromPlot) + " off");
    }
}
