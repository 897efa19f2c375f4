package org.rapport.server;

import org.rapport.server.api.Api;
import org.rapport.server.api.ApiError;
import org.rapport.server.auth.User;
import static org.rapport.server.auth.Role.SEGMENT_MANAGER;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapport.server.web.Chart;
import org.rapport.server.web.Doc;
import org.rapport.server.web.Fields;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;
import org.rapport.server.web.Table;

/** The customer 360 page, read from the same (cached) 360 as the API: nothing per request beyond formatting. */
final class CustomerPage {
    private final Data data;
    private final Format fmt;

    CustomerPage(Data data, Format fmt) {
        this.data = data;
        this.fmt = fmt;
    }

    @SuppressWarnings("unchecked")
    void show(Context ctx) {
        String id = ctx.pathParam("id");
        User u = Api.user(ctx);
        if (u.role() == SEGMENT_MANAGER && !data.segmentOf(id).map(u.segments()::contains).orElse(false)) {
            throw ApiError.forbidden("customer '" + id + "' is not in one of your segments");
        }
        Map<String, Object> c = data.customer(id);
        List<Map<String, Object>> history = (List<Map<String, Object>>) c.get("history");
        List<Object> months = new ArrayList<>();
        List<Object> spend = new ArrayList<>();
        List<Object> count = new ArrayList<>();
        double total = 0;
        long purchases = 0;
        for (Map<String, Object> h : history) {
            months.add(h.get("month"));
            spend.add(Math.round(((Number) h.get("spend")).doubleValue() * 100) / 100.0);
            count.add(h.get("purchases"));
            total += ((Number) h.get("spend")).doubleValue();
            purchases += ((Number) h.get("purchases")).longValue();
        }
        String alt = "Purchases by month: " + fmt.value(Kind.COUNT, purchases) + " purchases for " + fmt.value(Kind.MONEY, total) + " over "
                + history.size() + " months" + (history.isEmpty() ? "" : ", from " + months.get(0) + " to " + months.get(months.size() - 1)) + ".";
        Chart chart = Chart.of("history", "Purchases by month: spend (left axis) and number of purchases (right axis)", "bar",
                Map.of("categories", months, "series", List.of(Map.of("name", "Spend", "data", spend), Map.of("name", "Purchases", "data", count, "axis", 1))),
                alt);
        Map<String, Object> profile = (Map<String, Object>) c.get("profile");
        Table offers = c.get("offers") == null ? null : Table.of(fmt, "Offers, best first", (List<Map<String, Object>>) c.get("offers"));
        Table household = Table.of(fmt, "Household", (List<Map<String, Object>>) c.get("household"), Map.of("customer_id", "/customers/"), List.of());
        Table recent = Table.of(fmt, "Recent purchases", (List<Map<String, Object>>) c.get("recent"));
        Pages.render(ctx, "customer.jte", new Models.Customer(Pages.frame(ctx, "Customer " + id, ""), id, chart, facts(profile),
                facts((Map<String, Object>) c.get("scores")), facts((Map<String, Object>) c.get("segment")), facts((Map<String, Object>) c.get("group")),
                facts((Map<String, Object>) c.get("wallet")), c.containsKey("membership") ? membership((Map<String, Object>) c.get("membership"))
                        : null, offers, household, recent, (Map<String, String>) c.get("notComputed")));
    }

    /** A membership's facts; for a customer without one, a line that says so. */
    private List<Doc.Fact> membership(Map<String, Object> m) {
        if (m == null) {
            return List.of(new Doc.Fact("Plan", "no membership", ""));
        }
        Map<String, Object> shown = new java.util.LinkedHashMap<>(m);
        shown.put("active", Boolean.TRUE.equals(m.get("active")) ? "yes" : "no, ended");
        if (m.get("end_date") == null) {
            shown.remove("end_date");
        }
        return facts(shown);
    }

    private List<Doc.Fact> facts(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        List<Doc.Fact> out = new ArrayList<>();
        m.forEach((k, v) -> {
            Kind kind = Fields.kind(k, v);
            out.add(new Doc.Fact(Fields.label(k), v == null ? "" : fmt.value(kind, v), kind.numeric() ? "num" : kind == Kind.ID ? "id" : ""));
        });
        return out;
    }
}
