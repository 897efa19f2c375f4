package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.frame.TextColumn;
import org.rapport.store.RapportStore;

/**
 * What is known about every customer for the look-alike model ({@link LookAlikeModel}), in three kinds
 * of feature block:
 *
 * <ul>
 *   <li><b>categorical</b>: one value per customer (acquisition channel, region);</li>
 *   <li><b>counts</b>: how often each value occurs in the customer's history: order lines per product
 *       category, orders per order channel, feedback items per topic, and the brand sequence as the
 *       first order's brand and the counts of each brand after each previous brand (a first-order
 *       Markov chain's sufficient statistics);</li>
 *   <li><b>numeric</b>: age, log(1 + repeat purchases), log average order, log survey wallet,
 *       household size, margin rate, recency / tenure (NaN where unknown).</li>
 * </ul>
 *
 * <p>The counts come from fixed SQL over the frame's rows ({@link CustomerFrame#UNIVERSE}); a store
 * without products, feedback or order channels simply has no such block.
 */
final class LookAlikeData {
    /** Block name of the acquisition channel; prospects are placed on it and on {@link #REGION}. */
    static final String ACQUISITION_CHANNEL = "acquisition_channel";
    /** Block name of the region. */
    static final String REGION = "region";

    /**
     * A categorical block.
     *
     * @param name the block
     * @param codes each row's level, -1 if unknown
     * @param levels the level names
     */
    record Categorical(String name, int[] codes, String[] levels) {
    }

