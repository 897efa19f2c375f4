package org.rapport.offers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.RapportStore;

/**
 * The products of {@link OfferData}, numbered in id order: {@code products} &cup; the products bought,
 * with category, brand, value (price &times; margin rate, 1 when either is missing) and declared upgrade base.
 */
record ProductTable(String[] ids, String[] category, int[] brand, String[] brandNames, double[] value, int[] upgradeOf,
                    Map<String, Integer> index) {

    /** Reads the products numbered in the temporary table {@code offers_prod}. */
    static ProductTable read(RapportStore store) {
        List<Object[]> rows = store.query("WITH " + OfferData.PROD_CTE + " SELECT p.product_id, pr.category, pr.brand, pr.price, "
                + "pr.margin_rate, pr.upgrade_of FROM prod p LEFT JOIN products pr USING (product_id) ORDER BY p.pi",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4), rs.getObject(5), rs.getString(6)});
        int n = rows.size();
        String[] ids = new String[n];
        String[] category = new String[n];
        int[] brand = new int[n];
        double[] value = new double[n];
        int[] upgradeOf = new int[n];
        Map<String, Integer> index = new HashMap<>(n * 2);
        Map<String, Integer> brands = new HashMap<>();
        List<String> brandList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] r = rows.get(i);
            ids[i] = (String) r[0];
            index.put(ids[i], i);
            category[i] = (String) r[1];
            String b = (String) r[2];
            brand[i] = b == null ? OfferData.NONE : brands.computeIfAbsent(b, k -> {
                brandList.add(k);
                return brandList.size() - 1;
            });
            Number price = (Number) r[3];
            Number margin = (Number) r[4];
            value[i] = price == null || margin == null ? 1.0 : price.doubleValue() * margin.doubleValue();
        }
        for (int i = 0; i < n; i++) {
            String base = (String) rows.get(i)[5];
            upgradeOf[i] = base == null ? OfferData.NONE : index.getOrDefault(base, OfferData.NONE);
        }
        return new ProductTable(ids, category, brand, brandList.toArray(new String[0]), value, upgradeOf, index);
    }
}
