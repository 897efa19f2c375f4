package org.rapport.server;

import org.rapport.server.api.Api;
import org.rapport.server.api.ApiError;
import org.rapport.server.auth.User;
import static org.rapport.server.auth.Role.SEGMENT_MANAGER;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapport.server.segment.SegmentService;
import org.rapport.server.web.Doc;
import org.rapport.server.web.Fields;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;
import org.rapport.server.web.Table;

/** The segment workspace: a segment's KPIs, rule editor with live count, budget allocation, campaigns, customers. */
final class WorkspacePage {
    private static final List<String> SEGMENT_COLUMNS = List.of("name", "kind", "customers", "total_clv", "mean_clv", "budget", "manager", "team");
    private static final List<String> KPI_FIELDS = List.of("customers", "total_clv", "mean_clv", "budget", "priority", "manager", "team", "updated");

    private final Data data;
    private final Insights insights;
    private final SegmentService segments;
    private final Format fmt;

    private final org.rapport.server.jobs.Jobs jobs;

    WorkspacePage(Data data, Insights insights, SegmentService segments, Format fmt, org.rapport.server.jobs.Jobs jobs) {
        this.jobs = jobs;
        this.data = data;
        this.insights = insights;
        this.segments = segments;
        this.fmt = fmt;
    }

    private List<Map<String, Object>> mySegments(User u) {
        List<Map<String, Object>> all = segments.list();
        return u.role() == SEGMENT_MANAGER ? all.stream().filter(s -> u.segments().contains((String) s.get("name"))).toList() : all;
    }

    void show(Context ctx) {
        User u = Api.user(ctx);
        View.Page page = Pages.frame(ctx, "Segments", "/workspace");
        String error = Optional.ofNullable(ctx.queryParam("error")).orElse("");
        boolean saved = ctx.queryParam("saved") != null;
        if (!segments.available()) {
            Pages.render(ctx, "workspace.jte", new Models.Workspace(page, "no segments defined yet: run rapport segments discover", error, saved,
                    null, null, "", null, "", "", List.of(), null, null, "", Map.of(), null));
            return;
        }
        List<Map<String, Object>> mine = mySegments(u);
        Table list = Table.of(fmt, "Your segments", mine, Map.of("name", "/workspace?segment="), SEGMENT_COLUMNS);
        String wanted = ctx.queryParam("segment");
        Map<String, Object> current = null;
        if (wanted != null) {
            if (!u.mayReadSegment(wanted)) {
                throw ApiError.forbidden("segment '" + wanted + "' is not one of yours");
            }
            current = segments.get(wanted).orElseThrow(() -> ApiError.notFound("no segment '" + wanted + "'"));
        } else if (!mine.isEmpty()) {
            current = mine.get(0);
        }
        if (current == null) {
            Pages.render(ctx, "workspace.jte", new Models.Workspace(page, "", error, saved, list, null, "", null, "", "", List.of(), null, null,
                    "", Map.of(), null));
            return;
        }
        String name = (String) current.get("name");
        String rule = Optional.ofNullable((String) current.get("rule")).orElse("");
        SegmentService.Check check = current.get("rule") == null ? null : segments.check(rule, u);
        List<Doc.Fact> kpis = new ArrayList<>();
        for (String k : KPI_FIELDS) {
            Kind kind = Fields.kind(k, current.get(k));
            kpis.add(new Doc.Fact(Fields.label(k), current.get(k) == null ? "none" : fmt.value(kind, current.get(k)), kind.numeric() ? "num" : ""));
        }
        Doc allocation = data.result("budget").map(b -> Doc.of(fmt, Insights.onlySegments(b, List.of(name)), Set.of())).orElse(null);
        Table campaigns = null;
        String campaignsMissing = "";
        Map<String, String> exports = new LinkedHashMap<>();
        try {
            List<Map<String, Object>> rows = insights.campaigns(List.of(name));
            campaigns = Table.of(fmt, "Campaigns: the offers of this segment's customers", rows);
            for (Map<String, Object> r : rows) {
                String offer = String.valueOf(r.get("offer_id"));
                exports.put(offer, "/api/v1/campaigns/" + enc(offer) + "/export.csv?segment=" + enc(name));
            }
        } catch (ApiError e) {
            campaignsMissing = e.getMessage();
        }
        String budget = current.get("budget") == null ? "" : plain(current.get("budget"));
        Pages.render(ctx, "workspace.jte", new Models.Workspace(page, "", error, saved, list, name, rule, check, budget,
                Optional.ofNullable((String) current.get("description")).orElse(""), kpis, allocation, campaigns, campaignsMissing, exports,
                customerList(name, ctx.queryParam("q"), Optional.ofNullable(ctx.queryParam("sort")).filter(x -> !x.isBlank()).orElse("-clv"),
                        org.rapport.server.web.Pager.page(ctx.queryParam("page")) - 1)));
    }

