package org.rapport.analytics.frame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rapport.store.RapportStore;

/**
 * Loads a store frame's keyed and optional columns (a need, a category or brand share, an attribute,
 * the wallet and group columns) and its ids, with fixed, parameterised SQL over {@link CustomerFrame#UNIVERSE}.
 */
final class StoreLoader implements CustomerFrame.Loader {
    private static final String NEED = CustomerFrame.UNIVERSE
            + "SELECT u.idx, avg(n.score) FROM u JOIN customer_needs n USING (customer_id) WHERE n.need = lower(?) GROUP BY u.idx";
    private static final String NEED_NAMES = "SELECT DISTINCT need FROM customer_needs ORDER BY need";
    /** Repeated once per need with the need bound, so the pivot's SQL holds no data. */
    private static final String NEED_COLUMN = ", avg(n.score) FILTER (WHERE n.need = ?)";
    private static final String IDS = CustomerFrame.UNIVERSE + "SELECT customer_id FROM u ORDER BY idx";
    private static final String CATEGORY_SHARE = CustomerFrame.UNIVERSE
            + "SELECT u.idx, coalesce(sum(l.amount) FILTER (WHERE lower(p.category) = lower(?)), 0) / sum(l.amount) "
            + "FROM u JOIN purchase_lines l USING (customer_id) LEFT JOIN products p USING (product_id) GROUP BY u.idx";
    private static final String BRAND_SHARE = CustomerFrame.UNIVERSE
            + "SELECT u.idx, coalesce(sum(l.amount) FILTER (WHERE lower(p.brand) = lower(?)), 0) / sum(l.amount) "
            + "FROM u JOIN purchase_lines l USING (customer_id) LEFT JOIN products p USING (product_id) GROUP BY u.idx";
    private static final String ATTRIBUTE = CustomerFrame.UNIVERSE
            + "SELECT u.idx, max(a.value) FROM u JOIN customer_attributes a USING (customer_id) WHERE a.name = ? GROUP BY u.idx";
    private static final Map<String, String> OPTIONAL_SQL = Map.of(
            "share_of_wallet", CustomerFrame.UNIVERSE + "SELECT u.idx, w.share_of_wallet FROM u JOIN customer_wallet w USING (customer_id)",
            "wallet", CustomerFrame.UNIVERSE + "SELECT u.idx, w.wallet FROM u JOIN customer_wallet w USING (customer_id)",
            "relationship_group", CustomerFrame.UNIVERSE + "SELECT u.idx, g.relationship_group FROM u JOIN customer_groups g USING (customer_id)");

    private final RapportStore store;

    StoreLoader(RapportStore store) {
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public Object keyed(CustomerFrame.Keyed kind, String key, int n) {
        String sql = switch (kind) {
            case NEED -> NEED;
            case CATEGORY_SHARE -> CATEGORY_SHARE;
            case BRAND_SHARE -> BRAND_SHARE;
            case ATTRIBUTE_NUMBER, ATTRIBUTE_TEXT -> ATTRIBUTE;
        };
        if (kind == CustomerFrame.Keyed.ATTRIBUTE_TEXT) {
            String[] v = new String[n];
            store.stream(sql, rs -> v[rs.getInt(1)] = rs.getString(2), x -> { }, key);
            return TextColumn.of(v);
        }
        double[] v = CustomerFrame.nan(n);
        store.stream(sql, rs -> {
            v[rs.getInt(1)] = kind == CustomerFrame.Keyed.ATTRIBUTE_NUMBER ? CustomerFrame.parse(rs.getString(2)) : CustomerFrame.number(rs, 2);
            return null;
        }, x -> { }, key);
        return v;
    }

    @Override
    public Object optional(String field, int n) {
        String table = CustomerFrame.OPTIONAL_NUMBER_FIELDS.getOrDefault(field, CustomerFrame.OPTIONAL_TEXT_FIELDS.get(field));
        if (!CustomerFrame.hasRows(store, table)) {
            String by = table.equals("customer_wallet") ? "rapport wallet" : "rapport groups";
            throw new FrameException("field '" + field + "' comes from table " + table
                    + ", which has not been computed yet: run " + by + " first");
        }
        if (CustomerFrame.OPTIONAL_TEXT_FIELDS.containsKey(field)) {
            String[] v = new String[n];
            store.stream(OPTIONAL_SQL.get(field), rs -> v[rs.getInt(1)] = rs.getString(2), x -> { });
            return TextColumn.of(v);
        }
        double[] v = CustomerFrame.nan(n);
        store.stream(OPTIONAL_SQL.get(field), rs -> v[rs.getInt(1)] = CustomerFrame.number(rs, 2), x -> { });
        return v;
    }

    @Override
    public Map<String, double[]> allNeeds(int n) {
        List<String> names = store.query(NEED_NAMES, rs -> rs.getString(1));
        Map<String, double[]> out = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        double[][] cols = new double[names.size()][];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = CustomerFrame.nan(n);
            out.put(names.get(k), cols[k]);
        }
        // One row per customer, one column per need: the text is our constant fragment repeated,
        // and each need name is a bound parameter.
        // pivoted by customer id first, then joined to the frame's rows: twice as fast as joining
        // the answers to the rows and grouping by row
        String sql = CustomerFrame.UNIVERSE + ", p AS (SELECT n.customer_id" + NEED_COLUMN.repeat(names.size())
                + " FROM customer_needs n GROUP BY n.customer_id) SELECT u.idx, p.* EXCLUDE (customer_id) FROM u JOIN p USING (customer_id)";
        store.stream(sql, rs -> {
            int i = rs.getInt(1);
            for (int k = 0; k < cols.length; k++) {
                cols[k][i] = CustomerFrame.number(rs, k + 2);
            }
            return null;
        }, x -> { }, names.toArray());
        return out;
    }

    @Override
    public String[] ids(int n) {
        String[] out = new String[n];
        int[] row = {0};
        store.stream(IDS, rs -> out[row[0]++] = rs.getString(1), x -> { });
        return out;
    }
}
