package org.rapport.server.api;

import org.rapport.server.ContactRouter;
import org.rapport.server.Data;
import org.rapport.server.Insights;
import org.rapport.server.auth.Auth;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;
import static org.rapport.server.auth.Role.AGENT;
import static org.rapport.server.auth.Role.ANALYST;
import static org.rapport.server.auth.Role.CCO;
import static org.rapport.server.auth.Role.SEGMENT_MANAGER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rapport.server.segment.SegmentService;
import org.rapport.store.export.CsvCells;

/** The REST API under {@code /api/v1}: its part of the route table. */
public final class Api {
    public static final Set<Role> READERS = EnumSet.of(CCO, ANALYST);
    static final Set<Role> SEGMENT_READERS = EnumSet.of(CCO, ANALYST, SEGMENT_MANAGER);
    public static final Set<Role> CUSTOMER_READERS = EnumSet.of(CCO, ANALYST, SEGMENT_MANAGER, AGENT);

    private final Data data;
    private final Insights insights;
    private final Auth auth;
    private final ContactRouter router;
    private final SegmentService segments;

    public Api(Data data, Auth auth, ContactRouter router, SegmentService segments) {
        this.data = data;
        this.insights = new Insights(data);
        this.auth = auth;
        this.router = router;
        this.segments = segments;
    }

