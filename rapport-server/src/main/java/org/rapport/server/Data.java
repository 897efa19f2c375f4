package org.rapport.server;

import org.rapport.server.api.ApiError;
import org.rapport.server.api.Json;
import org.rapport.store.query.Runs;
import org.rapport.store.query.StoredResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rapport.store.ConnectionPool;
import org.rapport.server.cache.CustomerCache;
import org.rapport.server.cache.CustomerRecords;

/**
 * The read side of the API and the pages: every query on the contract tables, each degrading to a
 * "not computed yet" sentence when its table or result is absent (the analytics and offers land in
 * any order).
 */
public final class Data {
    /** The sentence shown when something is absent. */
    public static final String RUN_ANALYZE = "rapport analyze";
    /** Largest page size of paged lists. */
    public static final int MAX_PAGE = 500;

    private final ConnectionPool db;
    private final CustomerRecords sql = new SqlRecords();
    private volatile CustomerCache cache;

    /** @param db the pool */
    public Data(ConnectionPool db) {
        this.db = db;
    }

    /** @return the pool */
    public ConnectionPool db() {
        return db;
    }

    /** @param table a contract table @return whether it exists and an analysis filled it */
    public boolean has(String table) {
        return db.hasRows(table);
    }

    /**
     * The latest stored result of an analysis (the shared query, on a pooled connection: the store's own
     * connection belongs to the job thread).
     *
     * @param analysis the analysis name, e.g. {@code equity}
     * @return the JSON document, if any
     */
    public Optional<JsonNode> result(String analysis) {
        return StoredResults.latestJson(db, analysis).map(Data::parse);
    }

