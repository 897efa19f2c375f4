package org.rapport.analytics.wallet;

import java.util.Arrays;
import org.rapport.analytics.Stats;

/**
 * The two wallet estimators of {@link ShareOfWallet} (docs/analytics.md, "Share of wallet"): the survey
 * regression (least squares of log survey wallet on what is known of every customer) and the look-alike
 * quantile of Perlich, Rosset, Lawrence &amp; Zadrozny (2007), with the held-out log correlation that
 * compares them.
 */
final class WalletEstimators {
    private WalletEstimators() {
    }

    static double logCorrelation(double[] estimate, double[] truth, boolean[] rows) {
        int n = 0;
        double[] a = new double[truth.length];
        double[] b = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            if (rows[i] && estimate[i] > 0 && truth[i] > 0) {
                a[n] = Math.log(estimate[i]);
                b[n] = Math.log(truth[i]);
                n++;
            }
        }
        return n < 3 ? Double.NaN : Stats.correlation(a, b, n);
    }

    /**
     * The look-alike quantile of yearly spend.
     *
     * @param d the customers
     * @param q the quantile level
     * @param use which customers form the look-alike cells
     * @return every customer's estimate
     */
    static double[] lookalike(ShareOfWallet.Data d, double q, boolean[] use) {
        double[] out = new double[d.n];
        Arrays.fill(out, Double.NaN);
        int regions = Math.max(1, d.regions.size());
        int segments = Math.max(1, d.segments.size());
        int[] cellsAt = {segments * regions * 4, segments * regions, segments, 1};
        for (int level = 0; level < cellsAt.length; level++) {
            int[] cell = new int[d.n];
            for (int i = 0; i < d.n; i++) {
                int hh = (int) Math.min(4, Math.max(1, d.household[i]));
                int sr = d.segment[i] * regions + d.region[i];
                cell[i] = switch (level) {
                    case 0 -> sr * 4 + hh - 1;
                    case 1 -> sr;
                    case 2 -> d.segment[i];
                    default -> 0;
                };
            }
            int cells = cellsAt[level];
            int[] start = new int[cells + 1];
            for (int i = 0; i < d.n; i++) {
                if (use[i]) {
                    start[cell[i] + 1]++;
                }
            }
            for (int c = 0; c < cells; c++) {
                start[c + 1] += start[c];
            }
            int[] fill = Arrays.copyOf(start, cells);
            double[] spend = new double[start[cells]];
            for (int i = 0; i < d.n; i++) {
                if (use[i]) {
                    spend[fill[cell[i]]++] = d.yearly[i];
                }
            }
            double[] value = new double[cells];
            boolean last = level == cellsAt.length - 1;
            for (int c = 0; c < cells; c++) {
                int size = start[c + 1] - start[c];
                if (size >= ShareOfWallet.MIN_CELL || last && size > 0) {
                    Arrays.sort(spend, start[c], start[c + 1]);
                    value[c] = Stats.sortedQuantile(spend, start[c], start[c + 1], q);
                } else {
                    value[c] = Double.NaN;
                }
            }
            for (int i = 0; i < d.n; i++) {
                if (Double.isNaN(out[i])) {
                    out[i] = value[cell[i]];
                }
            }
        }
        return out;
    }

    /** Feature vector of customer i into f; returns its length. */
    private static int features(ShareOfWallet.Data d, int i, double[] ageMean, double[] needMean, double[] f) {
        int k = 0;
        f[k++] = 1;
        for (int r = 1; r < d.regions.size(); r++) {
            f[k++] = d.region[i] == r ? 1 : 0;
        }
        for (int g = 1; g < d.segments.size(); g++) {
            f[k++] = d.segment[i] == g ? 1 : 0;
        }
        f[k++] = Math.min(d.household[i], 10);
        boolean ageKnown = !Double.isNaN(d.age[i]);
        double age = ageKnown ? d.age[i] : ageMean[0];
        f[k++] = (age - 45) / 10;
        f[k++] = (age - 45) * (age - 45) / 100;
        f[k++] = ageKnown ? 0 : 1;
        for (int n = 0; n < d.needNames.size(); n++) {
            double v = d.needs[i][n];
            f[k++] = Double.isNaN(v) ? needMean[n] : v;
        }
        double ly = Math.log(Math.max(d.yearly[i], 0.01));
        f[k++] = ly;
        f[k++] = ly * ly / 10;
        f[k++] = Math.log1p(d.x[i]);
        f[k++] = Math.log(Math.max(d.aov[i], 0.01));
        f[k++] = Math.log(Math.max(d.rate[i], 0.01));
        return k;
    }

    /**
     * Least squares of log survey wallet on the features.
     *
     * @param d the customers
     * @param train the rows to fit on (each with a survey wallet)
     * @return every customer's estimate exp(x'&beta;)
     */
    static double[] regression(ShareOfWallet.Data d, boolean[] train) {
        double[] ageMean = {0};
        int ages = 0;
        double[] needMean = new double[d.needNames.size()];
        int[] needCount = new int[needMean.length];
        for (int i = 0; i < d.n; i++) {
            if (!Double.isNaN(d.age[i])) {
                ageMean[0] += d.age[i];
                ages++;
            }
            for (int n = 0; n < needMean.length; n++) {
                if (!Double.isNaN(d.needs[i][n])) {
                    needMean[n] += d.needs[i][n];
                    needCount[n]++;
                }
            }
        }
        ageMean[0] = ages == 0 ? 45 : ageMean[0] / ages;
        for (int n = 0; n < needMean.length; n++) {
            needMean[n] = needCount[n] == 0 ? 0 : needMean[n] / needCount[n];
        }
        double[] f = new double[d.regions.size() + d.segments.size() + needMean.length + 11];
        int k = features(d, 0, ageMean, needMean, f);
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        for (int i = 0; i < d.n; i++) {
            if (!train[i]) {
                continue;
            }
            features(d, i, ageMean, needMean, f);
            double y = Math.log(d.survey[i]);
            for (int a = 0; a < k; a++) {
                xty[a] += f[a] * y;
                for (int b = 0; b <= a; b++) {
                    xtx[a][b] += f[a] * f[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                xtx[a][b] = xtx[b][a];
            }
        }
        double[] beta = Stats.solveNormal(xtx, xty);
        double[] out = new double[d.n];
        for (int i = 0; i < d.n; i++) {
            features(d, i, ageMean, needMean, f);
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += beta[a] * f[a];
            }
            out[i] = Math.exp(s);
        }
        return out;
    }
}
