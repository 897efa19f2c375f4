package org.rapport.analytics.segment;

import java.util.HashMap;
import java.util.Map;

/** Measures of a clustering: the silhouette (to choose k) and the adjusted Rand index (to check it). */
public final class ClusterQuality {
    private ClusterQuality() {
    }

    /**
     * Mean silhouette width (Rousseeuw, "Silhouettes: a graphical aid to the interpretation and
     * validation of cluster analysis", J. Comput. Appl. Math. 20, 1987): for each row
     * s = (b − a) / max(a, b), a the mean distance to its own cluster, b the smallest mean distance to
     * another cluster; a row alone in its cluster has s = 0. O(n²d): call it on a sample.
     *
     * @param x rows, flat
     * @param d dimensions
     * @param labels cluster of each row, 0..k-1
     * @param k clusters
     * @return the mean silhouette in [-1, 1]
     */
    public static double silhouette(double[] x, int d, int[] labels, int k) {
        double total = 0;
        for (double s : silhouettes(x, d, labels, k)) {
            total += s;
        }
        return total / labels.length;
    }

    /**
     * @param x rows, flat
     * @param d dimensions
     * @param labels cluster of each row, 0..k-1
     * @param k clusters
     * @return the silhouette width of each row (0 for a row alone in its cluster)
     */
    public static double[] silhouettes(double[] x, int d, int[] labels, int k) {
        int n = labels.length;
        double[] out = new double[n];
        int[] size = new int[k];
        for (int l : labels) {
            size[l]++;
        }
        double[] sum = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sum, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += Math.sqrt(KMeans.squared(x, i * d, x, j * d, d));
                }
            }
            int own = labels[i];
            if (size[own] <= 1) {
                continue;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            if (Double.isInfinite(b)) {
                continue;
            }
            double m = Math.max(a, b);
            out[i] = m > 0 ? (b - a) / m : 0;
        }
        return out;
    }

    /**
     * Adjusted Rand index of two partitions (Hubert &amp; Arabie, "Comparing partitions", J. Classif. 2,
     * 1985): (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E) with E = Σ C(a_i,2) Σ C(b_j,2) / C(n,2),
     * over the contingency table n_ij with row sums a_i and column sums b_j. 1 for identical
     * partitions (up to label names), about 0 for independent ones.
     *
     * @param a one label per item
     * @param b one label per item, same length
     * @param <A> label type of a
     * @param <B> label type of b
     * @return the index; 1 when both partitions put everything in one cluster (or items are fewer than 2)
     */
    public static <A, B> double adjustedRandIndex(A[] a, B[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("partitions of " + a.length + " and " + b.length + " items");
        }
        Map<A, Map<B, Long>> table = new HashMap<>();
        Map<A, Long> rows = new HashMap<>();
        Map<B, Long> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            table.computeIfAbsent(a[i], x -> new HashMap<>()).merge(b[i], 1L, Long::sum);
            rows.merge(a[i], 1L, Long::sum);
            cols.merge(b[i], 1L, Long::sum);
        }
        double index = 0;
        for (Map<B, Long> row : table.values()) {
            for (long nij : row.values()) {
                index += pairs(nij);
            }
        }
        double sa = rows.values().stream().mapToDouble(ClusterQuality::pairs).sum();
        double sb = cols.values().stream().mapToDouble(ClusterQuality::pairs).sum();
        double expected = a.length < 2 ? 0 : sa * sb / pairs(a.length);
        double max = 0.5 * (sa + sb);
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    /**
     * @param a one label per item
     * @param b one label per item
     * @return the adjusted Rand index of integer labellings
     */
    public static double adjustedRandIndex(int[] a, int[] b) {
        Integer[] x = new Integer[a.length];
        Integer[] y = new Integer[b.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            y[i] = b[i];
        }
        return adjustedRandIndex(x, y);
    }

    private static double pairs(long m) {
        return m * (m - 1) / 2.0;
    }
}
