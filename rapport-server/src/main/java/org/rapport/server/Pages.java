package org.rapport.server;

import static org.rapport.server.Role.AGENT;
import static org.rapport.server.Role.ANALYST;
import static org.rapport.server.Role.CCO;
import static org.rapport.server.Role.SEGMENT_MANAGER;

import com.fasterxml.jackson.databind.JsonNode;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapport.server.segment.SegmentService;

/** The dashboard: server-rendered jte pages (precompiled), charts drawn by ECharts from data attributes. */
final class Pages {
    private static final TemplateEngine JTE = TemplateEngine.createPrecompiled(ContentType.Html);

    private final Data data;
    private final Auth auth;
    private final ContactRouter router;
    private final SegmentService segments;
    private final boolean secureCookies;

    Pages(Data data, Auth auth, ContactRouter router, SegmentService segments, boolean secureCookies) {
        this.data = data;
        this.auth = auth;
        this.router = router;
        this.segments = segments;
        this.secureCookies = secureCookies;
    }

    List<Endpoint> endpoints() {
        Set<Role> workspace = EnumSet.of(CCO, SEGMENT_MANAGER);
        List<Endpoint> e = new ArrayList<>();
        e.add(page("GET", "/favicon.ico", Set.of(), "No icon (204), so browsers log no failed request", ctx -> ctx.status(204)));
        e.addAll(new SignIn(auth, secureCookies).endpoints());
        e.add(page("GET", "/", Endpoint.ALL, "Home: the page of the user's role", this::home));
        e.add(page("GET", "/overview", Api.READERS, "CCO overview", this::overview));
        e.add(page("GET", "/workspace", workspace, "Segment manager workspace", this::workspace));
        e.add(page("GET", "/workspace/customers", workspace, "Workspace: a segment's customers (htmx fragment)", this::workspaceCustomers));
        e.add(page("GET", "/workspace/count", workspace, "Workspace: live count of a rule (htmx fragment)", this::count));
        e.add(page("POST", "/workspace/segment", workspace, "Workspace: save rule, description, budget (form)", this::saveSegment));
        e.add(page("GET", "/customers/{id}", Api.CUSTOMER_READERS, "Customer 360", this::customer));
        e.add(page("GET", "/brands", Api.READERS, "Brand portfolio", this::brands));
        e.add(page("GET", "/validation", Api.READERS, "Model validation", this::validation));
        e.add(page("GET", "/desk", EnumSet.of(CCO, ANALYST, AGENT), "Service desk", this::desk));
        return e;
    }

    static Endpoint page(String method, String path, Set<Role> roles, String summary, Handler h) {
        return new Endpoint(method, path, roles, true, "pages", summary, h);
    }

    static void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        JTE.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private static View.Page frame(Context ctx, String title, String active) {
        Auth.Session s = ctx.attribute("session");
        return new View.Page(title, Api.user(ctx), s == null ? "" : s.csrf(), active);
    }

    private static Map<String, Object> params(View.Page page) {
        Map<String, Object> m = new HashMap<>();
        m.put("page", page);
        return m;
    }

    private void home(Context ctx) {
        Role r = Api.user(ctx).role();
        ctx.redirect(r == SEGMENT_MANAGER ? "/workspace" : r == AGENT ? "/desk" : "/overview", HttpStatus.SEE_OTHER);
    }

    // ---- CCO overview ----

