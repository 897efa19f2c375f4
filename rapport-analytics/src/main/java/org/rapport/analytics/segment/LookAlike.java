package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.frame.TextColumn;

/**
 * Look-alike segments: customers who did not answer the needs survey are placed in the needs segments
 * by a multinomial logistic regression (softmax, L2 penalty {@value #L2} per row) trained on the surveyed
 * customers' behaviour and covariates: log purchases, log spend, log average order, recency / tenure,
 * margin rate, P(alive), age (mean where missing, with a flag), household size, region and acquisition
 * channel (one-hot), the share of net spend in each category and on each brand. Features are
 * standardised on the training rows; the fit is full-batch gradient descent with Adam steps
 * ({@value #ITERATIONS} iterations, at most {@value #MAX_TRAIN} training rows drawn with a seed). The
 * confidence of an assignment is the predicted probability of the chosen segment.
 */
final class LookAlike {
    static final double L2 = 1e-3;
    static final int ITERATIONS = 400;
    static final int MAX_TRAIN = 20_000;

    private LookAlike() {
    }

    /**
     * @param labels predicted segment of each row (rows already labelled keep theirs)
     * @param confidence probability of the predicted segment (1 for the surveyed)
     */
    record Prediction(int[] labels, double[] confidence) {
    }

    /** The feature columns of every frame row (no NaN). */
    static List<double[]> features(CustomerFrame f, List<String> categories, List<String> brands) {
        List<double[]> cols = new ArrayList<>();
        int n = f.size();
        double[] x = f.number("x");
        double[] spend = f.number("total_spend");
        double[] rec = f.number("recency");
        double[] ten = f.number("tenure");
        double[] lx = new double[n], ls = new double[n], aov = new double[n], rt = new double[n];
        for (int i = 0; i < n; i++) {
            lx[i] = Math.log1p(Math.max(0, x[i]));
            ls[i] = Math.log1p(Math.max(0, spend[i]));
            aov[i] = Math.log1p(Math.max(0, spend[i]) / (Math.max(0, x[i]) + 1));
            rt[i] = ten[i] > 0 ? rec[i] / ten[i] : 0;
        }
        cols.addAll(List.of(lx, ls, aov, rt, f.number("margin_rate").clone(), f.number("p_alive").clone(),
                f.number("household_size").clone()));
        double[] age = f.number("age").clone();
        double[] ageMissing = new double[n];
        for (int i = 0; i < n; i++) {
            ageMissing[i] = Double.isNaN(age[i]) ? 1 : 0;
        }
        cols.add(age);
        cols.add(ageMissing);
        oneHot(f.text("region"), cols);
        oneHot(f.text("acquisition_channel"), cols);
        for (String c : categories) {
            cols.add(f.keyed(CustomerFrame.Keyed.CATEGORY_SHARE, c).clone());
        }
        for (String b : brands) {
            cols.add(f.keyed(CustomerFrame.Keyed.BRAND_SHARE, b).clone());
        }
        return cols;
    }

    private static void oneHot(TextColumn t, List<double[]> cols) {
        for (int c = 0; c < t.dictionary().length; c++) {
            double[] v = new double[t.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.codes()[i] == c ? 1 : 0;
            }
            cols.add(v);
        }
    }

    /**
     * Fits on the rows with {@code known[i]} and predicts the others.
     *
     * @param cols feature columns (NaN counts as the training mean)
     * @param known rows whose label is known
     * @param labels labels of the known rows (0..k-1)
     * @param k classes
     * @param seed seed of the training sample
     * @return labels and confidences of every row
     */
    static Prediction predict(List<double[]> cols, boolean[] known, int[] labels, int k, long seed) {
        int n = known.length;
        int d = cols.size() + 1;
        int[] train = trainingRows(known, seed);
        double[] z = design(cols, train, n, d);
        double[] w = fit(z, d, train, labels, k);
        int[] out = labels.clone();
        double[] conf = new double[n];
        double[] p = new double[k];
        for (int i = 0; i < n; i++) {
            if (known[i]) {
                conf[i] = 1;
                continue;
            }
            probabilities(z, i, d, w, k, p);
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = p[c] > p[best] ? c : best;
            }
            out[i] = best;
            conf[i] = Math.min(p[best], 1 - 1e-12); // below 1: the surveyed have exactly 1
        }
        return new Prediction(out, conf);
    }

    private static int[] trainingRows(boolean[] known, long seed) {
        int m = 0;
        for (boolean b : known) {
            m += b ? 1 : 0;
        }
        int[] rows = new int[m];
        for (int i = 0, j = 0; i < known.length; i++) {
            if (known[i]) {
                rows[j++] = i;
            }
        }
        if (m <= MAX_TRAIN) {
            return rows;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < MAX_TRAIN; i++) {
            int j = i + rng.nextInt(m - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        return java.util.Arrays.copyOf(rows, MAX_TRAIN);
    }

    /** Row-major standardised design with an intercept column first; standardised on the training rows. */
    private static double[] design(List<double[]> cols, int[] train, int n, int d) {
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            z[i * d] = 1;
        }
        for (int f = 1; f < d; f++) {
            double[] v = cols.get(f - 1);
            double s = 0, ss = 0;
            int m = 0;
            for (int i : train) {
                if (!Double.isNaN(v[i])) {
                    s += v[i];
                    ss += v[i] * v[i];
                    m++;
                }
            }
            double mu = m == 0 ? 0 : s / m;
            double sd = m < 2 ? 0 : Math.sqrt(Math.max(0, ss / m - mu * mu));
            for (int i = 0; i < n; i++) {
                z[i * d + f] = Double.isNaN(v[i]) || sd == 0 ? 0 : (v[i] - mu) / sd;
            }
        }
        return z;
    }

    private static void probabilities(double[] z, int i, int d, double[] w, int k, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int f = 0; f < d; f++) {
                s += w[c * d + f] * z[i * d + f];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
    }

    /** Mean cross-entropy + L2/2 |w|² (intercepts unpenalised), minimised with Adam (step 0.05). */
    private static double[] fit(double[] z, int d, int[] train, int[] labels, int k) {
        double[] w = new double[k * d];
        double[] m1 = new double[w.length], m2 = new double[w.length], g = new double[w.length];
        double[] p = new double[k];
        double b1 = 0.9, b2 = 0.999, lr = 0.05;
        for (int it = 1; it <= ITERATIONS; it++) {
            java.util.Arrays.fill(g, 0);
            for (int i : train) {
                probabilities(z, i, d, w, k, p);
                for (int c = 0; c < k; c++) {
                    double r = (p[c] - (labels[i] == c ? 1 : 0)) / train.length;
                    for (int f = 0; f < d; f++) {
                        g[c * d + f] += r * z[i * d + f];
                    }
                }
            }
            for (int j = 0; j < w.length; j++) {
                double gj = g[j] + (j % d == 0 ? 0 : L2 * w[j]);
                m1[j] = b1 * m1[j] + (1 - b1) * gj;
                m2[j] = b2 * m2[j] + (1 - b2) * gj * gj;
                double mh = m1[j] / (1 - Math.pow(b1, it));
                double vh = m2[j] / (1 - Math.pow(b2, it));
                w[j] -= lr * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        return w;
    }
}
