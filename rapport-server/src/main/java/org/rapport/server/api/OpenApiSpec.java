package org.rapport.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the route table does not say about an API route, for the OpenAPI document: its operation id
 * (a verb and the resource, {@code getCustomer}), its query parameters, and its request body's schema.
 * Field names are camelCase throughout the document.
 */
public final class OpenApiSpec {
    /**
     * A query parameter.
     *
     * @param name its name
     * @param type integer or string
     * @param description what it does
     */
    record Param(String name, String type, String description) {
    }

    private static final Param PAGE = new Param("page", "integer", "0-based page (default 0)");
    private static final Param SIZE = new Param("size", "integer", "rows per page, 1 to 500 (default 50)");
    private static final Param SORT = new Param("sort", "string",
            "clv, p_alive, x, t_x, expected_purchases or customer_id; prefix - for descending (default -clv)");
    private static final Param Q = new Param("q", "string", "customer id prefix");
    private static final Param SEGMENT = new Param("segment", "string", "only this segment's customers");

    static final Map<String, String> OPERATION_IDS = new LinkedHashMap<>();
    static final Map<String, List<Param>> QUERY = new LinkedHashMap<>();
    /** Route → request body properties (name → JSON type), all optional unless named in {@link #REQUIRED}. */
    static final Map<String, Map<String, String>> BODIES = new LinkedHashMap<>();
    static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        id("GET /health", "getHealth");
        id("GET /api/openapi.json", "getOpenApi");
        id("GET /api/v1/me", "getMe");
        id("GET /api/v1/customers", "searchCustomers", Q, new Param("limit", "integer", "at most this many, 1 to 500 (default 20)"));
        QUERY.put("GET /api/v1/customers", List.of(new Param("q", "string", "customer id or e-mail prefix"),
                new Param("limit", "integer", "at most this many, 1 to 500 (default 20)")));
        id("GET /api/v1/customers/{id}", "getCustomer");
        id("GET /api/v1/scores", "listScores", PAGE, SIZE, SORT, Q, SEGMENT);
        id("GET /api/v1/equity", "getEquity");
        id("GET /api/v1/groups", "getGroups");
        id("GET /api/v1/wallet", "getWallet");
        id("GET /api/v1/brands", "getBrands");
        id("GET /api/v1/moments", "getMoments");
        id("GET /api/v1/feedback", "getFeedback");
        id("GET /api/v1/segments", "listSegments");
        id("POST /api/v1/segments", "createSegment");
        id("POST /api/v1/segments/check", "checkSegmentRule");
        id("GET /api/v1/segments/{name}", "getSegment");
        id("PUT /api/v1/segments/{name}", "updateSegment");
        id("GET /api/v1/segments/{name}/customers", "listSegmentCustomers", PAGE, SIZE, SORT, Q);
        id("GET /api/v1/budget", "getBudget");
        id("GET /api/v1/offers", "getOffers");
        id("GET /api/v1/campaigns", "listCampaigns", SEGMENT);
        id("GET /api/v1/campaigns/{offerId}/export.csv", "exportCampaign", SEGMENT);
        id("GET /api/v1/validation", "getValidation");
        id("POST /api/v1/route", "routeContact");
        id("POST /api/v1/refresh", "refresh");
        id("POST /api/v1/uploads", "uploadFile");
        id("POST /api/v1/jobs", "createJob");
        id("GET /api/v1/jobs", "listJobs");
        id("GET /api/v1/jobs/{id}", "getJob");
        id("DELETE /api/v1/users/{name}/tokens", "revokeUserTokens");
        id("DELETE /api/v1/users/{name}", "deleteUser");
        id("PUT /api/v1/users/{name}/segments", "updateUserSegments");
        id("GET /api/v1/users", "listUsers");
        id("POST /api/v1/users", "createUser");
        id("PUT /api/v1/users/{name}/role", "updateUserRole");
        id("PUT /api/v1/me/password", "changePassword");
        id("GET /api/v1/audit", "listAudit", new Param("limit", "integer", "at most this many entries, 1 to 10,000 (default 100)"));
        Map<String, String> segment = props("name", "string", "rule", "string", "description", "string", "manager", "string", "team", "string",
                "budget", "number", "priority", "integer");
        BODIES.put("POST /api/v1/segments", segment);
        REQUIRED.put("POST /api/v1/segments", List.of("name"));
        BODIES.put("PUT /api/v1/segments/{name}", segment);
        BODIES.put("POST /api/v1/segments/check", props("rule", "string"));
        REQUIRED.put("POST /api/v1/segments/check", List.of("rule"));
        BODIES.put("POST /api/v1/route", props("contact", "string", "customerId", "string", "email", "string", "phone", "string"));
        BODIES.put("POST /api/v1/jobs", props("kind", "string", "file", "string", "calibrationEnd", "string", "model", "string", "clvMonths", "integer",
                "discountRate", "number"));
        BODIES.put("POST /api/v1/users", props("name", "string", "role", "string", "segments", "array", "password", "string"));
        REQUIRED.put("POST /api/v1/users", List.of("name", "role"));
        BODIES.put("PUT /api/v1/users/{name}/role", props("role", "string", "segments", "array"));
        REQUIRED.put("PUT /api/v1/users/{name}/role", List.of("role"));
        REQUIRED.put("POST /api/v1/jobs", List.of("kind", "file"));
        BODIES.put("PUT /api/v1/me/password", props("current", "string", "new", "string"));
        REQUIRED.put("PUT /api/v1/me/password", List.of("current", "new"));
        BODIES.put("PUT /api/v1/users/{name}/segments", props("add", "array", "remove", "array"));
    }

    private OpenApiSpec() {
    }

    private static void id(String route, String id, Param... query) {
        OPERATION_IDS.put(route, id);
        if (query.length > 0) {
            QUERY.putIfAbsent(route, List.of(query));
        }
    }

    private static Map<String, String> props(String... nameType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            m.put(nameType[i], nameType[i + 1]);
        }
        return m;
    }

    /**
     * @param e a route
     * @return its operation id: the declared one, else a verb and the path's words in camelCase
     */
    static String operationId(Endpoint e) {
        String id = OPERATION_IDS.get(e.key());
        if (id != null) {
            return id;
        }
        StringBuilder b = new StringBuilder(e.method().toLowerCase(Locale.ROOT));
        for (String w : e.path().replaceAll("\\{[^}]+}", "").split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty() && !w.equals("api") && !w.equals("v1")) {
                b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return b.toString();
    }

    /** Adds the route's query parameters to its parameter list. */
    static void query(Endpoint e, ArrayNode params) {
        for (Param p : QUERY.getOrDefault(e.key(), List.of())) {
            ObjectNode n = params.addObject();
            n.put("name", p.name()).put("in", "query").put("required", false).put("description", p.description());
            n.putObject("schema").put("type", p.type());
        }
    }

    /** Sets the route's request body: its typed JSON schema, or a multipart file for uploads. */
    static void body(Endpoint e, ObjectNode op) {
        ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
        if (e.key().equals("POST /api/v1/uploads")) {
            ObjectNode s = content.putObject("multipart/form-data").putObject("schema").put("type", "object");
            s.putObject("properties").putObject("file").put("type", "string").put("format", "binary");
            s.putArray("required").add("file");
            return;
        }
        ObjectNode s = content.putObject("application/json").putObject("schema").put("type", "object");
        Map<String, String> props = BODIES.get(e.key());
        if (props == null) {
            return;
        }
        ObjectNode p = s.putObject("properties");
        props.forEach((name, type) -> {
            ObjectNode t = p.putObject(name).put("type", type);
            if (type.equals("array")) {
                t.putObject("items").put("type", "string");
            }
        });
        List<String> req = REQUIRED.getOrDefault(e.key(), List.of());
        if (!req.isEmpty()) {
            ArrayNode r = s.putArray("required");
            req.forEach(r::add);
        }
    }
}
