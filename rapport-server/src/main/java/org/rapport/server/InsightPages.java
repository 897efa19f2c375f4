package org.rapport.server;

import org.rapport.server.api.ApiError;
import org.rapport.server.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapport.server.web.Chart;
import org.rapport.server.web.Doc;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;

/** The brands page and the validation page. */
final class InsightPages {
    private final Data data;
    private final Insights insights;
    private final Format fmt;

    InsightPages(Data data, Insights insights, Format fmt) {
        this.data = data;
        this.insights = insights;
        this.fmt = fmt;
    }

    @SuppressWarnings("unchecked")
    void brands(Context ctx) {
        Map<String, Object> b = insights.brands();
        List<Map<String, Object>> sw = (List<Map<String, Object>>) b.get("switching");
        List<String> names = sw.stream().flatMap(r -> java.util.stream.Stream.of((String) r.get("from"), (String) r.get("to")))
                .distinct().sorted().toList();
        List<List<Object>> cells = new ArrayList<>();
        Map<String, Object> top = null;
        long sum = 0;
        for (Map<String, Object> r : sw) {
            cells.add(List.of(names.indexOf((String) r.get("to")), names.indexOf((String) r.get("from")), r.get("purchases")));
            long n = ((Number) r.get("purchases")).longValue();
            sum += n;
            if (!r.get("from").equals(r.get("to")) && (top == null || n > ((Number) top.get("purchases")).longValue())) {
                top = r;
            }
        }
        List<Chart> charts = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>((Map<String, String>) b.get("notComputed"));
        if (!sw.isEmpty()) {
            String title = "Brand switching: previous brand (rows) to next brand (columns), purchases";
            charts.add(Chart.of("switching", title, "heatmap", Map.of("x", names, "y", names, "data", cells), title + ": "
                    + fmt.value(Kind.COUNT, sum) + " repeat purchases across " + names.size() + " brands"
                    + (top == null ? "" : "; the most frequent switch is " + top.get("from") + " to " + top.get("to") + " ("
                    + fmt.value(Kind.COUNT, top.get("purchases")) + ")") + "."));
        } else {
            missing.put("Brand switching", "no purchases with a branded product yet: ingest products and transactions");
        }
        if (b.get("equity") != null) {
            Map<String, Double> bars = new LinkedHashMap<>();
            for (Map<String, Object> r : (List<Map<String, Object>>) b.get("equity")) {
                bars.put(String.valueOf(r.get("name")), r.get("equity") instanceof Number n ? n.doubleValue() : null);
            }
            charts.add(Chart.bars(fmt, "brand-equity", "Brand equity (CLV shared by past spend)", "CLV", bars, Kind.MONEY0));
        } else {
            missing.put("Brand equity", "no scores yet: run rapport analyze");
        }
        Doc result = b.get("result") == null ? null : Doc.of(fmt, (JsonNode) b.get("result"), Set.of());
        missing.remove("result");
        Pages.render(ctx, "brands.jte", new Models.Brands(Pages.frame(ctx, "Brands", "/brands"), charts, result, missing));
    }

