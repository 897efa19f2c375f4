package org.rapport.analytics.frame;

import org.rapport.store.query.Runs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rapport.store.RapportStore;

/**
 * The customers as columns in memory: one row per customer (those with scores and those in
 * {@code customers}), in the order of {@code hash(customer_id)} (then {@code customer_id}): the
 * same for the same customers, so seeded discovery is repeatable, and cheaper than sorting a
 * million string keys; numbers as {@code double[]} with {@code NaN} for
 * missing, text as {@link TextColumn}. Rules and the segment discovery evaluate over it in Java.
 *
 * <p>{@link #load(RapportStore)} runs one fixed SQL query for the base columns. Keyed columns (a need,
 * a category's or brand's share of spend, a customer attribute) and the columns of optional tables
 * ({@code customer_groups}, {@code customer_wallet}) are loaded on first use by further fixed queries
 * whose only variable part (the key) is a bound parameter, and cached. The load numbers the customers
 * once in a temporary table ({@link #UNIVERSE}) that every later query joins, so rows land in the right
 * slots without a Java hash map.
 *
 * <p>Base numeric columns: {@link #NUMBER_FIELDS}; base text columns: {@link #TEXT_FIELDS}. Times
 * ({@code recency}, {@code tenure}) are in the latest run's period unit; {@code age} is in complete
 * years at the end of the data (the latest run's {@code holdout_end}, else today).
 */
public final class CustomerFrame {
    /** Numeric columns every frame has (missing values are NaN). */
    public static final List<String> NUMBER_FIELDS = List.of("p_alive", "clv", "clv_lower", "clv_upper",
            "expected_purchases", "expected_spend", "x", "recency", "tenure", "total_spend", "margin_rate", "age",
            "household_size", "survey_wallet");
    /**
     * Numeric columns of a store frame that rules do not offer, for the analyses that share the frame
     * ({@code ShareOfWallet}): {@code first_purchase_days}, days from the first purchase to the end of
     * the data; {@code birth_days}, days from the birth date to the end of the data; {@code id_hash_mod5},
     * {@code hash(customer_id) % 5} (a repeatable fifth of the customers). NaN where missing (and
     * everywhere in a builder frame that does not set them).
     */
    public static final List<String> HIDDEN_NUMBER_FIELDS = List.of("first_purchase_days", "birth_days", "id_hash_mod5");
    /** Text columns every frame has. */
    public static final List<String> TEXT_FIELDS = List.of("region", "acquisition_channel", "cohort");
    /** Numeric columns from tables written by other analyses, loaded when first used. */
    public static final Map<String, String> OPTIONAL_NUMBER_FIELDS = Map.of("share_of_wallet", "customer_wallet",
            "wallet", "customer_wallet");
    /** Text columns from tables written by other analyses, loaded when first used. */
    public static final Map<String, String> OPTIONAL_TEXT_FIELDS = Map.of("relationship_group", "customer_groups");

    /** What a keyed column is keyed by. */
    public enum Keyed {
        /** {@code customer_needs.score} of one need. */
        NEED,
        /** Share of the customer's net spend in one product category. */
        CATEGORY_SHARE,
        /** Share of the customer's net spend on one brand. */
        BRAND_SHARE,
        /** A {@code customer_attributes} value as a number (NaN where not a number). */
        ATTRIBUTE_NUMBER,
        /** A {@code customer_attributes} value as text. */
        ATTRIBUTE_TEXT
    }

    /** Loads columns the frame does not hold yet. */
    interface Loader {
        Object keyed(Keyed kind, String key, int n);

        Object optional(String field, int n);

        Map<String, double[]> allNeeds(int n);

        String[] ids(int n);
    }

    /**
     * The frame's rows as SQL: a common table expression {@code u(customer_id, idx)} numbering the
     * customers from 0 in the frame's row order, read from the temporary table that
     * {@link #load(RapportStore)} creates on the store's connection. A query that starts with it can join a
     * row index back to its customer without moving ids through Java; it refers to the frame loaded last
     * on that store.
     */
    public static final String UNIVERSE = "WITH u AS (SELECT customer_id, idx FROM rapport_frame) ";

    private static final String CREATE_UNIVERSE = "CREATE OR REPLACE TEMP TABLE rapport_frame AS SELECT customer_id, "
            + "row_number() OVER (ORDER BY hash(customer_id), customer_id) - 1 AS idx "
            + "FROM (SELECT customer_id FROM customer_scores UNION SELECT customer_id FROM customers)";

