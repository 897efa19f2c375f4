package org.rapport.offers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import org.rapport.store.RapportStore;

/**
 * Every customer's orders (by date) with their lines, and the products each customer owns with the day
 * and order of the first purchase: customer c has orders {@code orderStart[c] .. orderStart[c+1]-1};
 * order o has lines {@code lineStart[o] .. lineStart[o+1]-1}; customer c owns
 * {@code ownedProduct[ownedStart[c] .. ownedStart[c+1]-1]} (sorted by product), first bought on
 * {@code ownedDay}, in order {@code ownedOrder} (index within the customer's orders).
 */
record OrderArrays(int[] orderStart, int[] orderDay, int[] orderBrand, int[] lineStart, int[] lineProduct,
                   int[] ownedStart, int[] ownedProduct, int[] ownedDay, int[] ownedOrder) {

    /**
     * Reads the purchase lines on or before {@code asOf} (customers and products numbered in the
     * temporary tables) and derives the owned products.
     */
    static OrderArrays read(RapportStore store, LocalDate asOf, int customers, int[] productBrand) throws SQLException {
        int[] orderStart = new int[customers + 1];
        IntList oDay = new IntList(1 << 16);
        IntList oBrand = new IntList(1 << 16);
        IntList lStart = new IntList(1 << 16);
        IntList lProd = new IntList(1 << 18);
        String sql = "WITH " + OfferData.PROD_CTE + ", " + OfferData.CUST_CTE
                + " SELECT c.ci, CAST(datediff('day', DATE '1970-01-01', l.ts) AS INTEGER) AS d, "
                + "CAST(hash(coalesce(l.order_id, CAST(l.order_day AS VARCHAR))) % 9223372036854775807 AS BIGINT) AS oh, p.pi "
                + "FROM purchase_lines l JOIN cust c USING (customer_id) JOIN prod p USING (product_id) "
                + "WHERE l.ts < ? ORDER BY c.ci, d, oh, p.pi";
        Connection conn = store.connection();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setObject(1, asOf.plusDays(1).atStartOfDay());
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                int curC = -1;
                int curD = Integer.MIN_VALUE;
                long curO = Long.MIN_VALUE;
                while (rs.next()) {
                    int c = rs.getInt(1);
                    int d = rs.getInt(2);
                    long oh = rs.getLong(3);
                    int p = rs.getInt(4);
                    if (c != curC) {
                        for (int k = curC + 1; k <= c; k++) {
                            orderStart[k] = oDay.size();
                        }
                        curC = c;
                        curD = Integer.MIN_VALUE;
                    }
                    if (d != curD || oh != curO) {
                        oDay.add(d);
                        oBrand.add(productBrand[p]);
                        lStart.add(lProd.size());
                        curD = d;
                        curO = oh;
                    }
                    lProd.add(p);
                }
                for (int k = curC + 1; k <= customers; k++) {
                    orderStart[k] = oDay.size();
                }
            }
        }
        lStart.add(lProd.size());
        return owned(orderStart, oDay.toArray(), oBrand.toArray(), lStart.toArray(), lProd.toArray(), productBrand.length);
    }

    /** Derives the owned products from the orders. */
    private static OrderArrays owned(int[] orderStart, int[] orderDay, int[] orderBrand, int[] lineStart, int[] lineProduct,
                                     int products) {
        int nc = orderStart.length - 1;
        int[] ownedStart = new int[nc + 1];
        IntList prod = new IntList(1 << 18);
        IntList day = new IntList(1 << 18);
        IntList ord = new IntList(1 << 18);
        int[] first = new int[products];
        Arrays.fill(first, -1);
        int[] touched = new int[products];
        for (int c = 0; c < nc; c++) {
            ownedStart[c] = prod.size();
            int nt = 0;
            for (int o = orderStart[c]; o < orderStart[c + 1]; o++) {
                for (int l = lineStart[o]; l < lineStart[o + 1]; l++) {
                    int p = lineProduct[l];
                    if (first[p] < 0) {
                        first[p] = o - orderStart[c];
                        touched[nt++] = p;
                    }
                }
            }
            Arrays.sort(touched, 0, nt);
            for (int i = 0; i < nt; i++) {
                int p = touched[i];
                prod.add(p);
                ord.add(first[p]);
                day.add(orderDay[orderStart[c] + first[p]]);
                first[p] = -1;
            }
        }
        ownedStart[nc] = prod.size();
        return new OrderArrays(orderStart, orderDay, orderBrand, lineStart, lineProduct, ownedStart, prod.toArray(),
                day.toArray(), ord.toArray());
    }
}