    /**
     * A count block in compressed rows: row i's counts are {@code level[start[i]..start[i+1])} with
     * {@code count[...]}.
     *
     * @param name the block
     * @param start row offsets (length rows + 1)
     * @param level level of each entry
     * @param count count of each entry
     * @param levels the level names
     */
    record Counts(String name, int[] start, int[] level, double[] count, String[] levels) {
        double total(int i) {
            double s = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                s += count[e];
            }
            return s;
        }
    }

    /**
     * A numeric block.
     *
     * @param name the block
     * @param values each row's value, NaN if unknown
     */
    record Numeric(String name, double[] values) {
    }

    final int rows;
    final List<Categorical> categorical = new ArrayList<>();
    final List<Counts> counts = new ArrayList<>();
    final List<Numeric> numeric = new ArrayList<>();
    /** The pooled distributions, computed once (blocks are not changed after loading). */
    private final Map<String, double[]> pooled;

    private LookAlikeData(int rows, Map<String, double[]> pooled) {
        this.rows = rows;
        this.pooled = pooled;
    }

    /** @return every block's name */
    List<String> blocks() {
        List<String> out = new ArrayList<>();
        categorical.forEach(b -> out.add(b.name()));
        counts.forEach(b -> out.add(b.name()));
        numeric.forEach(b -> out.add(b.name()));
        return out;
    }

    /**
     * @param drop names of blocks to leave out
     * @return the same data without them (the arrays are shared)
     */
    LookAlikeData without(java.util.Collection<String> drop) {
        LookAlikeData d = new LookAlikeData(rows, pooled);
        categorical.stream().filter(b -> !drop.contains(b.name())).forEach(d.categorical::add);
        counts.stream().filter(b -> !drop.contains(b.name())).forEach(d.counts::add);
        numeric.stream().filter(b -> !drop.contains(b.name())).forEach(d.numeric::add);
        return d;
    }

    private LookAlikeData(int rows) {
        this(rows, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * The distribution of a categorical block over every row (add-one smoothed): what the segments'
     * distributions are shrunk toward.
     *
     * @param b the block's index in {@link #categorical}
     * @return the level probabilities
     */
    double[] pooledCategorical(int b) {
        return pooled.computeIfAbsent("c" + categorical.get(b).name(), x -> computePooledCategorical(b)).clone();
    }

    private double[] computePooledCategorical(int b) {
        Categorical c = categorical.get(b);
        double[] p = new double[c.levels().length];
        java.util.Arrays.fill(p, 1);
        for (int code : c.codes()) {
            if (code >= 0) {
                p[code]++;
            }
        }
        return normalised(p);
    }

    /**
     * @param b the block's index in {@link #counts}
     * @return the share of each level in the block's counts over every row (add-one smoothed)
     */
    double[] pooledCounts(int b) {
        return pooled.computeIfAbsent("n" + counts.get(b).name(), x -> computePooledCounts(b)).clone();
    }

    private double[] computePooledCounts(int b) {
        Counts c = counts.get(b);
        double[] p = new double[c.levels().length];
        java.util.Arrays.fill(p, 1);
        for (int e = 0; e < c.level().length; e++) {
            p[c.level()[e]] += c.count()[e];
        }
        return normalised(p);
    }

    /**
     * @param b the block's index in {@link #numeric}
     * @return the mean of the known values over every row
     */
    double pooledMean(int b) {
        return pooled.computeIfAbsent("m" + numeric.get(b).name(), x -> new double[] {computePooledMean(b)})[0];
    }

    private double computePooledMean(int b) {
        double s = 0;
        long m = 0;
        for (double v : numeric.get(b).values()) {
            if (!Double.isNaN(v)) {
                s += v;
                m++;
            }
        }
        return m == 0 ? 0 : s / m;
    }

    private static double[] normalised(double[] p) {
        double t = java.util.Arrays.stream(p).sum();
        for (int i = 0; i < p.length; i++) {
            p[i] /= t;
        }
        return p;
    }

    /** Lines per category (net purchase lines). */
    private static final String CATEGORY_COUNTS = CustomerFrame.UNIVERSE
            + "SELECT u.idx, p.category, count(*) FROM u JOIN purchase_lines l USING (customer_id) "
            + "JOIN products p USING (product_id) WHERE p.category IS NOT NULL GROUP BY 1, 2";
    /** Orders per order channel. */
    private static final String CHANNEL_COUNTS = CustomerFrame.UNIVERSE
            + "SELECT u.idx, o.channel, count(*) FROM u JOIN purchases o USING (customer_id) "
            + "WHERE o.channel IS NOT NULL GROUP BY 1, 2";
    /** Feedback items per topic. */
    private static final String TOPIC_COUNTS = CustomerFrame.UNIVERSE
            + "SELECT u.idx, lower(f.topic), count(*) FROM u JOIN feedback f USING (customer_id) "
            + "WHERE f.topic IS NOT NULL GROUP BY 1, 2";
    /**
     * Brand transitions: an order's brand is the brand with the largest amount among its lines; the
     * orders in time order (then by order id); the previous brand is '' for the first order.
     */
    private static final String BRAND_TRANSITIONS = CustomerFrame.UNIVERSE
            + ", o AS (SELECT l.customer_id, coalesce(l.order_id, CAST(l.order_day AS VARCHAR)) AS ord, min(l.ts) AS ts, "
            + "arg_max(p.brand, l.amount) AS brand FROM purchase_lines l JOIN products p USING (product_id) "
            + "WHERE p.brand IS NOT NULL GROUP BY 1, 2), "
            + "s AS (SELECT customer_id, brand, lag(brand) OVER (PARTITION BY customer_id ORDER BY ts, ord) AS prev FROM o) "
            + "SELECT u.idx, coalesce(s.prev, ''), s.brand, count(*) FROM u JOIN s USING (customer_id) GROUP BY 1, 2, 3";

    /**
     * The blocks a frame alone provides (no count blocks): for frames built in memory.
     *
     * @param f the customers
     * @return the data
     */
    static LookAlikeData of(CustomerFrame f) {
        LookAlikeData d = new LookAlikeData(f.size());
        d.fromFrame(f);
        return d;
    }

    /**
     * The frame's blocks and the count blocks from the store.
     *
     * @param store the store the frame was loaded from (its temporary {@code rapport_frame} numbers the rows)
     * @param f the customers
     * @return the data
     */
    static LookAlikeData load(RapportStore store, CustomerFrame f) {
        LookAlikeData d = of(f);
        if (CustomerFrame.hasRows(store, "products")) {
            d.counts.add(d.counts("category", store, CATEGORY_COUNTS));
            d.brands(store);
        }
        if (CustomerFrame.hasRows(store, "transactions")) {
            Counts ch = d.counts("order_channel", store, CHANNEL_COUNTS);
            if (ch.levels().length > 1) {
                d.counts.add(ch);
            }
        }
        if (CustomerFrame.hasRows(store, "feedback")) {
            d.counts.add(d.counts("feedback_topic", store, TOPIC_COUNTS));
        }
        return d;
    }

    private void fromFrame(CustomerFrame f) {
        categorical(ACQUISITION_CHANNEL, f.text("acquisition_channel"));
        categorical(REGION, f.text("region"));
        double[] x = f.number("x");
        double[] spend = f.number("total_spend");
        double[] rec = f.number("recency");
        double[] ten = f.number("tenure");
        double[] wallet = f.number("survey_wallet");
        double[] lx = new double[rows];
        double[] aov = new double[rows];
        double[] rt = new double[rows];
        double[] lw = new double[rows];
        for (int i = 0; i < rows; i++) {
            lx[i] = Double.isNaN(x[i]) ? Double.NaN : Math.log1p(Math.max(0, x[i]));
            aov[i] = Double.isNaN(spend[i]) ? Double.NaN : Math.log1p(Math.max(0, spend[i]) / (Math.max(0, x[i]) + 1));
            rt[i] = ten[i] > 0 ? rec[i] / ten[i] : Double.NaN;
            lw[i] = wallet[i] > 0 ? Math.log(wallet[i]) : Double.NaN;
        }
        numeric.add(new Numeric("age", f.number("age")));
        numeric.add(new Numeric("log_purchases", lx));
        numeric.add(new Numeric("log_average_order", aov));
        numeric.add(new Numeric("recency_over_tenure", rt));
        numeric.add(new Numeric("log_survey_wallet", lw));
        numeric.add(new Numeric("household_size", f.number("household_size")));
        numeric.add(new Numeric("margin_rate", f.number("margin_rate")));
        numeric.removeIf(b -> !known(b.values()));
    }

    private void categorical(String name, TextColumn t) {
        if (t.dictionary().length > 1) {
            categorical.add(new Categorical(name, t.codes(), t.dictionary()));
        }
    }

    private static boolean known(double[] v) {
        int m = 0;
        for (double a : v) {
            m += Double.isNaN(a) ? 0 : 1;
        }
        return m > 1;
    }

    private Counts counts(String name, RapportStore store, String sql) {
        List<long[]> entries = new ArrayList<>();
        Map<String, Integer> levels = new TreeMap<>();
        List<String> raw = new ArrayList<>();
        store.stream(sql, rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3)}, r -> {
            raw.add((String) r[1]);
            entries.add(new long[] {(Integer) r[0], 0, (Long) r[2]});
        });
        raw.forEach(s -> levels.put(s, 0));
        return compress(name, entries, raw, levels);
    }

    /** The first-brand block and one "brand after b" block per brand b. */
    private void brands(RapportStore store) {
        Map<String, List<long[]>> byPrev = new LinkedHashMap<>();
        Map<String, List<String>> raw = new HashMap<>();
        Map<String, Integer> levels = new TreeMap<>();
        store.stream(BRAND_TRANSITIONS, rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)}, r -> {
            String prev = (String) r[1];
            byPrev.computeIfAbsent(prev, k -> new ArrayList<>()).add(new long[] {(Integer) r[0], 0, (Long) r[3]});
            raw.computeIfAbsent(prev, k -> new ArrayList<>()).add((String) r[2]);
            levels.put((String) r[2], 0);
        });
        new TreeMap<>(byPrev).forEach((prev, e) -> counts.add(compress(prev.isEmpty() ? "first_brand" : "brand_after_" + prev,
                e, raw.get(prev), new TreeMap<>(levels))));
    }

    private Counts compress(String name, List<long[]> entries, List<String> raw, Map<String, Integer> levels) {
        String[] names = levels.keySet().toArray(String[]::new);
        for (int c = 0; c < names.length; c++) {
            levels.put(names[c], c);
        }
        int[] start = new int[rows + 1];
        for (long[] e : entries) {
            start[(int) e[0] + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = java.util.Arrays.copyOf(start, rows);
        int[] level = new int[entries.size()];
        double[] count = new double[entries.size()];
        for (int j = 0; j < entries.size(); j++) {
            int i = (int) entries.get(j)[0];
            int at = fill[i]++;
            level[at] = levels.get(raw.get(j));
            count[at] = entries.get(j)[2];
        }
        return new Counts(name, start, level, count, names);
    }
}
