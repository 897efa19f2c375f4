package org.rapport.offers;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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

    private OfferData(Builder b) {
        this.asOf = b.asOf;
        this.asOfDay = (int) b.asOf.toEpochDay();
        this.productIds = b.productIds;
        this.productCategory = b.productCategory;
        this.productBrand = b.productBrand;
        this.brandNames = b.brandNames;
        this.productValue = b.productValue;
        this.upgradeOf = b.upgradeOf;
        this.productIndex = b.productIndex;
        this.customerIds = b.customerIds;
        this.customerIndex = b.customerIndex;
        this.segment = b.segment;
        this.segmentNames = b.segmentNames;
        this.segmentSource = b.segmentSource;
        this.optedOut = b.optedOut;
        this.orderStart = b.orderStart;
        this.orderDay = b.orderDay;
        this.orderBrand = b.orderBrand;
        this.lineStart = b.lineStart;
        this.lineProduct = b.lineProduct;
        this.ownedStart = b.ownedStart;
        this.ownedProduct = b.ownedProduct;
        this.ownedDay = b.ownedDay;
        this.ownedOrder = b.ownedOrder;
        this.eventStart = b.eventStart;
        this.eventType = b.eventType;
        this.eventDay = b.eventDay;
        this.eventTypeNames = b.eventTypeNames;
        this.linkStart = b.linkStart;
        this.linkHead = b.linkHead;
        this.linkRelation = b.linkRelation;
        this.relationNames = b.relationNames;
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
            return new Builder(store, day, config).build();
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
    private static final String PROD_CTE = "prod AS (SELECT * FROM offers_prod)";
    private static final String CUST_CTE = "cust AS (SELECT * FROM offers_cust)";

    /** Reads the store into arrays. */
    private static final class Builder {
        final RapportStore store;
        final LocalDate asOf;
        final OfferConfig config;
        String[] productIds;
        String[] productCategory;
        int[] productBrand;
        String[] brandNames;
        double[] productValue;
        int[] upgradeOf;
        Map<String, Integer> productIndex;
        String[] customerIds;
        Map<String, Integer> customerIndex;
        int[] segment;
        String[] segmentNames;
        String segmentSource;
        boolean[] optedOut;
        int[] orderStart;
        int[] orderDay;
        int[] orderBrand;
        int[] lineStart;
        int[] lineProduct;
        int[] ownedStart;
        int[] ownedProduct;
        int[] ownedDay;
        int[] ownedOrder;
        int[] eventStart;
        int[] eventType;
        int[] eventDay;
        String[] eventTypeNames;
        int[] linkStart;
        int[] linkHead;
        int[] linkRelation;
        String[] relationNames;

        Builder(RapportStore store, LocalDate asOf, OfferConfig config) {
            this.store = store;
            this.asOf = asOf;
            this.config = config;
        }

        OfferData build() throws SQLException {
            store.update(PROD_TABLE);
            store.update(CUST_TABLE);
            try {
                return read();
            } finally {
                store.update("DROP TABLE IF EXISTS offers_prod");
                store.update("DROP TABLE IF EXISTS offers_cust");
            }
        }

        private OfferData read() throws SQLException {
            products();
            customers();
            lines();
            owned();
            events();
            links();
            segments();
            consent();
            return new OfferData(this);
        }

        private void products() {
            List<Object[]> rows = store.query("WITH " + PROD_CTE + " SELECT p.product_id, pr.category, pr.brand, pr.price, pr.margin_rate, pr.upgrade_of "
                    + "FROM prod p LEFT JOIN products pr USING (product_id) ORDER BY p.pi", rs -> new Object[] {rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getObject(4), rs.getObject(5), rs.getString(6)});
            int n = rows.size();
            productIds = new String[n];
            productCategory = new String[n];
            productBrand = new int[n];
            productValue = new double[n];
            upgradeOf = new int[n];
            productIndex = new HashMap<>(n * 2);
            Map<String, Integer> brands = new HashMap<>();
            List<String> brandList = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object[] r = rows.get(i);
                productIds[i] = (String) r[0];
                productIndex.put(productIds[i], i);
                productCategory[i] = (String) r[1];
                String brand = (String) r[2];
                if (brand == null) {
                    productBrand[i] = NONE;
                } else {
                    productBrand[i] = brands.computeIfAbsent(brand, k -> {
                        brandList.add(k);
                        return brandList.size() - 1;
                    });
                }
                Number price = (Number) r[3];
                Number margin = (Number) r[4];
                productValue[i] = price == null || margin == null ? 1.0 : price.doubleValue() * margin.doubleValue();
            }
            for (int i = 0; i < n; i++) {
                String base = (String) rows.get(i)[5];
                upgradeOf[i] = base == null ? NONE : productIndex.getOrDefault(base, NONE);
            }
            brandNames = brandList.toArray(new String[0]);
        }

        private void customers() {
            List<String> ids = store.query("WITH " + CUST_CTE + " SELECT customer_id FROM cust ORDER BY ci", rs -> rs.getString(1));
            customerIds = ids.toArray(new String[0]);
            customerIndex = new HashMap<>(customerIds.length * 2);
            for (int i = 0; i < customerIds.length; i++) {
                customerIndex.put(customerIds[i], i);
            }
        }

        private void lines() throws SQLException {
            int nc = customerIds.length;
            orderStart = new int[nc + 1];
            IntList oDay = new IntList(1 << 16);
            IntList oBrand = new IntList(1 << 16);
            IntList lStart = new IntList(1 << 16);
            IntList lProd = new IntList(1 << 18);
            String sql = "WITH " + PROD_CTE + ", " + CUST_CTE + " SELECT c.ci, CAST(datediff('day', DATE '1970-01-01', l.ts) AS INTEGER) AS d, "
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
                    for (int k = curC + 1; k <= nc; k++) {
                        orderStart[k] = oDay.size();
                    }
                }
            }
            lStart.add(lProd.size());
            orderDay = oDay.toArray();
            orderBrand = oBrand.toArray();
            lineStart = lStart.toArray();
            lineProduct = lProd.toArray();
        }

        private void owned() {
            int nc = customerIds.length;
            ownedStart = new int[nc + 1];
            IntList prod = new IntList(1 << 18);
            IntList day = new IntList(1 << 18);
            IntList ord = new IntList(1 << 18);
            int np = productIds.length;
            int[] first = new int[np];
            Arrays.fill(first, -1);
            int[] touched = new int[np];
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
            ownedProduct = prod.toArray();
            ownedDay = day.toArray();
            ownedOrder = ord.toArray();
        }

        private void events() {
            int nc = customerIds.length;
            eventStart = new int[nc + 1];
            List<String> names = new ArrayList<>();
            for (OfferConfig.LifeEventTrigger t : config.lifeEvents()) {
                names.add(t.type());
            }
            eventTypeNames = names.toArray(new String[0]);
            IntList cust = new IntList(1024);
            IntList type = new IntList(1024);
            IntList day = new IntList(1024);
            store.stream("WITH " + CUST_CTE + " SELECT c.ci, lower(trim(e.type)), CAST(datediff('day', DATE '1970-01-01', e.date) AS INTEGER) AS d "
                    + "FROM life_events e JOIN cust c USING (customer_id) WHERE e.date <= ? ORDER BY c.ci, d",
                    rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getInt(3)}, r -> {
                        String t = (String) r[1];
                        for (int i = 0; i < config.lifeEvents().size(); i++) {
                            if (config.lifeEvents().get(i).matches(t)) {
                                cust.add((Integer) r[0]);
                                type.add(i);
                                day.add((Integer) r[2]);
                                return;
                            }
                        }
                    }, asOf);
            int[] cs = cust.toArray();
            fillStart(eventStart, cs, nc);
            eventType = type.toArray();
            eventDay = day.toArray();
        }

        private void links() {
            int nc = customerIds.length;
            linkStart = new int[nc + 1];
            Map<String, Integer> rel = new HashMap<>();
            List<String> relNames = new ArrayList<>();
            IntList member = new IntList(1024);
            IntList head = new IntList(1024);
            IntList relation = new IntList(1024);
            store.stream("WITH " + CUST_CTE + " SELECT m.ci, h.ci, coalesce(lower(trim(l.relation)), 'member') FROM household_links l "
                    + "JOIN cust h ON h.customer_id = l.customer_id JOIN cust m ON m.customer_id = l.related_customer_id ORDER BY m.ci, h.ci",
                    rs -> new Object[] {rs.getInt(1), rs.getInt(2), rs.getString(3)}, r -> {
                        member.add((Integer) r[0]);
                        head.add((Integer) r[1]);
                        relation.add(rel.computeIfAbsent((String) r[2], k -> {
                            relNames.add(k);
                            return relNames.size() - 1;
                        }));
                    });
            fillStart(linkStart, member.toArray(), nc);
            linkHead = head.toArray();
            linkRelation = relation.toArray();
            relationNames = relNames.toArray(new String[0]);
        }

        private void segments() {
            int nc = customerIds.length;
            segment = new int[nc];
            Map<String, Integer> idx = new HashMap<>();
            List<String> names = new ArrayList<>();
            String sql;
            if (tableExists(store, "customer_segment") && store.queryLong("SELECT count(*) FROM customer_segment") > 0) {
                segmentSource = "customer_segment";
                sql = "SELECT c.ci, s.segment FROM customer_segment s JOIN cust c USING (customer_id)";
            } else if (store.queryLong("SELECT count(acquisition_channel) FROM customers") > 0) {
                segmentSource = "acquisition_channel";
                sql = "SELECT c.ci, k.acquisition_channel FROM customers k JOIN cust c USING (customer_id) WHERE k.acquisition_channel IS NOT NULL";
            } else if (store.queryLong("SELECT count(region) FROM customers") > 0) {
                segmentSource = "region";
                sql = "SELECT c.ci, k.region FROM customers k JOIN cust c USING (customer_id) WHERE k.region IS NOT NULL";
            } else {
                segmentSource = "global";
                sql = null;
            }
            names.add("all customers");
            idx.put("all customers", 0);
            if (sql != null) {
                store.stream("WITH " + CUST_CTE + " " + sql, rs -> new Object[] {rs.getInt(1), rs.getString(2)},
                        r -> segment[(Integer) r[0]] = idx.computeIfAbsent((String) r[1], k -> {
                            names.add(k);
                            return names.size() - 1;
                        }));
            }
            segmentNames = names.toArray(new String[0]);
        }

        private void consent() {
            optedOut = new boolean[customerIds.length];
            if (config.consentAttributes().isEmpty()) {
                return;
            }
            store.stream("WITH " + CUST_CTE + " SELECT c.ci, lower(trim(a.name)), lower(trim(a.value)) FROM customer_attributes a JOIN cust c USING (customer_id)",
                    rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)}, r -> {
                        if (config.consentAttributes().contains((String) r[1]) && NO_CONSENT.contains((String) r[2])) {
                            optedOut[(Integer) r[0]] = true;
                        }
                    });
        }
    }

    /** Values of a consent attribute that mean no marketing offers. */
    static final java.util.Set<String> NO_CONSENT = java.util.Set.of("no", "false", "0", "n", "opt-out", "optout", "none", "denied");

    private static void fillStart(int[] start, int[] sortedOwners, int n) {
        int j = 0;
        for (int c = 0; c < n; c++) {
            start[c] = j;
            while (j < sortedOwners.length && sortedOwners[j] == c) {
                j++;
            }
        }
        start[n] = j;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(capacity, 16)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
