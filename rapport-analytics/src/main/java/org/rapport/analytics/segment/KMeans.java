package org.rapport.analytics.segment;

import java.util.SplittableRandom;

/**
 * k-means on dense rows (Lloyd's algorithm) with k-means++ seeding (Arthur &amp; Vassilvitskii,
 * "k-means++: the advantages of careful seeding", SODA 2007) and several seeded restarts; the restart
 * with the smallest within-cluster sum of squares wins. Deterministic for a given seed.
 *
 * <p>Rows are stored flat: row {@code i} is {@code x[i*d .. i*d+d-1]}.
 */
final class KMeans {
    /** The outcome of one clustering. */
    record Result(int k, double[] centroids, int[] labels, double inertia, int iterations) {
    }

    private KMeans() {
    }

    /**
     * @param x the rows, flat
     * @param d dimensions
     * @param k clusters (at most the number of rows)
     * @param restarts independent k-means++ starts
     * @param maxIterations Lloyd iterations per start
     * @param seed the random seed
     * @return the best of the restarts
     */
    static Result fit(double[] x, int d, int k, int restarts, int maxIterations, long seed) {
        int n = x.length / d;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k = " + k + " needs between 1 and " + n + " rows");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            Result res = lloyd(x, d, seedPlusPlus(x, d, k, rng.split()), maxIterations);
            if (best == null || res.inertia < best.inertia) {
                best = res;
            }
        }
        return best;
    }

    /** k-means++: the first centre uniformly, each next one with probability proportional to D(x)^2. */
    static double[] seedPlusPlus(double[] x, int d, int k, SplittableRandom rng) {
        int n = x.length / d;
        double[] c = new double[k * d];
        int first = rng.nextInt(n);
        System.arraycopy(x, first * d, c, 0, d);
        double[] dist = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            dist[i] = squared(x, i * d, c, 0, d);
            total += dist[i];
        }
        for (int j = 1; j < k; j++) {
            int pick;
            if (total <= 0) {
                pick = rng.nextInt(n);
            } else {
                double u = rng.nextDouble() * total;
                pick = n - 1;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += dist[i];
                    if (acc >= u) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, pick * d, c, j * d, d);
            total = 0;
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], squared(x, i * d, c, j * d, d));
                total += dist[i];
            }
        }
        return c;
    }

    /** Rows per block of a Lloyd step; blocks run in parallel and combine in block order. */
    static final int BLOCK = 1 << 16;

    /** One block's share of a Lloyd step. */
    private record Step(long changed, double inertia, int far, double farD, double[] sums, int[] counts) {
    }

    /**
     * Lloyd iterations from given centroids until at most one row in 10,000 changes its label (or the
     * cap); an emptied cluster takes the row farthest from its centroid.
     *
     * <p>Each step assigns the rows by blocks of {@value #BLOCK}, in parallel when there are several
     * blocks, each block summing its own rows; the blocks' sums are added in block order, so the result
     * does not depend on the number of threads (and with a single block it is the sequential algorithm's).
     */
    static Result lloyd(double[] x, int d, double[] start, int maxIterations) {
        int n = x.length / d;
        int k = start.length / d;
        double[] c = start.clone();
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        int blocks = Math.max(1, (n + BLOCK - 1) / BLOCK);
        Step[] steps = new Step[blocks];
        double inertia = 0;
        int it = 0;
        long tolerance = n / 10_000;
        long changed = n;
        while (changed > tolerance && it < maxIterations) {
            it++;
            double[] centroids = c;
            java.util.stream.IntStream ids = java.util.stream.IntStream.range(0, blocks);
            (blocks > 1 ? ids.parallel() : ids).forEach(b ->
                    steps[b] = step(x, d, centroids, k, labels, b * BLOCK, Math.min(n, (b + 1) * BLOCK)));
            changed = 0;
            inertia = 0;
            int far = -1;
            double farD = -1;
            double[] sums = new double[k * d];
            int[] counts = new int[k];
            for (Step s : steps) {
                changed += s.changed();
                inertia += s.inertia();
                if (s.farD() > farD) {
                    farD = s.farD();
                    far = s.far();
                }
                for (int t = 0; t < sums.length; t++) {
                    sums[t] += s.sums()[t];
                }
                for (int j = 0; j < k; j++) {
                    counts[j] += s.counts()[j];
                }
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] == 0) {
                    System.arraycopy(x, far * d, c, j * d, d);
                    changed = n;
                    continue;
                }
                for (int t = 0; t < d; t++) {
                    c[j * d + t] = sums[j * d + t] / counts[j];
                }
            }
        }
        return new Result(k, c, labels, inertia, it);
    }

    /** Assigns rows [from, to) to their nearest centroid and sums them by cluster. */
    private static Step step(double[] x, int d, double[] c, int k, int[] labels, int from, int to) {
        long changed = 0;
        double inertia = 0;
        int far = -1;
        double farD = -1;
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int i = from; i < to; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double s = squared(x, i * d, c, j * d, d);
                if (s < bestD) {
                    bestD = s;
                    best = j;
                }
            }
            if (labels[i] != best) {
                labels[i] = best;
                changed++;
            }
            inertia += bestD;
            if (bestD > farD) {
                farD = bestD;
                far = i;
            }
        }
        for (int i = from; i < to; i++) {
            int j = labels[i];
            counts[j]++;
            for (int t = 0; t < d; t++) {
                sums[j * d + t] += x[i * d + t];
            }
        }
        return new Step(changed, inertia, far, farD, sums, counts);
    }

    /**
     * @return the label of the nearest centroid for every row
     */
    static int[] assign(double[] x, int d, double[] centroids) {
        int n = x.length / d;
        int k = centroids.length / d;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double s = squared(x, i * d, centroids, j * d, d);
                if (s < bestD) {
                    bestD = s;
                    labels[i] = j;
                }
            }
        }
        return labels;
    }

    static double squared(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double e = a[ao + t] - b[bo + t];
            s += e * e;
        }
        return s;
    }
}
