package org.rapport.server;

import org.rapport.server.api.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapport.server.web.Chart;
import org.rapport.server.web.Doc;
import org.rapport.server.web.Fields;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;
import org.rapport.server.web.Table;

/** The CCO overview: equity now and projected, by segment, channel and brand; relationship groups; scorecards. */
final class OverviewPage {
    /** Parts of the equity result drawn as a chart rather than listed. */
    private static final Set<String> CHARTED = Set.of("projection");

    private final Insights insights;
    private final Format fmt;

    OverviewPage(Insights insights, Format fmt) {
        this.insights = insights;
        this.fmt = fmt;
    }

    @SuppressWarnings("unchecked")
    void show(Context ctx) {
        Map<String, String> missing = new LinkedHashMap<>();
        List<Chart> charts = new ArrayList<>();
        List<Doc.Fact> now = null;
        Doc projected = null;
        try {
            Map<String, Object> equity = insights.equity();
            now = equityNow((Map<String, Object>) equity.get("total"));
            Map<String, String> notComputed = (Map<String, String>) equity.get("notComputed");
            bars(charts, missing, notComputed, "equity-segment", "Customer equity by segment", equity.get("bySegment"), "bySegment");
            bars(charts, missing, notComputed, "equity-channel", "Customer equity by acquisition channel", equity.get("byChannel"), "byChannel");
            bars(charts, missing, notComputed, "equity-brand", "Customer equity by brand", equity.get("byBrand"), "byBrand");
            JsonNode p = (JsonNode) equity.get("projected");
            if (p == null) {
                missing.put("Projected equity", "not computed yet: run rapport analyze");
            } else {
                projected = Doc.of(fmt, p, CHARTED);
                Chart c = projection(p);
                if (c != null) {
                    charts.add(c);
                }
            }
        } catch (ApiError e) {
            missing.put("Customer equity", e.getMessage());
        }
        Table groups = null;
        try {
            Map<String, Object> g = insights.groups();
            charts.add(quadrant(g));
            groups = Table.of(fmt, "Relationship groups", (List<Map<String, Object>>) g.get("groups"));
        } catch (ApiError e) {
            missing.put("Relationship groups", e.getMessage());
        }
        Map<String, Object> sc = insights.scorecards();
        List<Doc.Fact> card = new ArrayList<>();
        for (Map<String, Object> k : (List<Map<String, Object>>) sc.get("customer")) {
            String name = (String) k.get("name");
            Kind kind = name.contains("equity") ? Kind.MONEY0 : name.contains("CLV") ? Kind.MONEY : name.contains("P(alive)") ? Kind.PROBABILITY
                    : name.contains("share") ? Kind.SHARE : name.contains("scored") ? Kind.COUNT : Kind.DECIMAL;
            card.add(new Doc.Fact(name, fmt.value(kind, k.get("value")), "num"));
        }
        Table product = Table.of(fmt, "Product-centric scorecard: revenue and margin by category", (List<Map<String, Object>>) sc.get("product"));
        Pages.render(ctx, "overview.jte", new Models.Overview(Pages.frame(ctx, "Overview", "/overview"), now, projected, charts, groups, card,
                product, missing));
    }

    private List<Doc.Fact> equityNow(Map<String, Object> t) {
        List<Doc.Fact> out = new ArrayList<>();
        out.add(new Doc.Fact("Customers scored", fmt.value(Kind.COUNT, t.get("customers")), "num"));
        out.add(new Doc.Fact("Customer equity (sum of CLV)", fmt.value(Kind.MONEY0, t.get("equity")), "num"));
        out.add(new Doc.Fact("Interval", fmt.value(Kind.MONEY0, t.get("equity_lower")) + " to " + fmt.value(Kind.MONEY0, t.get("equity_upper")), "num"));
        out.add(new Doc.Fact("Mean CLV", fmt.value(Kind.MONEY, t.get("mean_clv")), "num"));
        out.add(new Doc.Fact("Expected active customers", fmt.value(Kind.COUNT, t.get("expected_alive")), "num"));
        return out;
    }

