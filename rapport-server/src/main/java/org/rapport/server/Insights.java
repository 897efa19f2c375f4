package org.rapport.server;

import org.rapport.server.api.ApiError;
import org.rapport.server.api.Json;
import org.rapport.store.ConnectionPool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the analyses over the whole base: equity, relationship groups, scorecards, brands,
 * campaigns and offers; each degrades to a "not computed yet" sentence when its table or result is absent.
 */
public final class Insights {
    private static final String RUN_ANALYZE = Data.RUN_ANALYZE;
    private final Data data;
    private final ConnectionPool db;

    /** @param data the store's read side */
    public Insights(Data data) {
        this.data = data;
        this.db = data.db();
    }

    private boolean has(String table) {
        return data.has(table);
    }

    private Optional<JsonNode> result(String analysis) {
        return data.result(analysis);
    }

    private Optional<Map<String, Object>> first(String sql, Object... params) {
        List<Map<String, Object>> r = db.rows(sql, params);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /**
     * @param offerId an offer
     * @return whether any customer has it
     */
    public boolean offerExists(String offerId) {
        return has("customer_offers") && db.queryFirst("SELECT 1 FROM customer_offers WHERE offer_id = ? LIMIT 1", rs -> 1, offerId).isPresent();
    }

    /**
     * Customer equity now (sum of CLV of the latest scores), in total and by segment, acquisition
     * channel and brand (each customer's CLV shared among brands by their past spend), and the stored
     * {@code equity} result (projected equity) when computed.
     *
     * @return the equity view
     */
    public Map<String, Object> equity() {
        if (!has("customer_scores")) {
            throw ApiError.notComputed("no scores", RUN_ANALYZE);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        out.put("total", first("SELECT count(*) AS customers, sum(clv) AS equity, avg(clv) AS mean_clv, sum(p_alive) AS expected_alive, "
                + "sum(clv_lower) AS equity_lower, sum(clv_upper) AS equity_upper FROM customer_scores").orElseThrow());
        if (has("customer_segment")) {
            out.put("bySegment", db.rows("SELECT cs.segment AS name, count(*) AS customers, sum(s.clv) AS equity FROM customer_scores s "
                    + "JOIN customer_segment cs ON cs.customer_id = s.customer_id GROUP BY 1 ORDER BY equity DESC NULLS LAST"));
        } else {
            out.put("bySegment", null);
            missing.put("bySegment", "no segments defined yet: run rapport segments discover");
        }
        out.put("byChannel", db.rows("SELECT coalesce(c.acquisition_channel, '(unknown)') AS name, count(*) AS customers, sum(s.clv) AS equity "
                + "FROM customer_scores s LEFT JOIN customers c ON c.customer_id = s.customer_id GROUP BY 1 ORDER BY equity DESC NULLS LAST"));
        out.put("byBrand", db.rows("""
                WITH spend AS (
                  SELECT l.customer_id, coalesce(p.brand, '(no brand)') AS brand, sum(l.amount) AS amount
                  FROM purchase_lines l LEFT JOIN products p ON p.product_id = l.product_id GROUP BY 1, 2),
                share AS (SELECT customer_id, brand, amount / nullif(sum(amount) OVER (PARTITION BY customer_id), 0) AS w FROM spend)
                SELECT sh.brand AS name, count(*) AS customers, sum(sh.w * s.clv) AS equity
                FROM share sh JOIN customer_scores s ON s.customer_id = sh.customer_id
                GROUP BY 1 ORDER BY equity DESC NULLS LAST"""));
        Optional<JsonNode> projected = result("equity");
        out.put("projected", projected.orElse(null));
        if (projected.isEmpty()) {
            missing.put("projected", "not computed yet: run " + RUN_ANALYZE);
        }
        out.put("notComputed", missing);
        return out;
    }

    /**
     * @return relationship groups: counts and mean CLV/loyalty per group, and a sample of at most 2,000 customers for the quadrant
     */
    public Map<String, Object> groups() {
        if (!has("customer_groups")) {
            throw ApiError.notComputed("no relationship groups", RUN_ANALYZE);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groups", db.rows("SELECT relationship_group AS name, count(*) AS customers, avg(clv) AS mean_clv, avg(loyalty) AS mean_loyalty, "
                + "sum(clv) AS equity FROM customer_groups GROUP BY 1 ORDER BY 1"));
        out.put("sample", db.rows("SELECT customer_id, relationship_group, clv, loyalty FROM customer_groups "
                + "ORDER BY hash(customer_id) LIMIT 2000"));
        out.put("result", result("groups").orElse(null));
        return out;
    }

    /**
     * @return the customer-centric scorecard (equity, customers, retention, share of wallet, mean CLV) and the
     *     product-centric one (revenue, orders and margin by category) side by side
     */
    public Map<String, Object> scorecards() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> customer = new ArrayList<>();
        if (has("customer_scores")) {
            Map<String, Object> t = first("SELECT count(*) AS n, sum(clv) AS equity, avg(clv) AS mean_clv, avg(p_alive) AS retention, "
                    + "sum(expected_purchases) AS purchases FROM customer_scores").orElseThrow();
            customer.add(kpi("Customer equity", t.get("equity")));
            customer.add(kpi("Customers scored", t.get("n")));
            customer.add(kpi("Mean CLV", t.get("mean_clv")));
            customer.add(kpi("Mean P(alive)", t.get("retention")));
            customer.add(kpi("Expected purchases (horizon)", t.get("purchases")));
        }
        if (has("customer_wallet")) {
            customer.add(kpi("Mean share of wallet", db.queryFirst("SELECT avg(share_of_wallet) FROM customer_wallet", rs -> rs.getObject(1)).orElse(null)));
        }
        out.put("customer", customer);
        out.put("product", db.rows("SELECT coalesce(p.category, '(none)') AS category, count(DISTINCT l.customer_id) AS customers, "
                + "sum(l.amount) AS revenue, sum(l.amount * coalesce(p.margin_rate, 0)) AS margin FROM purchase_lines l "
                + "LEFT JOIN products p ON p.product_id = l.product_id GROUP BY 1 ORDER BY revenue DESC LIMIT 20"));
        return out;
    }