    public List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("GET", "/health", Set.of(), false, "meta", "Liveness: ok, routable customers (and the store file, for the cco)", this::health));
        e.add(api("GET", "/api/v1/me", Endpoint.ALL, "meta", "The signed-in user, role and segments", ctx -> json(ctx, user(ctx))));
        e.add(api("GET", "/api/v1/customers", READERS, "customers", "Find customers by id or e-mail prefix (q, limit)", this::searchCustomers));
        e.add(api("GET", "/api/v1/customers/{id}", CUSTOMER_READERS, "customers",
                "Customer 360: profile, history, scores, segment, group, wallet, offers, household", this::customer));
        e.add(api("GET", "/api/v1/scores", READERS, "scores", "Scores of the latest run, paged (page, size, sort, q, segment)", this::scores));
        e.add(api("GET", "/api/v1/equity", READERS, "equity", "Customer equity now by segment, channel and brand; projected equity", ctx -> json(ctx, insights.equity())));
        e.add(api("GET", "/api/v1/groups", READERS, "equity", "Relationship groups (stranger, butterfly, true friend, barnacle)", ctx -> json(ctx, insights.groups())));
        e.add(result("/api/v1/wallet", "wallet", "Share of wallet (latest wallet result)"));
        e.add(api("GET", "/api/v1/brands", READERS, "brands", "Brand switching matrix, brand equity, hand-offs and retirement", ctx -> json(ctx, insights.brands())));
        e.add(result("/api/v1/moments", "moments", "Moments of truth (latest moments result)"));
        e.add(result("/api/v1/feedback", "feedback", "Feedback analysis (latest feedback result)"));
        e.add(api("GET", "/api/v1/segments", SEGMENT_READERS, "segments", "Segments with KPIs (a segment manager sees their own)", this::listSegments));
        e.add(api("POST", "/api/v1/segments", EnumSet.of(CCO), "segments", "Create a rule segment {name, rule, description, manager, team, budget, priority}", this::createSegment));
        e.add(api("POST", "/api/v1/segments/check", EnumSet.of(CCO, ANALYST, SEGMENT_MANAGER), "segments",
                "Check a rule {rule}: valid, message, position, live count (a segment manager's: within their segments)", this::checkRule));
        e.add(api("GET", "/api/v1/segments/{name}", SEGMENT_READERS, "segments", "One segment with KPIs", this::getSegment));
        e.add(api("PUT", "/api/v1/segments/{name}", EnumSet.of(CCO, SEGMENT_MANAGER), "segments",
                "Change rule, description, budget (own segment); manager, team, priority (cco)", this::updateSegment));
        e.add(api("GET", "/api/v1/segments/{name}/customers", SEGMENT_READERS, "segments", "A segment's customers, paged (page, size, sort, q)", this::segmentCustomers));
        e.add(api("GET", "/api/v1/budget", SEGMENT_READERS, "segments", "Latest budget allocation (a segment manager sees their segments)", this::budget));
        e.add(api("GET", "/api/v1/offers", READERS, "offers", "Offers by source and the latest offers evaluation", ctx -> json(ctx, insights.offers())));
        e.add(api("GET", "/api/v1/campaigns", SEGMENT_READERS, "offers", "Campaigns: offers grouped by offer (segment)", this::campaigns));
        e.add(api("GET", "/api/v1/campaigns/{offerId}/export.csv", SEGMENT_READERS, "offers", "A campaign's target customers as CSV (segment)", this::exportCampaign));
        e.add(api("GET", "/api/v1/validation", READERS, "validation", "Holdout validation of the latest run", ctx -> json(ctx, data.validation())));
        e.add(api("POST", "/api/v1/route", EnumSet.of(CCO, ANALYST, AGENT), "service", "Route a contact {contact | customerId | email | phone}", this::route));
        e.add(api("POST", "/api/v1/refresh", READERS, "service", "Reload the service desk's lookup maps and the customer cache from the store", ctx -> {
            router.reload();
            Map<String, Object> m = new LinkedHashMap<>(router.counts());
            m.put("cache", data.reloadCache());
            json(ctx, m);
        }));
        e.add(api("DELETE", "/api/v1/users/{name}/tokens", EnumSet.of(CCO), "meta",
                "Revoke every API token and session of a user (at once)", this::revokeTokens));
        e.add(api("PUT", "/api/v1/me/password", EnumSet.allOf(Role.class), "meta",
                "Change one's own password {current, new}; ends the user's browser sessions", this::changePassword));
        e.add(api("GET", "/api/v1/audit", EnumSet.of(CCO), "meta", "The audit log, newest first (limit)", this::audit));
        return e;
    }

    private static Endpoint api(String method, String path, Set<Role> roles, String tag, String summary, Handler h) {
        return new Endpoint(method, path, roles, false, tag, summary, h);
    }

    private Endpoint result(String path, String analysis, String summary) {
        return api("GET", path, READERS, analysis, summary, ctx -> json(ctx, data.requireResult(analysis)));
    }

    public static User user(Context ctx) {
        return ctx.attribute("user");
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new ApiError(500, "cannot write the answer as JSON: " + e.getOriginalMessage());
        }
    }

    public static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) {
                throw ApiError.badRequest(name + ": " + i + " is outside " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": '" + v + "' is not a whole number");
        }
    }

    static JsonNode body(Context ctx) {
        String b = ctx.body();
        if (b == null || b.isBlank()) {
            throw ApiError.badRequest("the request body is empty; send a JSON object");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(b);
            if (n == null || !n.isObject()) {
                throw ApiError.badRequest("the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest(field + ": must be text");
        }
        return v.asText();
    }

    private void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        User u = user(ctx);
        if (u != null && u.role() == CCO) {
            // the store's path is for the cco only: it tells an anonymous caller about the server's disk
            m.put("store", String.valueOf(data.db().store().file()));
        }
        m.put("routable", router.counts());
        m.put("cache", data.cacheStats().<Object>map(x -> x).orElse("loading"));
        json(ctx, m);
    }

    private void revokeTokens(Context ctx) {
        String name = ctx.pathParam("name");
        long n;
        try {
            n = auth.revokeTokens(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        }
        auth.audit(user(ctx).name(), "user.revoke", name, null, Map.of("tokens", n));
        json(ctx, Map.of("user", name, "tokensRevoked", n));
    }

    private void changePassword(Context ctx) {
        JsonNode b = body(ctx);
        String current = text(b, "current");
        String fresh = text(b, "new");
        if (current == null || fresh == null) {
            throw ApiError.badRequest("give the current password and the new one: {\"current\": ..., \"new\": ...}");
        }
        User u = user(ctx);
        // the current password is checked like a sign-in: wrong guesses count towards the lockout
        if (auth.signIn(u.name(), current.toCharArray(), ctx.ip()).isEmpty()) {
            throw new ApiError(403, "the current password is wrong");
        }
        try {
            auth.setPassword(u.name(), fresh.toCharArray());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("new: " + e.getMessage());
        }
        auth.audit(u.name(), "user.password", u.name(), null, null);
        json(ctx, Map.of("user", u.name(), "passwordChanged", true));
    }

    private void searchCustomers(Context ctx) {
        json(ctx, data.searchCustomers(ctx.queryParam("q"), intParam(ctx, "limit", 20, 1, Data.MAX_PAGE)));
    }

    /** Checks that a segment manager only reads customers of their own segments. */
    private void requireCustomerAccess(Context ctx, String id) {
        User u = user(ctx);
        if (u.role() == SEGMENT_MANAGER) {
            String seg = data.segmentOf(id).orElse(null);
            if (seg == null || !u.segments().contains(seg)) {
                throw ApiError.forbidden("customer '" + id + "' is not in one of your segments");
            }
        }
    }

    private void customer(Context ctx) {
        String id = ctx.pathParam("id");
        requireCustomerAccess(ctx, id);
        json(ctx, data.customer(id));
    }

    private void scores(Context ctx) {
        json(ctx, data.scores(ctx.queryParam("segment"), ctx.queryParam("q"), ctx.queryParam("sort"),
                intParam(ctx, "page", 0, 0, Integer.MAX_VALUE / Data.MAX_PAGE), intParam(ctx, "size", 50, 1, Data.MAX_PAGE)));
    }

    private void requireSegmentRead(Context ctx, String name) {
        if (!user(ctx).mayReadSegment(name)) {
            throw ApiError.forbidden("segment '" + name + "' is not one of yours");
        }
    }

    private void listSegments(Context ctx) {
        User u = user(ctx);
        List<Map<String, Object>> all = segments.list();
        json(ctx, u.role() == SEGMENT_MANAGER ? all.stream().filter(s -> u.segments().contains((String) s.get("name"))).toList() : all);
    }

    private void getSegment(Context ctx) {
        String name = ctx.pathParam("name");
        requireSegmentRead(ctx, name);
        json(ctx, segments.get(name).orElseThrow(() -> ApiError.notFound("no segment '" + name + "'")));
    }

    private void segmentCustomers(Context ctx) {
        String name = ctx.pathParam("name");
        requireSegmentRead(ctx, name);
        json(ctx, data.scores(name, ctx.queryParam("q"), ctx.queryParam("sort"), intParam(ctx, "page", 0, 0, Integer.MAX_VALUE / Data.MAX_PAGE),
                intParam(ctx, "size", 50, 1, Data.MAX_PAGE)));
    }

    static SegmentService.Edit edit(JsonNode b) {
        Double budget = null;
        if (b.hasNonNull("budget")) {
            if (!b.get("budget").isNumber()) {
                throw ApiError.badRequest("budget: must be a number");
            }
            budget = b.get("budget").asDouble();
        }
        Integer priority = null;
        if (b.hasNonNull("priority")) {
            if (!b.get("priority").canConvertToInt() || !b.get("priority").isIntegralNumber()) {
                throw ApiError.badRequest("priority: must be a whole number");
            }
            priority = b.get("priority").asInt();
        }
        return new SegmentService.Edit(text(b, "name"), text(b, "rule"), text(b, "description"), text(b, "manager"), text(b, "team"),
                budget, priority);
    }

    private void createSegment(Context ctx) {
        ctx.status(201);
        json(ctx, segments.create(edit(body(ctx)), user(ctx)));
    }

    private void updateSegment(Context ctx) {
        json(ctx, segments.update(ctx.pathParam("name"), edit(body(ctx)), user(ctx)));
    }

    private void checkRule(Context ctx) {
        String rule = text(body(ctx), "rule");
        if (rule == null) {
            throw ApiError.badRequest("rule: required");
        }
        json(ctx, segments.check(rule, user(ctx)));
    }

    private void budget(Context ctx) {
        User u = user(ctx);
        JsonNode doc = data.requireResult("budget");
        json(ctx, u.role() == SEGMENT_MANAGER ? Insights.onlySegments(doc, u.segments()) : doc);
    }

    /** @return the segments the campaign lists are limited to: the asked one, or a manager's own, or null for all */
    private List<String> campaignScope(Context ctx) {
        User u = user(ctx);
        String seg = ctx.queryParam("segment");
        if (seg != null && !seg.isBlank()) {
            requireSegmentRead(ctx, seg);
            return List.of(seg);
        }
        return u.role() == SEGMENT_MANAGER ? u.segments() : null;
    }

    private void campaigns(Context ctx) {
        json(ctx, insights.campaigns(campaignScope(ctx)));
    }

    private void exportCampaign(Context ctx) throws IOException {
        String offer = ctx.pathParam("offerId");
        List<Map<String, Object>> rows = insights.campaignCustomers(offer, campaignScope(ctx));
        if (rows.isEmpty() && !insights.offerExists(offer)) {
            throw ApiError.notFound("no offer '" + offer + "'");
        }
        StringWriter w = new StringWriter();
        String[] header = {"customer_id", "email", "phone", "rank", "product_id", "score", "propensity", "value", "source", "reason"};
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
            for (Map<String, Object> r : rows) {
                List<Object> values = new ArrayList<>();
                for (String h : header) {
                    values.add(CsvCells.cell(r.get(h)));
                }
                p.printRecord(values);
            }
        }
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + ctx.pathParam("offerId").replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"")
                .result(w.toString());
    }

    private void route(Context ctx) {
        JsonNode b = body(ctx);
        long t0 = System.nanoTime();
        java.util.Optional<ContactRouter.Route> r;
        String asked;
        if (b.hasNonNull("contact")) {
            asked = text(b, "contact");
            r = router.route(asked);
        } else if (b.hasNonNull("customerId")) {
            asked = text(b, "customerId");
            r = router.route("customer_id", asked);
        } else if (b.hasNonNull("email")) {
            asked = text(b, "email");
            r = router.route("email", asked);
        } else if (b.hasNonNull("phone")) {
            asked = text(b, "phone");
            r = router.route("phone", asked);
        } else {
            throw ApiError.badRequest("give one of contact, customerId, email, phone");
        }
        if (asked.isBlank()) {
            throw ApiError.badRequest("the contact is empty");
        }
        ContactRouter.Route route = r.orElseThrow(() -> ApiError.notFound("no customer matches '" + asked + "'"));
        ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "route;dur=%.3f", (System.nanoTime() - t0) / 1e6));
        json(ctx, route);
    }

    private void audit(Context ctx) {
        json(ctx, data.db().rows("SELECT audit_id, CAST(changed_at AS VARCHAR) AS changed_at, user_name, action, target, before_json, after_json "
                + "FROM audit_log ORDER BY audit_id DESC LIMIT ?", intParam(ctx, "limit", 100, 1, 10_000)));
    }
}
