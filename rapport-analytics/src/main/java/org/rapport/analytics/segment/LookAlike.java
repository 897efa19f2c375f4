package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Look-alike segments: customers who did not answer the needs survey are placed in the needs segments
 * by a semi-supervised naive Bayes mixture ({@link LookAlikeModel}) over what is known of every
 * customer ({@link LookAlikeData}: acquisition channel, region, category, order-channel and
 * feedback-topic counts, first brand and brand transitions, age, frequency, order value, survey wallet,
 * household size, margin rate).
 *
 * <p>Steps: (0) blocks that do not help predict the surveyed's clusters are left out ({@link #uninformative});
 * (1) the concentration of each count block is chosen on the surveyed customers' clusters;
 * (2) the weight λ of the unsurveyed customers in the EM (0 = the surveyed alone, 1 = full EM) is chosen
 * by {@value #FOLDS}-fold cross-validation on the surveyed: each fold's surveyed are hidden, the model is
 * fitted with the others and the unsurveyed, and the fold's clusters are predicted; the λ with the most
 * correct predictions wins (the smaller λ on a tie); (3) the model is fitted by EM with that λ on all the
 * surveyed and the unsurveyed, and every unsurveyed customer gets the segment of largest posterior, with
 * that posterior as the confidence. At most {@value #MAX_ROWS} surveyed and {@value #MAX_ROWS} unsurveyed
 * customers (drawn with the seed) are fitted on; the posterior is then computed for everyone.
 */
final class LookAlike {
    static final int FOLDS = 3;
    static final int MAX_ROWS = 20_000;
    static final int EM_ITERATIONS = 15;
    static final double[] LAMBDAS = {0, 0.1, 0.3, 1};
    static final double[] SHRINKAGES = {1, 4, 16, 64};
    static final double SELECTION_SHRINKAGE = 4;

    private LookAlike() {
    }

    /**
     * @param labels predicted segment of each row (rows already labelled keep theirs)
     * @param confidence probability of the predicted segment (1 for the surveyed)
     * @param dropped the blocks left out as uninformative
     * @param shrinkage pseudo-rows of the pooled distribution chosen by cross-validation
     * @param lambda the weight of the unsurveyed chosen by cross-validation
     * @param crossValidatedAccuracy share of the held-out surveyed placed in their own cluster, at that λ
     * @param model the fitted model (places prospects)
     */
    record Prediction(int[] labels, double[] confidence, List<String> dropped, double shrinkage, double lambda, double crossValidatedAccuracy,
                      LookAlikeModel model) {
    }

    /**
     * Fits on the rows with {@code known[i]} and predicts the others.
     *
     * @param data what is known of every row
     * @param known rows whose label is known
     * @param labels labels of the known rows (0..k-1)
     * @param k classes
     * @param seed seed of the samples and folds
     * @return labels and confidences of every row
     */
    static Prediction predict(LookAlikeData all, boolean[] known, int[] labels, int k, long seed) {
        int[] lab = sample(rows(known, true), seed);
        int[] unl = sample(rows(known, false), seed + 1);
        int[] fold = folds(lab.length, seed);
        List<String> dropped = uninformative(all, lab, fold, labels, k);
        LookAlikeData data = all.without(dropped);
        double bestShrink = SHRINKAGES[0];
        double bestAcc = -1;
        double[] conc = null;
        for (double m : SHRINKAGES) {
            double[] a = LookAlikeModel.fit(data, k, lab, oneHot(lab, labels, k), null, m).concentration;
            double acc = crossValidate(data, lab, unl, fold, labels, k, 0, a, m);
            if (acc > bestAcc + 1e-12) {
                bestAcc = acc;
                bestShrink = m;
                conc = a;
            }
        }
        double bestLambda = 0;
        for (double lambda : LAMBDAS) {
            if (lambda > 0) {
                double acc = crossValidate(data, lab, unl, fold, labels, k, lambda, conc, bestShrink);
                if (acc > bestAcc + 1e-12) {
                    bestAcc = acc;
                    bestLambda = lambda;
                }
            }
        }
        LookAlikeModel m = em(data, lab, labels, unl, k, bestLambda, conc, bestShrink);
        int[] other = rows(known, false);
        double[] post = m.posteriors(other);
        int[] out = labels.clone();
        double[] conf = new double[known.length];
        Arrays.fill(conf, 1);
        for (int j = 0; j < other.length; j++) {
            int best = argmax(post, j, k);
            out[other[j]] = best;
            conf[other[j]] = Math.min(post[j * k + best], 1 - 1e-12); // below 1: the surveyed have exactly 1
        }
        return new Prediction(out, conf, dropped, bestShrink, bestLambda, bestAcc, m);
    }

    /**
     * The blocks that do not help: with the surveyed alone (λ = 0, {@value #SELECTION_SHRINKAGE} pseudo-rows),
     * the cross-validated log-likelihood of the held-out surveyed's clusters with every block, then without
     * each block in turn; a block whose removal raises it is dropped (one backward pass). A block that
     * carries no segment signal only adds noise to the fit from few surveyed customers, and in the EM it
     * pulls the mixture toward whatever structure it has (purchase frequency and recency, say) instead of
     * the needs.
     */
    static List<String> uninformative(LookAlikeData data, int[] lab, int[] fold, int[] labels, int k) {
        double base = heldOutLogLikelihood(data, lab, fold, labels, k);
        List<String> drop = new ArrayList<>();
        for (String b : data.blocks()) {
            if (heldOutLogLikelihood(data.without(List.of(b)), lab, fold, labels, k) > base) {
                drop.add(b);
            }
        }
        return drop;
    }

    private static double heldOutLogLikelihood(LookAlikeData data, int[] lab, int[] fold, int[] labels, int k) {
        double ll = 0;
        for (int f = 0; f < FOLDS; f++) {
            int ff = f;
            int[] train = IntStream.range(0, lab.length).filter(j -> fold[j] != ff).map(j -> lab[j]).toArray();
            int[] test = IntStream.range(0, lab.length).filter(j -> fold[j] == ff).map(j -> lab[j]).toArray();
            double[] post = LookAlikeModel.fit(data, k, train, oneHot(train, labels, k), null, SELECTION_SHRINKAGE).posteriors(test);
            for (int j = 0; j < test.length; j++) {
                ll += Math.log(Math.max(post[j * k + labels[test[j]]], 1e-300));
            }
        }
        return ll;
    }

    private static double crossValidate(LookAlikeData data, int[] lab, int[] unl, int[] fold, int[] labels, int k,
                                        double lambda, double[] conc, double shrinkage) {
        int correct = 0;
        for (int f = 0; f < FOLDS; f++) {
            int ff = f;
            int[] train = java.util.stream.IntStream.range(0, lab.length).filter(j -> fold[j] != ff).map(j -> lab[j]).toArray();
            int[] test = java.util.stream.IntStream.range(0, lab.length).filter(j -> fold[j] == ff).map(j -> lab[j]).toArray();
            int[] pool = new int[unl.length + test.length];
            System.arraycopy(unl, 0, pool, 0, unl.length);
            System.arraycopy(test, 0, pool, unl.length, test.length);
            LookAlikeModel m = em(data, train, labels, pool, k, lambda, conc, shrinkage);
            double[] post = m.posteriors(test);
            for (int j = 0; j < test.length; j++) {
                correct += argmax(post, j, k) == labels[test[j]] ? 1 : 0;
            }
        }
        return correct / (double) lab.length;
    }

    /** EM: the labelled rows weigh 1 on their label, the unlabelled λ times their posterior. */
    static LookAlikeModel em(LookAlikeData data, int[] lab, int[] labels, int[] unl, int k, double lambda, double[] conc,
                             double shrinkage) {
        int[] all = new int[lab.length + unl.length];
        System.arraycopy(lab, 0, all, 0, lab.length);
        System.arraycopy(unl, 0, all, lab.length, unl.length);
        double[] w = new double[all.length * k];
        System.arraycopy(oneHot(lab, labels, k), 0, w, 0, lab.length * k);
        LookAlikeModel m = LookAlikeModel.fit(data, k, all, w, conc, shrinkage);
        if (lambda == 0 || unl.length == 0) {
            return m;
        }
        for (int it = 0; it < EM_ITERATIONS; it++) {
            double[] post = m.posteriors(unl);
            for (int j = 0; j < post.length; j++) {
                w[lab.length * k + j] = lambda * post[j];
            }
            m = LookAlikeModel.fit(data, k, all, w, conc, shrinkage);
        }
        return m;
    }

    private static double[] oneHot(int[] rows, int[] labels, int k) {
        double[] w = new double[rows.length * k];
        for (int j = 0; j < rows.length; j++) {
            w[j * k + labels[rows[j]]] = 1;
        }
        return w;
    }

    private static int argmax(double[] p, int j, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            best = p[j * k + c] > p[j * k + best] ? c : best;
        }
        return best;
    }

    private static int[] rows(boolean[] known, boolean which) {
        return java.util.stream.IntStream.range(0, known.length).filter(i -> known[i] == which).toArray();
    }

    /** At most {@link #MAX_ROWS} of the rows, drawn with the seed (all of them, in order, when fewer). */
    private static int[] sample(int[] rows, long seed) {
        if (rows.length <= MAX_ROWS) {
            return rows;
        }
        int[] r = rows.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < MAX_ROWS; i++) {
            int j = i + rng.nextInt(r.length - i);
            int t = r[i];
            r[i] = r[j];
            r[j] = t;
        }
        return Arrays.copyOf(r, MAX_ROWS);
    }

    /** A fold per row, balanced, in a seeded random order. */
    private static int[] folds(int n, long seed) {
        int[] order = SegmentDiscovery.sample(n, n, seed + 2);
        int[] fold = new int[n];
        for (int j = 0; j < n; j++) {
            fold[order[j]] = j % FOLDS;
        }
        return fold;
    }
}
