package org.rapport.model.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.rapport.model.ModelException;

/**
 * The sufficient statistics of a purchase model, compressed to distinct rows with counts.
 *
 * <p>Each customer is described by {@code (x, t_x, T)}: {@code x} repeat purchases, the last at
 * {@code t_x} time units after the first purchase, observed for {@code T} time units after the first
 * purchase. For discrete-time data (BG/BB) {@code t_x} and {@code T} are the number of the last
 * transaction opportunity with a purchase and the number of opportunities {@code n}. Many customers
 * share the same triple, so the likelihood is a weighted sum over distinct rows: the compressed and
 * the uncompressed data give the same log-likelihood.
 *
 * <p>Rows are kept sorted by {@code x}, then {@code t_x}, then {@code T}, so a likelihood can compute
 * the terms that depend on {@code x} alone once per distinct {@code x}.
 *
 * <p>Build one with {@link #builder()}: the builder is an accumulator ({@code accept}, {@code combine})
 * that works in a loop, in a parallel stream and in Spark's {@code Aggregator}.
 */
public final class RfmTable {
    private final double[] x;
    private final double[] tx;
    private final double[] bigT;
    private final double[] count;
    private final double customers;

    private RfmTable(double[] x, double[] tx, double[] bigT, double[] count) {
        this.x = x;
        this.tx = tx;
        this.bigT = bigT;
        this.count = count;
        double n = 0;
        for (double c : count) {
            n += c;
        }
        this.customers = n;
    }

    /** @return a new, empty accumulator */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Compresses uncompressed per-customer arrays.
     *
     * @param x repeat purchases per customer
     * @param tx recency per customer
     * @param bigT length of observation per customer
     * @return the compressed table
     */
    public static RfmTable of(double[] x, double[] tx, double[] bigT) {
        if (x.length != tx.length || x.length != bigT.length) {
            throw new IllegalArgumentException("x, t_x and T must have the same length");
        }
        Builder b = builder();
        for (int i = 0; i < x.length; i++) {
            b.accept(x[i], tx[i], bigT[i]);
        }
        return b.build();
    }

    /**
     * @param stride keep rows 0, stride, 2 stride, ... (with their counts), &ge; 1
     * @return a subsample of the rows, still sorted by x, t_x, T: a warm start for a fit on a large table
     */
    public RfmTable every(int stride) {
        int n = (x.length + stride - 1) / stride;
        double[] sx = new double[n];
        double[] stx = new double[n];
        double[] sT = new double[n];
        double[] sc = new double[n];
        for (int k = 0; k < n; k++) {
            sx[k] = x[k * stride];
            stx[k] = tx[k * stride];
            sT[k] = bigT[k * stride];
            sc[k] = count[k * stride];
        }
        return new RfmTable(sx, stx, sT, sc);
    }

    /** @return the number of distinct rows */
    public int size() {
        return x.length;
    }

    /** @return the number of customers: the sum of the counts */
    public double customers() {
        return customers;
    }

    /** @param i row index @return repeat purchases of row {@code i} */
    public double x(int i) {
        return x[i];
    }

    /** @param i row index @return recency of row {@code i} */
    public double tx(int i) {
        return tx[i];
    }

    /** @param i row index @return length of observation of row {@code i} */
    public double bigT(int i) {
        return bigT[i];
    }

    /** @param i row index @return number of customers in row {@code i} */
    public double count(int i) {
        return count[i];
    }

    /** @return the number of customers with at least one repeat purchase */
    public double repeatBuyers() {
        double n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
                n += count[i];
            }
        }
        return n;
    }

    /** @return the count-weighted mean of {@code x} */
    public double meanX() {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * count[i];
        }
        return s / customers;
    }

    /** @return the count-weighted mean of {@code T} */
    public double meanT() {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += bigT[i] * count[i];
        }
        return s / customers;
    }

    /**
     * Checks one customer's statistics.
     *
     * @param x repeat purchases, a whole number &ge; 0
     * @param tx recency, 0 &le; t_x &le; T, and 0 when x = 0
     * @param bigT length of observation, &ge; 0
     * @throws ModelException naming the field that is wrong
     */
    public static void check(double x, double tx, double bigT) {
        ModelException.checkNonNegative("x", x);
        if (x != Math.rint(x)) {
            throw new ModelException(ModelException.NOT_INTEGER, "x", x);
        }
        ModelException.checkNonNegative("t_x", tx);
        ModelException.checkNonNegative("T", bigT);
        if (tx > bigT) {
            throw new ModelException(ModelException.RECENCY_AFTER_T, tx, bigT);
        }
        if (x == 0 && tx != 0) {
            throw new ModelException(ModelException.RECENCY_WITHOUT_REPEAT, tx);
        }
    }

    @Override
    public String toString() {
        return "RfmTable[customers=" + customers + ", distinctRows=" + x.length + "]";
    }

    /**
     * Accumulates customers into distinct rows with counts. Not thread-safe: give each thread its
     * own builder and {@link #combine} them.
     */
    public static final class Builder {
        private final Map<Key, double[]> rows = new HashMap<>();

        private Builder() {
        }

        /**
         * Adds one customer.
         *
         * @param x repeat purchases
         * @param tx recency
         * @param bigT length of observation
         * @return this builder
         * @throws ModelException if the statistics are invalid
         */
        public Builder accept(double x, double tx, double bigT) {
            return accept(x, tx, bigT, 1);
        }

        /**
         * Adds {@code weight} customers with the same statistics.
         *
         * @param x repeat purchases
         * @param tx recency
         * @param bigT length of observation
         * @param weight number of customers, &ge; 0
         * @return this builder
         * @throws ModelException if the statistics or the weight are invalid
         */
        public Builder accept(double x, double tx, double bigT, double weight) {
            check(x, tx, bigT);
            ModelException.checkNonNegative("count", weight);
            if (weight > 0) {
                rows.computeIfAbsent(new Key(x, tx, bigT), k -> new double[1])[0] += weight;
            }
            return this;
        }

        /**
         * Merges another builder into this one.
         *
         * @param other the builder to merge; left unchanged
         * @return this builder
         */
        public Builder combine(Builder other) {
            other.rows.forEach((k, v) -> rows.computeIfAbsent(k, kk -> new double[1])[0] += v[0]);
            return this;
        }

        /** @return the number of distinct rows so far */
        public int size() {
            return rows.size();
        }

        /** @return the compressed table, rows sorted by x, t_x, T */
        public RfmTable build() {
            Key[] keys = rows.keySet().toArray(new Key[0]);
            Arrays.sort(keys);
            int n = keys.length;
            double[] x = new double[n];
            double[] tx = new double[n];
            double[] bigT = new double[n];
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = keys[i].x;
                tx[i] = keys[i].tx;
                bigT[i] = keys[i].bigT;
                c[i] = rows.get(keys[i])[0];
            }
            return new RfmTable(x, tx, bigT, c);
        }
    }

    private record Key(double x, double tx, double bigT) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Double.compare(x, o.x);
            if (c == 0) {
                c = Double.compare(tx, o.tx);
            }
            return c != 0 ? c : Double.compare(bigT, o.bigT);
        }
    }
}