    private static Map<String, Object> kpi(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }

    /**
     * @return brands: equity per brand, the switching matrix (purchases by a customer's previous brand and
     *     next brand), and the stored {@code brands} result (hand-offs, retirement candidates) when computed
     */
    public Map<String, Object> brands() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("switching", db.rows("""
                WITH b AS (SELECT l.customer_id, l.ts, p.brand FROM purchase_lines l JOIN products p ON p.product_id = l.product_id
                           WHERE p.brand IS NOT NULL),
                     o AS (SELECT brand, lag(brand) OVER (PARTITION BY customer_id ORDER BY ts) AS previous FROM b)
                SELECT previous AS "from", brand AS "to", count(*) AS purchases FROM o WHERE previous IS NOT NULL
                GROUP BY 1, 2 ORDER BY 1, 2"""));
        out.put("equity", has("customer_scores") ? equity().get("byBrand") : null);
        Optional<JsonNode> r = result("brands");
        out.put("result", r.orElse(null));
        out.put("notComputed", r.isPresent() ? Map.of() : Map.of("result", "hand-offs and retirement candidates not computed yet: run " + RUN_ANALYZE));
        return out;
    }

    /**
     * Campaigns: the offers of {@code customer_offers} grouped by offer.
     *
     * @param segments only customers of these segments, or null for all
     * @return one row per offer: customers, expected value, mean propensity, source
     */
    public List<Map<String, Object>> campaigns(List<String> segments) {
        if (!has("customer_offers")) {
            throw ApiError.notComputed("no offers", "rapport offers");
        }
        if (segments != null && !has("customer_segment")) {
            throw ApiError.notComputed("no customer segments", "rapport segments discover");
        }
        String join = segments == null ? "" : " JOIN customer_segment cs ON cs.customer_id = o.customer_id AND list_contains(string_split(?, chr(31)), cs.segment)";
        Object[] params = segments == null ? new Object[0] : new Object[] {String.join("\u001f", segments)};
        return db.rows("SELECT o.offer_id, min(o.product_id) AS product_id, mode(o.source) AS source, count(*) AS customers, "
                + "sum(o.value * o.propensity) AS expected_value, avg(o.propensity) AS mean_propensity, min(o.reason) AS example_reason "
                + "FROM customer_offers o" + join + " GROUP BY o.offer_id ORDER BY expected_value DESC NULLS LAST, o.offer_id", params);
    }

    /**
     * @param offerId an offer
     * @param segments only customers of these segments, or null for all
     * @return its target customers, best score first
     */
    public List<Map<String, Object>> campaignCustomers(String offerId, List<String> segments) {
        if (!has("customer_offers")) {
            throw ApiError.notComputed("no offers", "rapport offers");
        }
        String join = segments == null ? "" : " JOIN customer_segment cs ON cs.customer_id = o.customer_id AND list_contains(string_split(?, chr(31)), cs.segment)";
        List<Object> params = new ArrayList<>();
        if (segments != null) {
            params.add(String.join("\u001f", segments));
        }
        params.add(offerId);
        return db.rows("SELECT o.customer_id, c.email, c.phone, o.rank, o.product_id, o.score, o.propensity, o.value, o.source, o.reason "
                + "FROM customer_offers o" + join + " LEFT JOIN customers c ON c.customer_id = o.customer_id WHERE o.offer_id = ? "
                + "ORDER BY o.score DESC NULLS LAST, o.customer_id", params.toArray());
    }

    /** @return offers by source, with the stored {@code offers-evaluation} result when computed */
    public Map<String, Object> offers() {
        if (!has("customer_offers")) {
            throw ApiError.notComputed("no offers", "rapport offers");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bySource", db.rows("SELECT source, count(*) AS offers, count(DISTINCT customer_id) AS customers, avg(propensity) AS mean_propensity, "
                + "sum(value * propensity) AS expected_value FROM customer_offers GROUP BY 1 ORDER BY 1"));
        out.put("evaluation", result("offers-evaluation").orElse(null));
        return out;
    }

    /**
     * Keeps, in every top-level array of a result, only the objects whose {@code segment} (or
     * {@code name}, for a list of segments) is one of the given segments: what a segment manager sees
     * of the budget allocation.
     *
     * @param doc a result document
     * @param segments the segments to keep
     * @return a filtered copy
     */
    public static JsonNode onlySegments(JsonNode doc, List<String> segments) {
        JsonNode copy = doc.deepCopy();
        if (copy instanceof ArrayNode a) {
            return filter(a, segments);
        }
        if (copy instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (o.get(f) instanceof ArrayNode a) {
                    o.set(f, filter(a, segments));
                }
            }
        }
        return copy;
    }

    private static ArrayNode filter(ArrayNode a, List<String> segments) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode e : a) {
            JsonNode key = e.has("segment") ? e.get("segment") : e.get("name");
            if (!e.isObject() || key == null || segments.contains(key.asText())) {
                out.add(e);
            }
        }
        return out;
    }
}