    /** A budget as typed in the form: no separators, no needless decimals. */
    private static String plain(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }
        return String.valueOf(v);
    }

    /** The model of the customers fragment. */
    private Models.CustomerList customerList(String segment, String q, String sort, int page) {
        String s = sort == null ? "-clv" : sort;
        try {
            Data.Page pg = data.scores(segment, q, s, page, 25);
            List<List<String>> rows = pg.rows().stream().map(r -> List.of(String.valueOf(r.get("customer_id")), fmt.value(Kind.MONEY, r.get("clv")),
                    fmt.value(Kind.PROBABILITY, r.get("p_alive")), fmt.value(Kind.COUNT, r.get("x")),
                    fmt.value(Kind.DECIMAL, r.get("expected_purchases")))).toList();
            return new Models.CustomerList(segment, q == null ? "" : q, s, rows, pg.total(), page, Math.max(1, (pg.total() + 24) / 25), "");
        } catch (ApiError e) {
            return new Models.CustomerList(segment, q == null ? "" : q, s, List.of(), 0, 0, 1, e.getMessage());
        }
    }

    private void requireOwn(Context ctx, String segment) {
        if (segment == null || segment.isBlank()) {
            throw ApiError.badRequest("segment: required");
        }
        if (!Api.user(ctx).mayReadSegment(segment)) {
            throw ApiError.forbidden("segment '" + segment + "' is not one of yours");
        }
    }

    void customers(Context ctx) {
        String segment = ctx.queryParam("segment");
        requireOwn(ctx, segment);
        Pages.render(ctx, "customers.jte", customerList(segment, ctx.queryParam("q"), ctx.queryParam("sort"),
                Api.intParam(ctx, "page", 0, 0, 1_000_000)));
    }

    void count(Context ctx) {
        Map<String, Object> p = new HashMap<>();
        p.put("check", segments.check(Optional.ofNullable(ctx.queryParam("rule")).orElse(""), Api.user(ctx)));
        Pages.render(ctx, "count.jte", p);
    }

    void save(Context ctx) {
        String segment = ctx.formParam("segment");
        requireOwn(ctx, segment);
        String budget = ctx.formParam("budget");
        Double b = null;
        if (budget != null && !budget.isBlank()) {
            try {
                b = Double.parseDouble(budget.strip());
            } catch (NumberFormatException e) {
                back(ctx, segment, "budget: '" + budget + "' is not a number");
                return;
            }
        }
        String rule = ctx.formParam("rule");
        String description = ctx.formParam("description");
        try {
            segments.update(segment, new SegmentService.Edit(null, rule == null || rule.isBlank() ? null : rule,
                    description == null || description.isBlank() ? null : description, null, null, b, null), Api.user(ctx));
        } catch (ApiError e) {
            if (e.status() == 400) {
                back(ctx, segment, e.getMessage());
                return;
            }
            throw e;
        }
        ctx.redirect("/workspace?segment=" + enc(segment) + "&saved=1", HttpStatus.SEE_OTHER);
    }

    /**
     * The cco's budget allocation across the segments ({@code rapport budget allocate}), run as a job behind any
     * analysis, so it works while the server holds the store.
     */
    void allocate(Context ctx) {
        double total;
        org.rapport.analytics.segment.SegmentBudget.Parameters d = org.rapport.analytics.segment.SegmentBudget.Parameters.defaults();
        double recoverable;
        double growth;
        double cost;
        try {
            total = number(ctx, "total", null);
            recoverable = number(ctx, "recoverable", d.recoverable());
            growth = number(ctx, "growth", d.growth());
            cost = number(ctx, "costPerCustomer", d.costPerCustomer());
            if (!(total > 0)) {
                throw ApiError.badRequest("total: the budget to split must be above 0");
            }
        } catch (ApiError e) {
            ctx.redirect("/workspace?error=" + enc(e.getMessage()), HttpStatus.SEE_OTHER);
            return;
        }
        boolean apply = ctx.formParam("apply") != null;
        org.rapport.analytics.segment.SegmentBudget.Parameters p = new org.rapport.analytics.segment.SegmentBudget.Parameters(recoverable, growth, cost);
        String shown = fmt.value(Kind.MONEY0, total);
        var s = jobs.submitTask("budget", "budget " + shown, Api.user(ctx).name(), (store, progress) -> {
            var r = org.rapport.analytics.segment.SegmentBudget.allocate(store, total, p, apply);
            return "budget of " + shown + " allocated across " + r.segments().size() + " segments" + (apply ? ", written to the segments" : "");
        });
        ctx.redirect("/jobs?started=" + s.id(), HttpStatus.SEE_OTHER);
    }

    private static double number(Context ctx, String field, Double fallback) {
        String raw = ctx.formParam(field);
        if (raw == null || raw.isBlank()) {
            if (fallback == null) {
                throw ApiError.badRequest(field + ": required");
            }
            return fallback;
        }
        try {
            double v = Double.parseDouble(raw.strip().replace(",", ""));
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest(field + ": '" + raw + "' is not a number of 0 or more");
    }

    private static void back(Context ctx, String segment, String error) {
        ctx.redirect("/workspace?segment=" + enc(segment) + "&error=" + enc(error), HttpStatus.SEE_OTHER);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
