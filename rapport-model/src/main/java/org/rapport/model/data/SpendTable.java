package org.rapport.model.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.rapport.model.ModelException;

/**
 * The sufficient statistics of a spend model, compressed to distinct rows with counts.
 *
 * <p>Each repeat buyer is described by {@code (x, mbar)}: {@code x} repeat purchases and
 * {@code mbar}, the average value of those {@code x} purchases (the first purchase excluded, as in
 * the papers' CDNOW column {@code zbar}). The Gamma-Gamma likelihood is a weighted sum over distinct
 * rows, so compressed and uncompressed data give the same log-likelihood.
 *
 * <p>Only customers with {@code x > 0} carry information about spend per repeat transaction. The
 * builder therefore <b>skips</b> rows with {@code x = 0} (whatever their {@code mbar}: CDNOW writes
 * 0) and counts them in {@link #oneTimeBuyers()}, so one pass over all customers can feed both this
 * table and an {@link RfmTable}. Every other row is checked: {@code x} a whole number, {@code mbar}
 * finite and greater than 0.
 *
 * <p>Rows are sorted by {@code x}, then {@code mbar}, so a likelihood can compute the terms that
 * depend on {@code x} alone once per distinct {@code x}. Build one with {@link #builder()}: an
 * accumulator ({@code accept}, {@code combine}) that works in a loop, a parallel stream or Spark's
 * {@code Aggregator}.
 */
public final class SpendTable {
    private final double[] x;
    private final double[] mbar;
    private final double[] count;
    private final double customers;
    private final double oneTimeBuyers;

    private SpendTable(double[] x, double[] mbar, double[] count, double oneTimeBuyers) {
        this.x = x;
        this.mbar = mbar;
        this.count = count;
        double n = 0;
        for (double c : count) {
            n += c;
        }
        this.customers = n;
        this.oneTimeBuyers = oneTimeBuyers;
    }

    /** @return a new, empty accumulator */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Compresses uncompressed per-customer arrays; customers with {@code x = 0} are skipped.
     *
     * @param x repeat purchases per customer
     * @param mbar average value of the repeat purchases per customer
     * @return the compressed table
     * @throws ModelException if a row with {@code x > 0} is invalid
     */
    public static SpendTable of(double[] x, double[] mbar) {
        if (x.length != mbar.length) {
            throw new IllegalArgumentException("x and mbar must have the same length");
        }
        Builder b = builder();
        for (int i = 0; i < x.length; i++) {
            b.accept(x[i], mbar[i]);
        }
        return b.build();
    }

    /** @return the number of distinct rows */
    public int size() {
        return x.length;
    }

    /** @return the number of repeat buyers in the table: the sum of the counts */
    public double customers() {
        return customers;
    }

    /** @return the number of customers skipped because they made no repeat purchase ({@code x = 0}) */
    public double oneTimeBuyers() {
        return oneTimeBuyers;
    }

    /** @param i row index @return repeat purchases of row {@code i} */
    public double x(int i) {
        return x[i];
    }

    /** @param i row index @return average repeat-purchase value of row {@code i} */
    public double mbar(int i) {
        return mbar[i];
    }

    /** @param i row index @return number of customers in row {@code i} */
    public double count(int i) {
        return count[i];
    }

    /** @return the count-weighted mean of {@code mbar} over repeat buyers (NaN for an empty table) */
    public double meanSpend() {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += mbar[i] * count[i];
        }
        return s / customers;
    }

    /**
     * Checks one repeat buyer's statistics.
     *
     * @param x repeat purchases, a whole number &ge; 1
     * @param mbar average value of those purchases, finite and &gt; 0
     * @throws ModelException naming the field that is wrong
     */
    public static void check(double x, double mbar) {
        ModelException.checkPositive("x", x);
        if (x != Math.rint(x)) {
            throw new ModelException(ModelException.NOT_INTEGER, "x", x);
        }
        ModelException.checkPositive("mbar", mbar);
    }

    @Override
    public String toString() {
        return "SpendTable[repeatBuyers=" + customers + ", distinctRows=" + x.length
                + ", oneTimeBuyers=" + oneTimeBuyers + "]";
    }

    /**
     * Accumulates customers into distinct rows with counts. Not thread-safe: give each thread its
     * own builder and {@link #combine} them.
     */
    public static final class Builder {
        private final Map<Key, double[]> rows = new HashMap<>();
        private double skipped;

        private Builder() {
        }

        /**
         * Adds one customer; a customer with {@code x = 0} is counted as a one-time buyer and skipped.
         *
         * @param x repeat purchases
         * @param mbar average value of the repeat purchases (ignored when {@code x = 0})
         * @return this builder
         * @throws ModelException if {@code x} is negative or not whole, or {@code x > 0} and {@code mbar} is
         *     not finite and positive
         */
        public Builder accept(double x, double mbar) {
            return accept(x, mbar, 1);
        }

        /**
         * Adds {@code weight} customers with the same statistics.
         *
         * @param x repeat purchases
         * @param mbar average value of the repeat purchases (ignored when {@code x = 0})
         * @param weight number of customers, &ge; 0
         * @return this builder
         * @throws ModelException if the statistics or the weight are invalid
         */
        public Builder accept(double x, double mbar, double weight) {
            ModelException.checkNonNegative("count", weight);
            ModelException.checkNonNegative("x", x);
            if (x == 0) {
                skipped += weight;
                return this;
            }
            check(x, mbar);
            if (weight > 0) {
                rows.computeIfAbsent(new Key(x, mbar), k -> new double[1])[0] += weight;
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
            skipped += other.skipped;
            return this;
        }

        /** @return the number of distinct rows so far */
        public int size() {
            return rows.size();
        }

        /** @return the compressed table, rows sorted by x, then mbar */
        public SpendTable build() {
            Key[] keys = rows.keySet().toArray(new Key[0]);
            Arrays.sort(keys);
            int n = keys.length;
            double[] x = new double[n];
            double[] mbar = new double[n];
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = keys[i].x;
                mbar[i] = keys[i].mbar;
                c[i] = rows.get(keys[i])[0];
            }
            return new SpendTable(x, mbar, c, skipped);
        }
    }

    private record Key(double x, double mbar) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Double.compare(x, o.x);
            return c != 0 ? c : Double.compare(mbar, o.mbar);
        }
    }
}
