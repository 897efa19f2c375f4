package org.rapport.analytics.segment;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A naive Bayes mixture over {@link LookAlikeData}'s blocks: given the segment, the blocks are
 * independent; a categorical block is a categorical distribution, a count block a Dirichlet-multinomial
 * with mean θ<sub>s</sub> and one concentration A per block (so a customer's many orders in the same
 * channel or category count as the overdispersed evidence they are, not as independent draws), a
 * numeric block a normal with the segment's mean and the within-segment variance pooled over segments.
 * A missing value or an empty count block contributes nothing, which is how prospects are placed from
 * their acquisition channel and region alone.
 *
 * <p>Fitted by weighted maximum likelihood, each segment's distribution (and mean) shrunk toward the one
 * of all customers by a number of pseudo-rows: {@link #fit} takes per-row segment
 * weights (1 for a surveyed customer's cluster, the posterior times λ for the others: the EM of Nigam,
 * McCallum, Thrun &amp; Mitchell 2000, "Text classification from labeled and unlabeled documents using
 * EM", Machine Learning 39).
 */
final class LookAlikeModel {
    /** Concentrations tried per count block (∞ = plain multinomial). */
    static final double[] CONCENTRATIONS = {0.5, 1, 2, 4, 8, 16, 32, 64, Double.POSITIVE_INFINITY};
    private static final int CACHE = 32;

    final int k;
    final LookAlikeData data;
    /** Pseudo-rows of the pooled (all-customer) distribution each segment's estimate is shrunk toward. */
    final double shrinkage;
    final double[] logPrior;
    final double[][][] catLog;
    final double[] concentration;
    final double[][][] theta;
    /** cumLog[b][s][l][n] = Σ_{j<n} log(α_sl + j) (or n log θ_sl for a plain multinomial), n < CACHE. */
    final double[][][][] cumLog;
    final double[][] mean;
    final double[] variance;

    private LookAlikeModel(LookAlikeData data, int k, double[] concentration, double shrinkage) {
        this.data = data;
        this.shrinkage = shrinkage;
        this.k = k;
        this.concentration = concentration;
        logPrior = new double[k];
        catLog = new double[data.categorical.size()][k][];
        theta = new double[data.counts.size()][k][];
        cumLog = new double[data.counts.size()][k][][];
        mean = new double[data.numeric.size()][k];
        variance = new double[data.numeric.size()];
    }

    /**
     * Fits the model.
     *
     * @param data the blocks
     * @param k segments
     * @param rows the rows fitted on
     * @param w their weights, row-major (rows.length × k)
     * @param concentration per count block, or null to choose each from {@link #CONCENTRATIONS} by the
     *                      weighted likelihood
     * @param shrinkage pseudo-rows (pseudo-counts for a count block) of the pooled distribution added to
     *                  each segment's
     * @return the model
     */
    static LookAlikeModel fit(LookAlikeData data, int k, int[] rows, double[] w, double[] concentration, double shrinkage) {
        double[] a = concentration == null ? new double[data.counts.size()] : concentration.clone();
        LookAlikeModel m = new LookAlikeModel(data, k, a, shrinkage);
        m.fitPrior(rows, w);
        m.fitCategorical(rows, w);
        m.fitNumeric(rows, w);
        for (int b = 0; b < data.counts.size(); b++) {
            m.fitCounts(b, rows, w);
            if (concentration == null) {
                a[b] = m.bestConcentration(b, rows, w);
            }
            m.cache(b);
        }
        return m;
    }

    private void fitPrior(int[] rows, double[] w) {
        double[] s = new double[k];
        double tot = 0;
        for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
            for (int c = 0; c < k; c++) {
                s[c] += w[j * k + c];
                tot += w[j * k + c];
            }
        }
        for (int c = 0; c < k; c++) {
            logPrior[c] = Math.log((s[c] + 1) / (tot + k));
        }
    }

    private void fitCategorical(int[] rows, double[] w) {
        for (int b = 0; b < data.categorical.size(); b++) {
            LookAlikeData.Categorical cat = data.categorical.get(b);
            int levels = cat.levels().length;
            double[][] n = new double[k][levels];
            for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
                int l = cat.codes()[i];
                if (l >= 0) {
                    for (int c = 0; c < k; c++) {
                        n[c][l] += w[j * k + c];
                    }
                }
            }
            double[] pool = data.pooledCategorical(b);
            for (int c = 0; c < k; c++) {
                double tot = Arrays.stream(n[c]).sum() + shrinkage;
                catLog[b][c] = new double[levels];
                for (int l = 0; l < levels; l++) {
                    catLog[b][c][l] = Math.log((n[c][l] + shrinkage * pool[l]) / tot);
                }
            }
        }
    }

    private void fitNumeric(int[] rows, double[] w) {
        for (int b = 0; b < data.numeric.size(); b++) {
            double[] v = data.numeric.get(b).values();
            double[] s = new double[k];
            double[] ws = new double[k];
            for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
                if (!Double.isNaN(v[i])) {
                    for (int c = 0; c < k; c++) {
                        s[c] += w[j * k + c] * v[i];
                        ws[c] += w[j * k + c];
                    }
                }
            }
            double allW = 0;
            for (int c = 0; c < k; c++) {
                allW += ws[c];
            }
            double pool = data.pooledMean(b);
            for (int c = 0; c < k; c++) {
                mean[b][c] = (s[c] + shrinkage * pool) / (ws[c] + shrinkage);
            }
            double ss = 0;
            for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
                if (!Double.isNaN(v[i])) {
                    for (int c = 0; c < k; c++) {
                        double e = v[i] - mean[b][c];
                        ss += w[j * k + c] * e * e;
                    }
                }
            }
            variance[b] = Math.max(allW > 0 ? ss / allW : 1, 1e-9);
        }
    }

    private void fitCounts(int b, int[] rows, double[] w) {
        LookAlikeData.Counts cnt = data.counts.get(b);
        int levels = cnt.levels().length;
        double[][] n = new double[k][levels];
        for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
            for (int e = cnt.start()[i]; e < cnt.start()[i + 1]; e++) {
                for (int c = 0; c < k; c++) {
                    n[c][cnt.level()[e]] += w[j * k + c] * cnt.count()[e];
                }
            }
        }
        double[] pool = data.pooledCounts(b);
        for (int c = 0; c < k; c++) {
            double tot = Arrays.stream(n[c]).sum() + shrinkage;
            theta[b][c] = new double[levels];
            for (int l = 0; l < levels; l++) {
                theta[b][c][l] = (n[c][l] + shrinkage * pool[l]) / tot;
            }
        }
    }

    /** The concentration with the largest weighted Dirichlet-multinomial log-likelihood of the block. */
    private double bestConcentration(int b, int[] rows, double[] w) {
        LookAlikeData.Counts cnt = data.counts.get(b);
        double best = Double.NEGATIVE_INFINITY;
        double bestA = Double.POSITIVE_INFINITY;
        for (double a : CONCENTRATIONS) {
            double ll = 0;
            for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
                if (cnt.start()[i] == cnt.start()[i + 1]) {
                    continue;
                }
                double total = cnt.total(i);
                double norm = Double.isInfinite(a) ? 0 : -risingLog(a, total);
                for (int c = 0; c < k; c++) {
                    double wi = w[j * k + c];
                    if (wi == 0) {
                        continue;
                    }
                    double s = norm;
                    for (int e = cnt.start()[i]; e < cnt.start()[i + 1]; e++) {
                        double t = theta[b][c][cnt.level()[e]];
                        s += Double.isInfinite(a) ? cnt.count()[e] * Math.log(t) : risingLog(a * t, cnt.count()[e]);
                    }
                    ll += wi * s;
                }
            }
            if (ll > best) {
                best = ll;
                bestA = a;
            }
        }
        return bestA;
    }

    /** Σ_{j<n} log(x + j), the log of the rising factorial (n rounded to an integer). */
    static double risingLog(double x, double n) {
        double s = 0;
        long m = Math.round(n);
        for (long j = 0; j < m; j++) {
            s += Math.log(x + j);
        }
        return s;
    }

    private void cache(int b) {
        double a = concentration[b];
        for (int c = 0; c < k; c++) {
            int levels = theta[b][c].length;
            cumLog[b][c] = new double[levels][CACHE];
            for (int l = 0; l < levels; l++) {
                double t = theta[b][c][l];
                for (int n = 1; n < CACHE; n++) {
                    cumLog[b][c][l][n] = cumLog[b][c][l][n - 1] + (Double.isInfinite(a) ? Math.log(t) : Math.log(a * t + n - 1));
                }
            }
        }
    }

    private double countTerm(int b, int c, int l, double count) {
        long n = Math.round(count);
        if (n < CACHE) {
            return cumLog[b][c][l][(int) n];
        }
        double a = concentration[b];
        double t = theta[b][c][l];
        return Double.isInfinite(a) ? n * Math.log(t) : risingLog(a * t, n);
    }

    /**
     * The posterior of row i into {@code p} (length k): log prior plus every block's log-likelihood,
     * normalised. Terms common to all segments (the Dirichlet-multinomial's normaliser) are left out.
     *
     * @param i a row
     * @param p receives the probabilities
     */
    void posterior(int i, double[] p) {
        System.arraycopy(logPrior, 0, p, 0, k);
        for (int b = 0; b < catLog.length; b++) {
            int l = data.categorical.get(b).codes()[i];
            if (l >= 0) {
                for (int c = 0; c < k; c++) {
                    p[c] += catLog[b][c][l];
                }
            }
        }
        for (int b = 0; b < mean.length; b++) {
            double v = data.numeric.get(b).values()[i];
            if (!Double.isNaN(v)) {
                for (int c = 0; c < k; c++) {
                    double e = v - mean[b][c];
                    p[c] -= e * e / (2 * variance[b]);
                }
            }
        }
        for (int b = 0; b < theta.length; b++) {
            LookAlikeData.Counts cnt = data.counts.get(b);
            for (int e = cnt.start()[i]; e < cnt.start()[i + 1]; e++) {
                for (int c = 0; c < k; c++) {
                    p[c] += countTerm(b, c, cnt.level()[e], cnt.count()[e]);
                }
            }
        }
        normalise(p);
    }

    /**
     * The posterior from categorical values alone (the other blocks unknown): how a prospect is placed.
     *
     * @param values block name → level name (a block or level the model does not know is ignored)
     * @return the probabilities
     */
    double[] posterior(java.util.Map<String, String> values) {
        double[] p = logPrior.clone();
        for (int b = 0; b < catLog.length; b++) {
            LookAlikeData.Categorical cat = data.categorical.get(b);
            int l = List.of(cat.levels()).indexOf(values.get(cat.name()));
            if (l >= 0) {
                for (int c = 0; c < k; c++) {
                    p[c] += catLog[b][c][l];
                }
            }
        }
        normalise(p);
        return p;
    }

    /** @param rows rows @return their posteriors, row-major (computed in parallel) */
    double[] posteriors(int[] rows) {
        double[] out = new double[rows.length * k];
        IntStream.range(0, rows.length).parallel().forEach(j -> {
            double[] p = new double[k];
            posterior(rows[j], p);
            System.arraycopy(p, 0, out, j * k, k);
        });
        return out;
    }

    private static void normalise(double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - max);
            s += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= s;
        }
    }
}
