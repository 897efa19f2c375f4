package org.rapport.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Standardised k-means (k-means++ starts, Lloyd iterations) and the adjusted Rand index, for tests. */
final class Clustering {
    private Clustering() {
    }

    /** @param x rows of features @return each column standardised to mean 0 and standard deviation 1 */
    static double[][] standardise(double[][] x) {
        int d = x[0].length;
        double[][] z = new double[x.length][d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (double[] r : x) {
                m += r[j];
            }
            m /= x.length;
            double v = 0;
            for (double[] r : x) {
                v += (r[j] - m) * (r[j] - m);
            }
            double sd = Math.sqrt(v / (x.length - 1));
            for (int i = 0; i < x.length; i++) {
                z[i][j] = (x[i][j] - m) / sd;
            }
        }
        return z;
    }

    /**
     * @param x rows
     * @param k clusters
     * @param restarts k-means++ starts; the lowest within-cluster sum of squares wins
     * @param seed seed of the starts
     * @return the cluster of each row
     */
    static int[] kMeans(double[][] x, int k, int restarts, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int s = 0; s < restarts; s++) {
            double[][] c = plusPlus(x, k, rnd);
            int[] a = new int[x.length];
            double cost = 0;
            for (int it = 0; it < 100; it++) {
                cost = assign(x, c, a);
                double[][] next = new double[k][x[0].length];
                int[] n = new int[k];
                for (int i = 0; i < x.length; i++) {
                    n[a[i]]++;
                    for (int j = 0; j < x[0].length; j++) {
                        next[a[i]][j] += x[i][j];
                    }
                }
                boolean moved = false;
                for (int g = 0; g < k; g++) {
                    for (int j = 0; j < x[0].length && n[g] > 0; j++) {
                        next[g][j] /= n[g];
                        moved |= next[g][j] != c[g][j];
                    }
                    if (n[g] > 0) {
                        c[g] = next[g];
                    }
                }
                if (!moved) {
                    break;
                }
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = a.clone();
            }
        }
        return best;
    }

    private static double[][] plusPlus(double[][] x, int k, SplittableRandom rnd) {
        double[][] c = new double[k][];
        c[0] = x[rnd.nextInt(x.length)].clone();
        double[] d = new double[x.length];
        Arrays.fill(d, Double.POSITIVE_INFINITY);
        for (int g = 1; g < k; g++) {
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                d[i] = Math.min(d[i], dist(x[i], c[g - 1]));
                total += d[i];
            }
            double u = rnd.nextDouble() * total;
            int pick = x.length - 1;
            for (int i = 0; i < x.length; i++) {
                u -= d[i];
                if (u < 0) {
                    pick = i;
                    break;
                }
            }
            c[g] = x[pick].clone();
        }
        return c;
    }

    private static double assign(double[][] x, double[][] c, int[] a) {
        double cost = 0;
        for (int i = 0; i < x.length; i++) {
            double bd = Double.POSITIVE_INFINITY;
            for (int g = 0; g < c.length; g++) {
                double dd = dist(x[i], c[g]);
                if (dd < bd) {
                    bd = dd;
                    a[i] = g;
                }
            }
            cost += bd;
        }
        return cost;
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    /** Hubert &amp; Arabie (1985) adjusted Rand index of two partitions. */
    static double adjustedRand(int[] u, int[] v) {
        int ku = Arrays.stream(u).max().getAsInt() + 1;
        int kv = Arrays.stream(v).max().getAsInt() + 1;
        long[][] n = new long[ku][kv];
        long[] a = new long[ku];
        long[] b = new long[kv];
        for (int i = 0; i < u.length; i++) {
            n[u[i]][v[i]]++;
            a[u[i]]++;
            b[v[i]]++;
        }
        double index = 0;
        for (long[] row : n) {
            for (long c : row) {
                index += c * (c - 1) / 2.0;
            }
        }
        double sa = Arrays.stream(a).mapToDouble(c -> c * (c - 1) / 2.0).sum();
        double sb = Arrays.stream(b).mapToDouble(c -> c * (c - 1) / 2.0).sum();
        double pairs = u.length * (u.length - 1) / 2.0;
        double expected = sa * sb / pairs;
        return (index - expected) / ((sa + sb) / 2 - expected);
    }
}
