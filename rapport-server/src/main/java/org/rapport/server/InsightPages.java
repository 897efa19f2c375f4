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
            models.set("purchaseModel", v.path("purchaseModel"));
            models.set("spendModel", v.path("spendModel"));
            model = Doc.of(fmt, models, Set.of());
            candidates = Doc.of(fmt, Json.MAPPER.createObjectNode().set("candidates", v.path("candidates")), Set.of());
            if (val.isMissingNode() || val.isNull()) {
                missing = "the latest run has no holdout period: run rapport analyze --calibration-end DATE";
            } else {
                charts.add(tracking(val));
                charts.add(conditional(val));
                errors = List.of(new Doc.Fact("MAE", fmt.value(Kind.DECIMAL, val.path("mae").asDouble()), "num"),
                        new Doc.Fact("RMSE", fmt.value(Kind.DECIMAL, val.path("rmse").asDouble()), "num"),
                        new Doc.Fact("Bias", fmt.value(Kind.DECIMAL, val.path("bias").asDouble()), "num"),
                        new Doc.Fact("Aggregate error", fmt.value(Kind.SHARE, val.path("aggregateError").asDouble()), "num"),
                        new Doc.Fact("Holdout", Format.date(val.path("calibrationEnd").asText()) + " to " + Format.date(val.path("holdoutEnd").asText()), ""));
            }
        } catch (ApiError e) {
            missing = e.getMessage();
        }
        Pages.render(ctx, "validation.jte", new Models.Validation(Pages.frame(ctx, "Validation", "/validation"), charts, errors, model, candidates,
                missing));
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
                + " actual against " + fmt.value(Kind.COUNT, predicted.get(predicted.size() - 1)) + " predicted") + ".";
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