    /** The base columns with raw text, materialised once per load. */
    private static final String CREATE_BASE = "CREATE OR REPLACE TEMP TABLE rapport_frame_base AS " + UNIVERSE
            + "SELECT u.idx, s.p_alive, s.clv, s.clv_lower, s.clv_upper, s.expected_purchases, s.expected_spend, "
            + "s.x, s.t - s.t_x AS recency, s.t AS tenure, m.total_spend, s.margin_rate, "
            + "date_sub('year', c.birth_date, CAST(? AS DATE)) AS age, "
            + "CASE WHEN c.customer_id IS NULL THEN NULL WHEN c.household_id IS NULL THEN 1 ELSE h.size END AS household_size, "
            + "c.survey_wallet, date_diff('day', m.first_purchase, CAST(? AS DATE)) AS first_purchase_days, "
            + "date_diff('day', c.birth_date, CAST(? AS DATE)) AS birth_days, hash(u.customer_id) % 5 AS id_hash_mod5, "
            + "c.region AS t1, c.acquisition_channel AS t2, "
            + "CAST(year(coalesce(c.acquisition_date, m.first_purchase)) AS VARCHAR) || '-Q' "
            + "|| CAST(quarter(coalesce(c.acquisition_date, m.first_purchase)) AS VARCHAR) AS t3 "
            + "FROM u LEFT JOIN customer_scores s USING (customer_id) LEFT JOIN customer_summary m USING (customer_id) "
            + "LEFT JOIN customers c USING (customer_id) "
            + "LEFT JOIN (SELECT household_id, count(*) AS size FROM customers WHERE household_id IS NOT NULL GROUP BY 1) h "
            + "ON c.household_id = h.household_id";
    private static final String DICTS = "WITH "
            + "d1 AS (SELECT v, row_number() OVER (ORDER BY v) - 1 AS code FROM (SELECT DISTINCT t1 AS v FROM rapport_frame_base WHERE t1 IS NOT NULL)), "
            + "d2 AS (SELECT v, row_number() OVER (ORDER BY v) - 1 AS code FROM (SELECT DISTINCT t2 AS v FROM rapport_frame_base WHERE t2 IS NOT NULL)), "
            + "d3 AS (SELECT v, row_number() OVER (ORDER BY v) - 1 AS code FROM (SELECT DISTINCT t3 AS v FROM rapport_frame_base WHERE t3 IS NOT NULL)) ";
    /**
     * Numbers as they are; text as dictionary codes (joins with the small dictionaries, so a million
     * strings never move through JDBC).
     */
    private static final String BASE = DICTS
            + "SELECT b.p_alive, b.clv, b.clv_lower, b.clv_upper, b.expected_purchases, b.expected_spend, b.x, b.recency, "
            + "b.tenure, b.total_spend, b.margin_rate, b.age, b.household_size, b.survey_wallet, b.first_purchase_days, "
            + "b.birth_days, b.id_hash_mod5, d1.code, d2.code, d3.code "
            + "FROM rapport_frame_base b LEFT JOIN d1 ON b.t1 = d1.v LEFT JOIN d2 ON b.t2 = d2.v LEFT JOIN d3 ON b.t3 = d3.v "
            + "ORDER BY b.idx";
    /** The dictionaries of the text codes, in code order. */
    private static final String DICTIONARIES = DICTS
            + "SELECT (SELECT list(v ORDER BY code) FROM d1), (SELECT list(v ORDER BY code) FROM d2), "
            + "(SELECT list(v ORDER BY code) FROM d3)";

    private final int size;
    private volatile String[] ids;
    private final Map<String, Object> columns;
    private final Loader loader;

    CustomerFrame(int size, String[] ids, Map<String, Object> columns, Loader loader) {
        this.size = size;
        this.ids = ids;
        this.columns = new ConcurrentHashMap<>(columns);
        this.loader = loader;
    }

    /**
     * Loads the base columns from the store with one fixed query.
     *
     * @param store the store (the pipeline's tables must exist; they may be empty)
     * @return the frame
     */
    public static CustomerFrame load(RapportStore store) {
        LocalDate ref = Runs.latest(store).map(Runs.StoredRun::holdoutEnd).orElse(LocalDate.now());
        store.update(CREATE_UNIVERSE);
        int n = Math.toIntExact(store.queryLong("SELECT count(*) FROM rapport_frame"));
        store.update(CREATE_BASE, ref.toString(), ref.toString(), ref.toString());
        List<String> numberFields = new ArrayList<>(NUMBER_FIELDS);
        numberFields.addAll(HIDDEN_NUMBER_FIELDS);
        int numbers = numberFields.size();
        double[][] num = new double[numbers][n];
        int[][] codes = new int[TEXT_FIELDS.size()][n];
        String[][] dict = store.queryFirst(DICTIONARIES, rs -> {
            String[][] d = new String[codes.length][];
            for (int c = 0; c < d.length; c++) {
                java.sql.Array a = rs.getArray(c + 1);
                Object[] values = a == null ? new Object[0] : (Object[]) a.getArray();
                d[c] = new String[values.length];
                for (int k = 0; k < values.length; k++) {
                    d[c][k] = String.valueOf(values[k]);
                }
            }
            return d;
        }).orElseThrow();
        int[] row = {0};
        store.stream(BASE, rs -> {
            int i = row[0]++;
            for (int c = 0; c < numbers; c++) {
                num[c][i] = number(rs, c + 1);
            }
            for (int c = 0; c < codes.length; c++) {
                int code = rs.getInt(numbers + 1 + c);
                codes[c][i] = rs.wasNull() || code >= dict[c].length ? -1 : code;
            }
            return null;
        }, x -> { });
        store.update("DROP TABLE rapport_frame_base");
        Map<String, Object> cols = new HashMap<>();
        for (int c = 0; c < numbers; c++) {
            cols.put(numberFields.get(c), num[c]);
        }
        for (int c = 0; c < codes.length; c++) {
            cols.put(TEXT_FIELDS.get(c), new TextColumn(codes[c], dict[c]));
        }
        return new CustomerFrame(n, null, cols, new StoreLoader(store));
    }