    @SuppressWarnings("unchecked")
    private void bars(List<Chart> charts, Map<String, String> missing, Map<String, String> notComputed, String id, String title, Object rows,
                      String key) {
        if (rows == null) {
            missing.put(title, notComputed.getOrDefault(key, "not computed yet"));
            return;
        }
        Map<String, Double> bars = new LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) rows) {
            bars.put(String.valueOf(r.get("name")), r.get("equity") instanceof Number n ? n.doubleValue() : null);
        }
        charts.add(Chart.bars(fmt, id, title, "CLV", bars, Kind.MONEY0));
    }

    /** The equity result's month-by-month projection, over its whole horizon. */
    private Chart projection(JsonNode p) {
        JsonNode rows = p.path("projection");
        if (!rows.isArray() || rows.isEmpty()) {
            return null;
        }
        List<Object> months = new ArrayList<>();
        List<Object> cumulative = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        double fromCurrent = 0;
        for (JsonNode r : rows) {
            months.add(r.path("month").asInt());
            cumulative.add(Math.round(r.path("cumulative").asDouble()));
            fromCurrent += r.path("currentCustomers").asDouble();
            current.add(Math.round(fromCurrent));
        }
        JsonNode last = rows.get(rows.size() - 1);
        String title = "Projected equity, cumulative and discounted, over " + rows.size() + " months";
        String alt = title + ": " + fmt.value(Kind.MONEY0, last.path("cumulative").asDouble()) + " after month " + last.path("month").asInt()
                + ", of which " + fmt.value(Kind.MONEY0, fromCurrent) + " from today's customers.";
        return Chart.of("projection", title, "line", Map.of("x", months, "series", List.of(Map.of("name", "All customers and prospects", "data", cumulative),
                Map.of("name", "Today's customers", "data", current))), alt);
    }

    @SuppressWarnings("unchecked")
    private Chart quadrant(Map<String, Object> g) {
        Map<String, List<List<Object>>> by = new LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) g.get("sample")) {
            by.computeIfAbsent(String.valueOf(r.get("relationship_group")), k -> new ArrayList<>())
                    .add(List.of(num(r.get("loyalty")), num(r.get("clv"))));
        }
        List<Map<String, Object>> series = new ArrayList<>();
        by.forEach((k, v) -> series.add(Map.of("name", Fields.label(k), "data", v)));
        List<String> words = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) g.get("groups")) {
            words.add(Fields.label(String.valueOf(r.get("name"))) + " " + fmt.value(Kind.COUNT, r.get("customers")) + " customers, mean CLV "
                    + fmt.value(Kind.MONEY, r.get("mean_clv")));
        }
        String title = "Relationship groups: loyalty (projected months of relationship) against CLV";
        Map<String, Object> spec = new LinkedHashMap<>(Map.of("xName", "Loyalty", "yName", "CLV", "series", series));
        String cuts = "";
        // the cut lines the groups were made with (the stored groups result), so the quadrants read as the groups do
        if (g.get("result") instanceof JsonNode r && r.path("clvThreshold").isNumber()
                && r.path("loyaltyThreshold").isNumber()) {
            double clvCut = r.path("clvThreshold").asDouble();
            double loyaltyCut = r.path("loyaltyThreshold").asDouble();
            spec.put("xCut", loyaltyCut);
            spec.put("yCut", clvCut);
            spec.put("xCutLabel", "loyalty " + fmt.value(Kind.DECIMAL, loyaltyCut) + " months");
            spec.put("yCutLabel", "CLV " + fmt.value(Kind.MONEY, clvCut));
            cuts = "; the groups are cut at loyalty " + fmt.value(Kind.DECIMAL, loyaltyCut) + " months and CLV " + fmt.value(Kind.MONEY, clvCut);
        }
        return Chart.of("groups-quadrant", title, "scatter", spec,
                title + ", a sample of customers: " + String.join("; ", words) + cuts + ".");
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}
