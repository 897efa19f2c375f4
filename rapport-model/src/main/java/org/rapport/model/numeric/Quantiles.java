package org.rapport.model.numeric;

/**
 * Sample quantiles of sorted data, by linear interpolation between order statistics (Hyndman &amp; Fan
 * 1996): type 7 (R's and numpy's default) for the parametric bootstrap and the analytics' summaries,
 * type 6 (plotting positions i/(n + 1)) for the predictive intervals.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * Type 7: h = (n &minus; 1) p. A +&infin; upper neighbour makes the quantile +&infin; unless it falls
     * exactly on the finite order statistic (an infinite draw counts as larger than every finite one).
     *
     * @param sorted ascending data
     * @param from first index
     * @param to one past the last index
     * @param prob the level in [0, 1]
     * @return the quantile of sorted[from..to), NaN for no data
     */
    public static double type7(double[] sorted, int from, int to, double prob) {
        int n = to - from;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double a = sorted[from + lo];
        double b = sorted[from + hi];
        if (b == Double.POSITIVE_INFINITY) {
            return h == lo ? a : Double.POSITIVE_INFINITY;
        }
        return a + (h - lo) * (b - a);
    }

    /** @return {@link #type7(double[], int, int, double)} of the whole array */
    public static double type7(double[] sorted, double prob) {
        return type7(sorted, 0, sorted.length, prob);
    }

    /**
     * Type 6: h = (n + 1) p &minus; 1 (plotting positions i/(n + 1)), clamped to the sample's range.
     *
     * @param sorted ascending data, not empty
     * @param prob the level in [0, 1]
     * @return the quantile
     */
    public static double type6(double[] sorted, double prob) {
        double h = (sorted.length + 1) * prob - 1;
        if (h <= 0) {
            return sorted[0];
        }
        if (h >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        int lo = (int) Math.floor(h);
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