    static double number(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    /**
     * Starts an in-memory frame (tests, callers with their own data).
     *
     * @param ids the customer ids, one per row
     * @return a builder; columns not put are missing (NaN) for everyone
     */
    public static FrameBuilder builder(String... ids) {
        return new FrameBuilder(ids.clone());
    }

    /** @return the number of customers */
    public int size() {
        return size;
    }

    /**
     * The customer ids, one per row; a store frame loads them on first call (a second or so per
     * million customers), so code that writes results by row should join on {@link #UNIVERSE} instead.
     *
     * @return the ids (do not modify)
     */
    public String[] ids() {
        String[] v = ids;
        if (v == null) {
            v = loader.ids(size);
            ids = v;
        }
        return v;
    }

    /**
     * @param field a name of {@link #NUMBER_FIELDS}, {@link #HIDDEN_NUMBER_FIELDS} or {@link #OPTIONAL_NUMBER_FIELDS}
     * @return its values, NaN where missing
     * @throws FrameException if an optional field's table does not exist yet
     */
    public double[] number(String field) {
        if (NUMBER_FIELDS.contains(field) || HIDDEN_NUMBER_FIELDS.contains(field)) {
            return (double[]) columns.computeIfAbsent(field, f -> nan(size));
        }
        if (OPTIONAL_NUMBER_FIELDS.containsKey(field)) {
            return (double[]) columns.computeIfAbsent(field, f -> loader.optional(f, size));
        }
        throw new FrameException("no numeric column '" + field + "'");
    }

    /**
     * @param field a name of {@link #TEXT_FIELDS} or {@link #OPTIONAL_TEXT_FIELDS}
     * @return its values
     * @throws FrameException if an optional field's table does not exist yet
     */
    public TextColumn text(String field) {
        if (TEXT_FIELDS.contains(field)) {
            return (TextColumn) columns.computeIfAbsent(field, f -> TextColumn.missing(size));
        }
        if (OPTIONAL_TEXT_FIELDS.containsKey(field)) {
            return (TextColumn) columns.computeIfAbsent(field, f -> loader.optional(f, size));
        }
        throw new FrameException("no text column '" + field + "'");
    }

    /**
     * @param kind what the column is keyed by (not {@link Keyed#ATTRIBUTE_TEXT})
     * @param key the need, category, brand or attribute name
     * @return its values, NaN where missing (a customer without purchases has no category share)
     */
    public double[] keyed(Keyed kind, String key) {
        if (kind == Keyed.ATTRIBUTE_TEXT) {
            throw new IllegalArgumentException("attribute text is a TextColumn: use keyedText");
        }
        return (double[]) columns.computeIfAbsent(kind + ":" + key, k -> loader.keyed(kind, key, size));
    }

    /**
     * @param key an attribute name as in {@code customer_attributes.name}
     * @return its values as text
     */
    public TextColumn keyedText(String key) {
        return (TextColumn) columns.computeIfAbsent(Keyed.ATTRIBUTE_TEXT + ":" + key,
                k -> loader.keyed(Keyed.ATTRIBUTE_TEXT, key, size));
    }

    /**
     * @return every need answered by any customer, in name order, with its answers (NaN where the
     *     customer did not answer); empty when there are no needs data
     */
    public Map<String, double[]> needs() {
        @SuppressWarnings("unchecked")
        Map<String, double[]> all = (Map<String, double[]>) columns.computeIfAbsent("needs:*", k -> loader.allNeeds(size));
        return all;
    }

    static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    static double parse(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s.trim());
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * @param store the store
     * @param table a table name
     * @return whether the table exists in the main schema
     */
    public static boolean tableExists(RapportStore store, String table) {
        return org.rapport.analytics.RunContext.tableExists(store, table);
    }

    /**
     * @param store the store
     * @param table a table name
     * @return whether the table exists and holds a row (derived tables exist from the first open,
     *     empty until their analysis ran)
     */
    public static boolean hasRows(RapportStore store, String table) {
        return org.rapport.analytics.RunContext.hasRows(store, table);
    }
}