    void validation(Context ctx) {
        List<Chart> charts = new ArrayList<>();
        String missing = "";
        List<Doc.Fact> errors = null;
        Doc model = null;
        Doc candidates = null;
        try {
            JsonNode v = data.validation();
            JsonNode val = v.path("validation");
            com.fasterxml.jackson.databind.node.ObjectNode models = Json.MAPPER.createObjectNode();
            // the purchase model is the chosen family refitted on all the data (for scoring); the models tried were fitted on the
            // calibration data: their BICs differ, so each says which data it is of
            com.fasterxml.jackson.databind.node.ObjectNode scoring = v.path("purchaseModel").isObject()
                    ? ((com.fasterxml.jackson.databind.node.ObjectNode) v.path("purchaseModel")).deepCopy() : Json.MAPPER.createObjectNode();
            boolean refitted = !val.isMissingNode() && !val.isNull();
            if (refitted) {
                rename(scoring, "bic", "bicOnAllData");
                rename(scoring, "logLikelihood", "logLikelihoodOnAllData");
                rename(scoring, "aic", "aicOnAllData");
            }
            models.set("purchaseModel", scoring);
            models.set("spendModel", v.path("spendModel"));
            model = Doc.of(fmt, models, Set.of());
            com.fasterxml.jackson.databind.node.ArrayNode tried = Json.MAPPER.createArrayNode();
            for (JsonNode c : v.path("candidates")) {
                com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) c).deepCopy();
                if (refitted) {
                    rename(copy, "bic", "bicOnCalibration");
                }
                tried.add(copy);
            }
            candidates = Doc.of(fmt, Json.MAPPER.createObjectNode().set("candidates", tried), Set.of());
            if (val.isMissingNode() || val.isNull()) {
                missing = "the latest run has no holdout period: run rapport analyze --calibration-end DATE";
            } else {
                charts.add(tracking(val));
                charts.add(conditional(val));
                errors = List.of(new Doc.Fact("MAE", fmt.value(Kind.DECIMAL, val.path("mae").asDouble()), "num"),
                        new Doc.Fact("RMSE", fmt.value(Kind.DECIMAL, val.path("rmse").asDouble()), "num"),
                        new Doc.Fact("Bias", fmt.value(Kind.DECIMAL, val.path("bias").asDouble()), "num"),
                        new Doc.Fact("Aggregate error", fmt.value(Kind.SHARE, val.path("aggregateError").asDouble()), "num"),
                        new Doc.Fact("Aggregate error of the tracking plot", trackingError(val), "num"),
                        new Doc.Fact("Holdout", Format.date(val.path("calibrationEnd").asText()) + " to " + Format.date(val.path("holdoutEnd").asText()), ""));
            }
        } catch (ApiError e) {
            missing = e.getMessage();
        }
        Pages.render(ctx, "validation.jte", new Models.Validation(Pages.frame(ctx, "Validation", "/validation"), charts, errors, model, candidates,
                missing));
    }

    private static void rename(com.fasterxml.jackson.databind.node.ObjectNode n, String from, String to) {
        if (n.has(from)) {
            JsonNode v = n.remove(from);
            n.set(to, v);
        }
    }

    /**
     * The tracking plot's own aggregate error: the cohort model's predicted repeat purchases over the plot's holdout
     * periods against the actual ones. It differs from the headline aggregate error, which sums each calibration
     * customer's conditional prediction over the exact holdout days, so the page shows both, each named.
     */
    String trackingError(JsonNode val) {
        JsonNode tracking = val.path("tracking");
        if (!tracking.isArray() || tracking.isEmpty()) {
            return "n/a";
        }
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
        return actual > 0 ? fmt.value(Kind.SHARE, (predicted - actual) / actual) : "n/a";
    }

    private Chart tracking(JsonNode val) {
        List<Object> dates = new ArrayList<>();
        List<Object> actual = new ArrayList<>();
        List<Object> predicted = new ArrayList<>();
        for (JsonNode t : val.path("tracking")) {
            dates.add(t.path("date").asText());
            actual.add(Math.round(t.path("actual").asDouble() * 100) / 100.0);
            predicted.add(Math.round(t.path("predicted").asDouble() * 100) / 100.0);
        }
        String end = val.path("calibrationEnd").asText();
        String title = "Cumulative repeat purchases: actual and predicted (calibration end " + Format.date(end) + ")";
        String alt = title + (actual.isEmpty() ? "" : ": at the end of the holdout " + fmt.value(Kind.COUNT, actual.get(actual.size() - 1))
                + " actual against " + fmt.value(Kind.COUNT, predicted.get(predicted.size() - 1)) + " predicted; over the holdout periods "
                + trackingError(val) + " off") + ".";
        return Chart.of("tracking", title, "line", Map.of("x", dates, "marker", end,
                "series", List.of(Map.of("name", "Actual", "data", actual), Map.of("name", "Predicted", "data", predicted))), alt);
    }

    private Chart conditional(JsonNode val) {
        List<Object> labels = new ArrayList<>();
        List<Object> a = new ArrayList<>();
        List<Object> pr = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (JsonNode b : val.path("buckets")) {
            labels.add(b.path("label").asText());
            a.add(Math.round(b.path("actual").asDouble() * 100) / 100.0);
            pr.add(Math.round(b.path("predicted").asDouble() * 100) / 100.0);
            words.add(b.path("label").asText() + ": " + fmt.value(Kind.DECIMAL, b.path("actual").asDouble()) + " actual, "
                    + fmt.value(Kind.DECIMAL, b.path("predicted").asDouble()) + " predicted");
        }
        String title = "Holdout purchases by calibration frequency: actual and predicted means";
        return Chart.of("conditional", title, "bar", Map.of("categories", labels,
                "series", List.of(Map.of("name", "Actual", "data", a), Map.of("name", "Predicted", "data", pr))), title + ": " + String.join("; ", words) + ".");
    }
}
