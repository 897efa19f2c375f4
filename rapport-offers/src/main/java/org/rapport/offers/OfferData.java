package org.rapport.offers;

import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * The store's data the offer engine needs, as of a date, in int-indexed arrays: products, customers,
 * each customer's orders (by date) and owned products, life events, household links, segments and
 * consent. Customers and products are numbered in the order of their ids; dates are epoch days.
 * Purchases are the store's {@code purchase_lines} (returns netted); an order is one {@code order_id}
 * (or one day for lines without one).
 */
public final class OfferData {
    /** No value. */
    static final int NONE = -1;

    final LocalDate asOf;
    final int asOfDay;
    // products
    final String[] productIds;
    final String[] productCategory;
    final int[] productBrand;
    final String[] brandNames;
    final double[] productValue;
    final int[] upgradeOf;
    final Map<String, Integer> productIndex;
    // customers
    final String[] customerIds;
    final Map<String, Integer> customerIndex;
    final int[] segment;
    final String[] segmentNames;
    final String segmentSource;
    final boolean[] optedOut;
    // orders: customer c has orders orderStart[c] .. orderStart[c+1]-1; order o has lines lineStart[o] .. lineStart[o+1]-1
    final int[] orderStart;
    final int[] orderDay;
    final int[] orderBrand;
    final int[] lineStart;
    final int[] lineProduct;
    // owned products: customer c owns ownedProduct[ownedStart[c] .. ownedStart[c+1]-1] (sorted by product), first bought on ownedDay, in order ownedOrder (index within the customer's orders)
    final int[] ownedStart;
    final int[] ownedProduct;
    final int[] ownedDay;
    final int[] ownedOrder;
    // life events
    final int[] eventStart;
    final int[] eventType;
    final int[] eventDay;
    final String[] eventTypeNames;
    // household links by member: member m has heads linkHead[linkStart[m] .. linkStart[m+1]-1], relation linkRelation
    final int[] linkStart;
    final int[] linkHead;
    final int[] linkRelation;
    final String[] relationNames;

    private OfferData(LocalDate asOf, ProductTable p, String[] customerIds, Map<String, Integer> customerIndex,
                      OrderArrays o, CustomerContext x) {
        this.asOf = asOf;
        this.asOfDay = (int) asOf.toEpochDay();
        this.productIds = p.ids();
        this.productCategory = p.category();
        this.productBrand = p.brand();
        this.brandNames = p.brandNames();
        this.productValue = p.value();
        this.upgradeOf = p.upgradeOf();
        this.productIndex = p.index();
        this.customerIds = customerIds;
        this.customerIndex = customerIndex;
        this.segment = x.segment;
        this.segmentNames = x.segmentNames;
        this.segmentSource = x.segmentSource;
        this.optedOut = x.optedOut;
        this.orderStart = o.orderStart();
        this.orderDay = o.orderDay();
        this.orderBrand = o.orderBrand();
        this.lineStart = o.lineStart();
        this.lineProduct = o.lineProduct();
        this.ownedStart = o.ownedStart();
        this.ownedProduct = o.ownedProduct();
        this.ownedDay = o.ownedDay();
        this.ownedOrder = o.ownedOrder();
        this.eventStart = x.eventStart;
        this.eventType = x.eventType;
        this.eventDay = x.eventDay;
        this.eventTypeNames = x.eventTypeNames;
        this.linkStart = x.linkStart;
        this.linkHead = x.linkHead;
        this.linkRelation = x.linkRelation;
        this.relationNames = x.relationNames;
    }

    /** @return the date of the data: purchases and events on or before it are used */
    public LocalDate asOf() {
        return asOf;
    }

    /** @return the number of customers */
    public int customers() {
        return customerIds.length;
    }

    /** @return the number of products */
    public int products() {
        return productIds.length;
    }

    /** @return the number of orders */
    public int orders() {
        return orderDay.length;
    }