    @SuppressWarnings("unchecked")
    private void overview(Context ctx) {
        Map<String, Object> p = params(frame(ctx, "Overview", "/overview"));
        Map<String, String> missing = new LinkedHashMap<>();
        Map<String, Object> equity = null;
        try {
            equity = data.equity();
        } catch (ApiError e) {
            missing.put("equity", e.getMessage());
        }
        List<View.Chart> charts = new ArrayList<>();
        if (equity != null) {
            p.put("total", kv((Map<String, Object>) equity.get("total")));
            addBar(charts, "equity-segment", "Customer equity by segment", equity.get("bySegment"), missing, "bySegment", equity);
            addBar(charts, "equity-channel", "Customer equity by acquisition channel", equity.get("byChannel"), missing, "byChannel", equity);
            addBar(charts, "equity-brand", "Customer equity by brand", equity.get("byBrand"), missing, "byBrand", equity);
            p.put("projected", equity.get("projected") == null ? null : View.summary((JsonNode) equity.get("projected")));
            if (equity.get("projected") == null) {
                missing.put("projected equity", "not computed yet: run rapport analyze");
            }
        } else {
            p.put("total", null);
            p.put("projected", null);
        }
        try {
            Map<String, Object> g = data.groups();
            charts.add(quadrant(g));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) g.get("groups");
            p.put("groups", View.table("Relationship groups", groups));
        } catch (ApiError e) {
            missing.put("relationship groups", e.getMessage());
            p.put("groups", null);
        }
        Map<String, Object> sc = data.scorecards();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> customerCard = (List<Map<String, Object>>) sc.get("customer");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> productCard = (List<Map<String, Object>>) sc.get("product");
        p.put("customerCard", View.table("Customer-centric scorecard", customerCard));
        p.put("productCard", View.table("Product-centric scorecard", productCard));
        p.put("charts", charts);
        p.put("missing", missing);
        render(ctx, "overview.jte", p);
    }

    @SuppressWarnings("unchecked")
    private static void addBar(List<View.Chart> charts, String id, String title, Object rows, Map<String, String> missing, String key,
                               Map<String, Object> equity) {
        if (rows == null) {
            Map<String, String> m = (Map<String, String>) equity.get("notComputed");
            missing.put(title, m.getOrDefault(key, "not computed yet"));
            return;
        }
        List<Map<String, Object>> list = (List<Map<String, Object>>) rows;
        List<Object> cats = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        for (Map<String, Object> r : list) {
            cats.add(r.get("name"));
            vals.add(r.get("equity"));
        }
        charts.add(chart(id, title, "bar", Map.of("categories", cats, "series", List.of(Map.of("name", "CLV", "data", vals)))));
    }

    static View.Chart chart(String id, String title, String type, Map<String, Object> spec) {
        Map<String, Object> c = new LinkedHashMap<>(spec);
        c.put("type", type);
        return new View.Chart(id, title, View.json(c));
    }

    @SuppressWarnings("unchecked")
    private static View.Chart quadrant(Map<String, Object> g) {
        Map<String, List<List<Object>>> by = new LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) g.get("sample")) {
            by.computeIfAbsent(String.valueOf(r.get("relationship_group")), k -> new ArrayList<>())
                    .add(List.of(num(r.get("loyalty")), num(r.get("clv"))));
        }
        List<Map<String, Object>> series = new ArrayList<>();
        by.forEach((k, v) -> series.add(Map.of("name", k, "data", v)));
        return chart("groups-quadrant", "Relationship groups: loyalty (projected months of relationship) against CLV", "scatter",
                Map.of("xName", "loyalty", "yName", "CLV", "series", series));
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    // ---- segment manager workspace ----

    private List<Map<String, Object>> mySegments(User u) {
        List<Map<String, Object>> all = segments.list();
        return u.role() == SEGMENT_MANAGER ? all.stream().filter(s -> u.segments().contains((String) s.get("name"))).toList() : all;
    }

    private void workspace(Context ctx) {
        User u = Api.user(ctx);
        Map<String, Object> p = params(frame(ctx, "Segments", "/workspace"));
        p.put("error", Optional.ofNullable(ctx.queryParam("error")).orElse(""));
        p.put("saved", ctx.queryParam("saved") != null);
        if (!segments.available()) {
            p.put("missing", "no segments defined yet: run rapport segments discover");
            p.put("segments", List.of());
            p.put("current", null);
            render(ctx, "workspace.jte", p);
            return;
        }
        List<Map<String, Object>> mine = mySegments(u);
        p.put("missing", "");
        p.put("segments", View.table("Your segments", mine.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : List.of("name", "kind", "customers", "total_clv", "mean_clv", "budget", "manager", "team")) {
                m.put(k, s.get(k));
            }
            return m;
        }).toList()));
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
        p.put("current", current);
        p.put("names", mine.stream().map(s -> (String) s.get("name")).toList());
        if (current != null) {
            String name = (String) current.get("name");
            p.put("rule", Optional.ofNullable((String) current.get("rule")).orElse(""));
            p.put("ruleCheck", current.get("rule") == null ? null : segments.check((String) current.get("rule"), u));
            p.put("budget", current.get("budget") == null ? "" : String.valueOf(current.get("budget")));
            p.put("description", Optional.ofNullable((String) current.get("description")).orElse(""));
            p.put("kpis", View.table("KPIs", List.of(kpis(current))));
            Optional<JsonNode> budget = data.result("budget");
            p.put("allocation", budget.map(b -> View.summary(Data.onlySegments(b, List.of(name)))).orElse(null));
            try {
                p.put("campaigns", View.table("Campaigns", data.campaigns(List.of(name))));
                p.put("campaignsMissing", "");
            } catch (ApiError e) {
                p.put("campaigns", null);
                p.put("campaignsMissing", e.getMessage());
            }
            p.put("list", customerList(name, null, "-clv", 0));
        }
        render(ctx, "workspace.jte", p);
    }

    private static Map<String, Object> kpis(Map<String, Object> s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("customers", "total_clv", "mean_clv", "budget", "priority", "manager", "team", "updated")) {
            m.put(k, s.get(k));
        }
        return m;
    }

    /** The model of the customers fragment. */
    private Map<String, Object> customerList(String segment, String q, String sort, int page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("segment", segment);
        m.put("q", q == null ? "" : q);
        m.put("sort", sort == null ? "-clv" : sort);
        try {
            Data.Page pg = data.scores(segment, q, sort, page, 25);
            m.put("rows", pg.rows().stream().map(r -> List.of(String.valueOf(r.get("customer_id")), View.fmt(r.get("clv")),
                    View.fmt(r.get("p_alive")), View.fmt(r.get("x")), View.fmt(r.get("expected_purchases")))).toList());
            m.put("total", pg.total());
            m.put("pageNo", page);
            m.put("pages", Math.max(1, (pg.total() + 24) / 25));
            m.put("missing", "");
        } catch (ApiError e) {
            m.put("rows", List.of());
            m.put("total", 0L);
            m.put("pageNo", 0);
            m.put("pages", 1L);
            m.put("missing", e.getMessage());
        }
        return m;
    }

    private void requireOwn(Context ctx, String segment) {
        if (segment == null || segment.isBlank()) {
            throw ApiError.badRequest("segment: required");
        }
        if (!Api.user(ctx).mayReadSegment(segment)) {
            throw ApiError.forbidden("segment '" + segment + "' is not one of yours");
        }
    }

    private void workspaceCustomers(Context ctx) {
        String segment = ctx.queryParam("segment");
        requireOwn(ctx, segment);
        Map<String, Object> p = new HashMap<>();
        p.put("list", customerList(segment, ctx.queryParam("q"), ctx.queryParam("sort"), Api.intParam(ctx, "page", 0, 0, 1_000_000)));
        render(ctx, "customers.jte", p);
    }

    private void count(Context ctx) {
        Map<String, Object> p = new HashMap<>();
        p.put("check", segments.check(Optional.ofNullable(ctx.queryParam("rule")).orElse(""), Api.user(ctx)));
        render(ctx, "count.jte", p);
    }

    private void saveSegment(Context ctx) {
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

    private static void back(Context ctx, String segment, String error) {
        ctx.redirect("/workspace?segment=" + enc(segment) + "&error=" + enc(error), HttpStatus.SEE_OTHER);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- customer 360 ----

    @SuppressWarnings("unchecked")
    private void customer(Context ctx) {
        String id = ctx.pathParam("id");
        User u = Api.user(ctx);
        if (u.role() == SEGMENT_MANAGER && !data.segmentOf(id).map(u.segments()::contains).orElse(false)) {
            throw ApiError.forbidden("customer '" + id + "' is not in one of your segments");
        }
        Map<String, Object> c = data.customer(id);
        Map<String, Object> p = params(frame(ctx, "Customer " + id, ""));
        p.put("c", c);
        p.put("id", id);
        List<Map<String, Object>> history = (List<Map<String, Object>>) c.get("history");
        List<Object> months = new ArrayList<>();
        List<Object> spend = new ArrayList<>();
        List<Object> count = new ArrayList<>();
        for (Map<String, Object> h : history) {
            months.add(h.get("month"));
            spend.add(h.get("spend"));
            count.add(h.get("purchases"));
        }
        p.put("history", chart("history", "Purchases by month", "bar", Map.of("categories", months,
                "series", List.of(Map.of("name", "Spend", "data", spend), Map.of("name", "Purchases", "data", count)))));
        p.put("profile", kv((Map<String, Object>) c.get("profile")));
        p.put("scores", kv((Map<String, Object>) c.get("scores")));
        p.put("segment", kv((Map<String, Object>) c.get("segment")));
        p.put("group", kv((Map<String, Object>) c.get("group")));
        p.put("wallet", kv((Map<String, Object>) c.get("wallet")));
        p.put("offers", c.get("offers") == null ? null : View.table("Offers", (List<Map<String, Object>>) c.get("offers")));
        p.put("household", View.table("Household", (List<Map<String, Object>>) c.get("household")));
        p.put("recent", View.table("Recent purchases", (List<Map<String, Object>>) c.get("recent")));
        p.put("missing", c.get("notComputed"));
        render(ctx, "customer.jte", p);
    }

    private static List<String[]> kv(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        List<String[]> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new String[] {k, View.fmt(v)}));
        return out;
    }

    // ---- brands ----

    @SuppressWarnings("unchecked")
    private void brands(Context ctx) {
        Map<String, Object> b = data.brands();
        Map<String, Object> p = params(frame(ctx, "Brands", "/brands"));
        List<Map<String, Object>> sw = (List<Map<String, Object>>) b.get("switching");
        List<String> names = sw.stream().flatMap(r -> java.util.stream.Stream.of((String) r.get("from"), (String) r.get("to")))
                .distinct().sorted().toList();
        List<List<Object>> cells = new ArrayList<>();
        for (Map<String, Object> r : sw) {
            cells.add(List.of(names.indexOf((String) r.get("to")), names.indexOf((String) r.get("from")), r.get("purchases")));
        }
        List<View.Chart> charts = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>((Map<String, String>) b.get("notComputed"));
        if (!sw.isEmpty()) {
            charts.add(chart("switching", "Brand switching: previous brand (rows) to next brand (columns), purchases", "heatmap",
                    Map.of("x", names, "y", names, "data", cells)));
        } else {
            missing.put("switching", "no purchases with a branded product yet: ingest products and transactions");
        }
        if (b.get("equity") != null) {
            List<Object> cats = new ArrayList<>();
            List<Object> vals = new ArrayList<>();
            for (Map<String, Object> r : (List<Map<String, Object>>) b.get("equity")) {
                cats.add(r.get("name"));
                vals.add(r.get("equity"));
            }
            charts.add(chart("brand-equity", "Brand equity (CLV shared by past spend)", "bar",
                    Map.of("categories", cats, "series", List.of(Map.of("name", "CLV", "data", vals)))));
        } else {
            missing.put("brand equity", "no scores yet: run rapport analyze");
        }
        p.put("charts", charts);
        p.put("result", b.get("result") == null ? null : View.summary((JsonNode) b.get("result")));
        p.put("missing", missing);
        render(ctx, "brands.jte", p);
    }

    // ---- validation ----

    private void validation(Context ctx) {
        Map<String, Object> p = params(frame(ctx, "Validation", "/validation"));
        List<View.Chart> charts = new ArrayList<>();
        String missing = "";
        p.put("model", null);
        p.put("errors", null);
        try {
            JsonNode v = data.validation();
            JsonNode val = v.path("validation");
            p.put("model", View.summary(v.path("purchaseModel")));
            p.put("candidates", View.summary(Json.MAPPER.createObjectNode().set("candidates", v.path("candidates"))));
            if (val.isMissingNode() || val.isNull()) {
                missing = "the latest run has no holdout period: run rapport analyze --calibration-end DATE";
            } else {
                List<Object> dates = new ArrayList<>();
                List<Object> actual = new ArrayList<>();
                List<Object> predicted = new ArrayList<>();
                for (JsonNode t : val.path("tracking")) {
                    dates.add(t.path("date").asText());
                    actual.add(t.path("actual").asDouble());
                    predicted.add(t.path("predicted").asDouble());
                }
                charts.add(chart("tracking", "Cumulative repeat purchases: actual and predicted (calibration end "
                        + val.path("calibrationEnd").asText() + ")", "line", Map.of("x", dates, "marker", val.path("calibrationEnd").asText(),
                        "series", List.of(Map.of("name", "Actual", "data", actual), Map.of("name", "Predicted", "data", predicted)))));
                List<Object> labels = new ArrayList<>();
                List<Object> a = new ArrayList<>();
                List<Object> pr = new ArrayList<>();
                for (JsonNode b : val.path("buckets")) {
                    labels.add(b.path("label").asText());
                    a.add(b.path("actual").asDouble());
                    pr.add(b.path("predicted").asDouble());
                }
                charts.add(chart("conditional", "Holdout purchases by calibration frequency: actual and predicted means", "bar",
                        Map.of("categories", labels, "series", List.of(Map.of("name", "Actual", "data", a), Map.of("name", "Predicted", "data", pr)))));
                p.put("errors", List.of(new String[] {"MAE", View.fmt(val.path("mae").asDouble())},
                        new String[] {"RMSE", View.fmt(val.path("rmse").asDouble())},
                        new String[] {"Bias", View.fmt(val.path("bias").asDouble())},
                        new String[] {"Aggregate error", View.fmt(val.path("aggregateError").asDouble())},
                        new String[] {"Holdout", val.path("calibrationEnd").asText() + " .. " + val.path("holdoutEnd").asText()}));
            }
        } catch (ApiError e) {
            missing = e.getMessage();
            p.put("candidates", null);
        }
        p.put("charts", charts);
        p.put("missing", missing);
        render(ctx, "validation.jte", p);
    }

    // ---- service desk ----

    private void desk(Context ctx) {
        Map<String, Object> p = params(frame(ctx, "Service desk", "/desk"));
        String contact = Optional.ofNullable(ctx.queryParam("contact")).orElse("").strip();
        p.put("contact", contact);
        p.put("route", null);
        p.put("notFound", false);
        if (!contact.isEmpty()) {
            Optional<ContactRouter.Route> r = router.route(contact);
            p.put("route", r.orElse(null));
            p.put("notFound", r.isEmpty());
        }
        render(ctx, "desk.jte", p);
    }
}