    /**
     * @param analysis the analysis name
     * @return the latest result
     * @throws ApiError 404 "not computed yet" if there is none
     */
    public JsonNode requireResult(String analysis) {
        return result(analysis).orElseThrow(() -> ApiError.notComputed("no " + analysis + " result", RUN_ANALYZE));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ApiError(500, "a stored result cannot be read: " + e.getOriginalMessage());
        }
    }

    /** @return the latest run's report data (report_json) with its run id, if any run exists */
    public Optional<ObjectNode> latestReport() {
        return Runs.latestRunId(db).flatMap(id -> Runs.reportJson(db, id).map(json -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("runId", id);
            n.set("report", parse(json));
            return n;
        }));
    }

    /**
     * @return the validation of the latest run: model, candidates, holdout buckets and tracking, errors
     * @throws ApiError 404 when no run exists
     */
    public ObjectNode validation() {
        ObjectNode r = latestReport().orElseThrow(() -> ApiError.notComputed("no analysis run", RUN_ANALYZE));
        JsonNode report = r.get("report");
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("runId", r.get("runId").asLong());
        out.set("purchaseModel", report.path("purchaseModel"));
        out.set("spendModel", report.path("spendModel"));
        out.set("candidates", report.path("candidates"));
        out.set("validation", report.path("validation"));
        out.set("totals", report.path("totals"));
        return out;
    }

    /** A page of rows. @param rows the rows @param total all matching rows @param page 0-based @param size page size */
    public record Page(List<Map<String, Object>> rows, long total, int page, int size) {
    }

    private static final Map<String, String> SCORE_SORTS = Map.of("clv", "clv", "p_alive", "p_alive", "x", "x",
            "expected_purchases", "expected_purchases", "customer_id", "customer_id", "t_x", "t_x");

    /**
     * @param sort a column (clv, p_alive, x, expected_purchases, customer_id, t_x), optionally prefixed with {@code -} for descending
     * @return the ORDER BY clause
     */
    static String order(String sort) {
        String s = sort == null || sort.isBlank() ? "-clv" : sort.strip();
        boolean desc = s.startsWith("-");
        String col = SCORE_SORTS.get(desc ? s.substring(1) : s);
        if (col == null) {
            throw ApiError.badRequest("sort: '" + sort + "' is not one of " + String.join(", ", new java.util.TreeSet<>(SCORE_SORTS.keySet()))
                    + " (prefix - for descending)");
        }
        return " ORDER BY s." + col + (desc ? " DESC NULLS LAST" : " ASC NULLS LAST") + ", s.customer_id";
    }

    /**
     * Scores, paged.
     *
     * @param segment only this segment, or null for all
     * @param q customer id prefix filter, or null
     * @param sort see {@link #order}
     * @param page 0-based page
     * @param size page size, 1..{@value #MAX_PAGE}
     * @return the page
     */
    public Page scores(String segment, String q, String sort, int page, int size) {
        if (!has("customer_scores")) {
            throw ApiError.notComputed("no scores", RUN_ANALYZE);
        }
        if (segment != null && !has("customer_segment")) {
            throw ApiError.notComputed("no customer segments", "rapport segments discover");
        }
        String order = order(sort);
        String from = " FROM customer_scores s" + (segment != null ? " JOIN customer_segment cs ON cs.customer_id = s.customer_id AND cs.segment = ?" : "")
                + " WHERE (? IS NULL OR starts_with(s.customer_id, ?))";
        List<Object> params = new ArrayList<>();
        if (segment != null) {
            params.add(segment);
        }
        String prefix = q == null || q.isBlank() ? null : q.strip();
        params.add(prefix);
        params.add(prefix == null ? "" : prefix);
        long total = db.queryLong("SELECT count(*)" + from, params.toArray());
        params.add(size);
        params.add((long) page * size);
        List<Map<String, Object>> rows = db.rows("SELECT s.customer_id, s.x, s.t_x, s.t, s.p_alive, s.expected_purchases, "
                + "s.expected_spend, s.clv, s.clv_lower, s.clv_upper" + from + order + " LIMIT ? OFFSET ?", params.toArray());
        return new Page(rows, total, page, size);
    }

    /**
     * @param id a customer id
     * @return the customer's segment, if segments are computed and the customer has one
     */
    public Optional<String> segmentOf(String id) {
        CustomerCache c = cache;
        if (c != null) {
            return c.segmentOf(id);
        }
        if (!has("customer_segment")) {
            return Optional.empty();
        }
        return db.queryFirst("SELECT segment FROM customer_segment WHERE customer_id = ?", rs -> rs.getString(1), id);
    }

    /**
     * Copies the customer 360's tables into memory ({@link CustomerCache}); until the first copy is
     * done, and while none is, the 360 reads the store with SQL and answers the same.
     *
     * @return the cache's figures (customers, rows, megabytes, load time)
     */
    public Map<String, Object> reloadCache() {
        CustomerCache c = db.with(CustomerCache::load);
        cache = c;
        return c.stats();
    }

    /**
     * Reloads the cache after a user changed a segment: a saved rule assigns the customers again
     * ({@code SegmentAnalysis.ruleSaved}), so the customers' segments are reloaded with the segments'
     * manager, team and description.
     */
    public void segmentsChanged() {
        if (cache != null) {
            reloadCache();
        }
    }

    /** @return the cache's figures, or empty while it is not loaded */
    public Optional<Map<String, Object>> cacheStats() {
        return Optional.ofNullable(cache).map(CustomerCache::stats);
    }

    /**
     * The customer 360: profile, purchase history by month, scores, segment, relationship group,
     * wallet, offers, household. Sections whose table is absent are null and named in {@code notComputed}.
     * Read from the in-memory cache when loaded, else from the store.
     *
     * @param id a customer id
     * @return the view
     * @throws ApiError 404 if the store knows no such customer
     */
    public Map<String, Object> customer(String id) {
        CustomerCache c = cache;
        return customer(id, c != null ? c : sql);
    }

    /**
     * @param id a customer id
     * @param r where to read
     * @return the 360 read from there
     */
    static Map<String, Object> customer(String id, CustomerRecords r) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        Optional<Map<String, Object>> profile = r.profile(id);
        Optional<Map<String, Object>> scores = r.has("customer_scores") ? r.scores(id) : Optional.empty();
        // The count, the monthly history and the 20 most recent purchases all come from these rows.
        List<Map<String, Object>> all = r.purchases(id);
        if (profile.isEmpty() && scores.isEmpty() && all.isEmpty()) {
            throw ApiError.notFound("no customer '" + id + "'");
        }
        out.put("customerId", id);
        out.put("profile", profile.orElse(null));
        Map<String, Map<String, Object>> months = new java.util.TreeMap<>();
        for (Map<String, Object> p : all) {
            String month = ((String) p.get("ts")).substring(0, 7);
            Map<String, Object> m = months.computeIfAbsent(month, k -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("month", k);
                e.put("purchases", 0L);
                e.put("spend", 0.0);
                return e;
            });
            m.put("purchases", (Long) m.get("purchases") + 1);
            m.put("spend", (Double) m.get("spend") + ((Number) p.get("amount")).doubleValue());
        }
        out.put("history", new ArrayList<>(months.values()));
        List<Map<String, Object>> recent = new ArrayList<>(all.subList(Math.max(0, all.size() - 20), all.size()));
        java.util.Collections.reverse(recent);
        out.put("recent", recent);
        if (!r.has("customer_scores")) {
            missing.put("scores", "not computed yet: run " + RUN_ANALYZE);
        }
        out.put("scores", scores.orElse(null));
        section(out, missing, "segment", r.has("customer_segment"), () -> r.segment(id), "rapport segments discover");
        section(out, missing, "group", r.has("customer_groups"), () -> r.group(id), RUN_ANALYZE);
        section(out, missing, "wallet", r.has("customer_wallet"), () -> r.wallet(id), RUN_ANALYZE);
        if (r.has("customer_subscription")) {
            out.put("membership", r.membership(id).orElse(null));
        }
        if (r.has("customer_offers")) {
            out.put("offers", r.offers(id));
        } else {
            out.put("offers", null);
            missing.put("offers", "not computed yet: run rapport offers");
        }
        out.put("household", r.household(id, profile.map(p -> (String) p.get("household_id")).orElse(null)));
        out.put("notComputed", missing);
        return out;
    }

    private static void section(Map<String, Object> out, Map<String, String> missing, String key, boolean has,
                                java.util.function.Supplier<Optional<Map<String, Object>>> read, String how) {
        if (has) {
            out.put(key, read.get().orElse(null));
        } else {
            out.put(key, null);
            missing.put(key, "not computed yet: run " + how);
        }
    }

    private Optional<Map<String, Object>> first(String sql, Object... params) {
        List<Map<String, Object>> r = db.rows(sql, params);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** The 360's sections read with SQL on the store: one indexed-or-scanned query per section. */
    private final class SqlRecords implements CustomerRecords {
        @Override
        public boolean has(String table) {
            return Data.this.has(table);
        }

        @Override
        public Optional<Map<String, Object>> profile(String id) {
            return first("SELECT customer_id, email, phone, birth_date, region, household_id, acquisition_channel, "
                    + "acquisition_date, survey_wallet FROM customers WHERE customer_id = ?", id);
        }

        @Override
        public Optional<Map<String, Object>> scores(String id) {
            return first("SELECT " + CustomerCache.SCORE_COLUMNS + " FROM customer_scores WHERE customer_id = ?", id);
        }

        @Override
        public List<Map<String, Object>> purchases(String id) {
            return db.rows("SELECT CAST(ts AS VARCHAR) AS ts, order_id, amount, channel FROM purchases WHERE customer_id = ? "
                    + "ORDER BY ts, order_id", id);
        }

        @Override
        public Optional<Map<String, Object>> segment(String id) {
            return first("SELECT cs.segment" + (has("segments")
                    ? ", s.manager, s.team, s.description FROM customer_segment cs LEFT JOIN segments s ON s.name = cs.segment"
                    : " FROM customer_segment cs") + " WHERE cs.customer_id = ?", id);
        }

        @Override
        public Optional<Map<String, Object>> group(String id) {
            return first("SELECT relationship_group, barnacle_action, clv, loyalty FROM customer_groups WHERE customer_id = ?", id);
        }

        @Override
        public Optional<Map<String, Object>> wallet(String id) {
            return first("SELECT wallet, wallet_source, yearly_spend, share_of_wallet, headroom FROM customer_wallet "
                    + "WHERE customer_id = ?", id);
        }

        @Override
        public Optional<Map<String, Object>> membership(String id) {
            return first("SELECT " + CustomerCache.MEMBERSHIP_COLUMNS + " FROM customer_subscription WHERE customer_id = ? "
                    + "ORDER BY start_date DESC LIMIT 1", id);
        }

        @Override
        public List<Map<String, Object>> offers(String id) {
            return db.rows("SELECT rank, offer_id, product_id, score, propensity, value, source, reason FROM customer_offers "
                    + "WHERE customer_id = ? ORDER BY rank", id);
        }

        @Override
        public List<Map<String, Object>> household(String id, String hh) {
            boolean sc = has("customer_scores");
            return db.rows("SELECT m.customer_id, m.relation" + (sc ? ", s.clv, s.p_alive" : "")
                    + " FROM (SELECT related_customer_id AS customer_id, relation FROM household_links WHERE customer_id = ? "
                    + "UNION SELECT customer_id, relation FROM household_links WHERE related_customer_id = ? "
                    + "UNION SELECT customer_id, 'household' FROM customers WHERE household_id = ? AND customer_id <> ?) m"
                    + (sc ? " LEFT JOIN customer_scores s ON s.customer_id = m.customer_id" : "")
                    + " ORDER BY m.customer_id, m.relation NULLS FIRST LIMIT " + HOUSEHOLD_LIMIT, id, id, hh, id);
        }
    }

    /**
     * Customers found by id or e-mail prefix.
     *
     * @param q the prefix
     * @param limit at most this many
     * @return id, email, region, clv
     */
    public List<Map<String, Object>> searchCustomers(String q, int limit) {
        String prefix = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        return db.rows("SELECT c.customer_id, c.email, c.region" + (has("customer_scores") ? ", s.clv, s.p_alive" : "")
                + " FROM customers c" + (has("customer_scores") ? " LEFT JOIN customer_scores s ON s.customer_id = c.customer_id" : "")
                + " WHERE starts_with(lower(c.customer_id), ?) OR starts_with(lower(c.email), ?) ORDER BY c.customer_id LIMIT ?",
                prefix, prefix, limit);
    }
}