    /** @return where segments come from: {@code customer_segment}, {@code acquisition_channel}, {@code region} or {@code global} */
    public String segmentSource() {
        return segmentSource;
    }

    /**
     * @param store the store
     * @return the day of the latest purchase line, or empty when there is none
     */
    public static java.util.Optional<LocalDate> lastPurchaseDate(RapportStore store) {
        return store.queryFirst("SELECT CAST(max(ts) AS DATE) FROM purchase_lines", rs -> {
            Date d = rs.getDate(1);
            return d == null ? null : d.toLocalDate();
        });
    }

    /**
     * Loads the data of purchases and events on or before {@code asOf}.
     *
     * @param store the store
     * @param asOf the last day of data used; null = the day of the latest purchase
     * @param config the settings (life-event aliases, consent attributes)
     * @return the data
     * @throws OfferException if there is no purchase on or before that day
     */
    public static OfferData load(RapportStore store, LocalDate asOf, OfferConfig config) {
        LocalDate last = lastPurchaseDate(store).orElseThrow(() -> new OfferException(OfferException.NO_DATA));
        LocalDate day = asOf == null ? last : asOf;
        long n = store.queryLong("SELECT count(*) FROM purchase_lines WHERE ts < ?", day.plusDays(1).atStartOfDay());
        if (n == 0) {
            throw new OfferException(OfferException.NO_DATA_BEFORE, day);
        }
        try {
            return build(store, day, config);
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        }
    }

    static boolean tableExists(RapportStore store, String table) {
        return org.rapport.analytics.RunContext.tableExists(store, table);
    }

    // The numbering of products and customers, computed once per load into temporary tables.
    private static final String PROD_TABLE = "CREATE OR REPLACE TEMP TABLE offers_prod AS SELECT product_id, "
            + "CAST(row_number() OVER (ORDER BY product_id) - 1 AS INTEGER) AS pi "
            + "FROM (SELECT product_id FROM products UNION SELECT DISTINCT product_id FROM net_lines WHERE product_id IS NOT NULL)";
    private static final String CUST_TABLE = "CREATE OR REPLACE TEMP TABLE offers_cust AS SELECT customer_id, "
            + "CAST(row_number() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS ci "
            + "FROM (SELECT customer_id FROM customers UNION SELECT DISTINCT customer_id FROM transactions)";
    static final String PROD_CTE = "prod AS (SELECT * FROM offers_prod)";
    static final String CUST_CTE = "cust AS (SELECT * FROM offers_cust)";

    /** Numbers products and customers in temporary tables, reads the arrays, drops the tables. */
    private static OfferData build(RapportStore store, LocalDate asOf, OfferConfig config) throws SQLException {
        store.update(PROD_TABLE);
        store.update(CUST_TABLE);
        try {
            ProductTable products = ProductTable.read(store);
            List<String> ids = store.query("WITH " + CUST_CTE + " SELECT customer_id FROM cust ORDER BY ci", rs -> rs.getString(1));
            String[] customerIds = ids.toArray(new String[0]);
            Map<String, Integer> customerIndex = new HashMap<>(customerIds.length * 2);
            for (int i = 0; i < customerIds.length; i++) {
                customerIndex.put(customerIds[i], i);
            }
            OrderArrays orders = OrderArrays.read(store, asOf, customerIds.length, products.brand());
            CustomerContext context = CustomerContext.read(store, asOf, customerIds.length, config);
            return new OfferData(asOf, products, customerIds, customerIndex, orders, context);
        } finally {
            store.update("DROP TABLE IF EXISTS offers_prod");
            store.update("DROP TABLE IF EXISTS offers_cust");
        }
    }

    /** Values of a consent attribute that mean no marketing offers. */
    static final java.util.Set<String> NO_CONSENT = java.util.Set.of("no", "false", "0", "n", "opt-out", "optout", "none", "denied");
}
