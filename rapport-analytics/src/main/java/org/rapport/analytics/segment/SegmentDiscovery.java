package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.rapport.analytics.frame.CustomerFrame;

/**
 * Finds needs-based segments: k-means on the customers' standardised needs answers plus (down-weighted)
 * standardised behaviour, with k chosen by the mean silhouette on a sample.
 *
 * <p>Features: every need of {@code customer_needs} as a z-score (a missing answer is imputed with the
 * mean, z = 0), and three behaviour features, {@code frequency} = log(1 + x), {@code spend} =
 * log(1 + expected spend per purchase) and {@code p_alive}, as z-scores multiplied by
 * {@link Options#behaviourWeight()} (0.25 by default, so behaviour refines but does not override the
 * needs; the planted segments of the simulator differ in needs, while behaviour varies mostly within
 * them). Without needs data the behaviour features alone are used with weight 1.
 *
 * <p>k: for k = kMin..kMax, k-means++ with several restarts on a fitting sample (10,000 customers by
 * default) and the mean silhouette on the first 2,000 of them. The k with the largest mean silhouette
 * wins, except that a larger k whose mean silhouette is within two standard errors or 5% of the best
 * (so not distinguishable from it on the sample; 5% because the sample's own noise understates how much
 * the silhouette moves with the choice of sample) and whose clusters each have a different strongest
 * need is preferred: on the simulator's world the silhouettes of k = 4 and k = 5 differ by less than
 * their sampling error (0.333 and 0.333), and only k = 5 separates all five planted needs. Without
 * needs data the largest silhouette wins. {@link Options#k()} forces k. The chosen k's centroids then
 * seed Lloyd iterations on all customers.
 *
 * <p>Names: each cluster is named after its most distinctive need, the one with the largest mean
 * z-score in the cluster ("price-driven"); if two clusters share it, the second need is added
 * ("price-and-service-driven"). Without needs, after the behaviour feature with the largest absolute
 * mean z ("high-frequency", "low-p_alive").
 */
public final class SegmentDiscovery {
    /** Silhouettes closer than this share of the best are treated as a tie (besides two standard errors). */
    static final double TIE = 0.05;
    /** Rows the chosen k's centroids are refined on before the passes over all customers (when there are many more). */
    static final int REFINE_SAMPLE = 100_000;
    /** Behaviour feature names in feature order. */
    static final List<String> BEHAVIOUR = List.of("frequency", "spend", "p_alive");

    /**
     * Settings of the discovery.
     *
     * @param k a forced number of clusters, or 0 to choose by silhouette
     * @param kMin smallest k tried
     * @param kMax largest k tried
     * @param silhouetteSample customers in the silhouette sample
     * @param fitSample customers k-means is fitted on while choosing k
     * @param restarts k-means++ restarts per k
     * @param seed the random seed (same seed, same clusters)
     * @param behaviourWeight weight of the behaviour z-scores relative to the needs
     */
    public record Options(int k, int kMin, int kMax, int silhouetteSample, int fitSample, int restarts, long seed,
                          double behaviourWeight) {
        /** @return k chosen by silhouette over 2..8, samples of 2,000 and 10,000, 4 restarts, seed 1, weight 0.25 */
        public static Options defaults() {
            return new Options(0, 2, 8, 2_000, 10_000, 4, 1L, 0.25);
        }

        /** @param forced k, or 0 for automatic @return a copy */
        public Options withK(int forced) {
            return new Options(forced, kMin, kMax, silhouetteSample, fitSample, restarts, seed, behaviourWeight);
        }

        /** @param weight the behaviour weight (0 = needs only) @return a copy */
        public Options withBehaviourWeight(double weight) {
            return new Options(k, kMin, kMax, silhouetteSample, fitSample, restarts, seed, weight);
        }

        /** @param s the seed @return a copy */
        public Options withSeed(long s) {
            return new Options(k, kMin, kMax, silhouetteSample, fitSample, restarts, s, behaviourWeight);
        }
    }

    /**
     * One need or behaviour feature's standardised mean in a cluster.
     *
     * @param feature the feature
     * @param z the cluster's mean z-score of it (before weighting)
     */
    public record Distinctive(String feature, double z) {
    }

    /**
     * A discovered cluster.
     *
     * @param name its segment name
     * @param size customers
     * @param equity sum of their CLV (customers without a CLV count 0)
     * @param averageClv mean CLV of those with one (NaN if none)
     * @param profile mean z-score of every feature, strongest first
     */
    public record Cluster(String name, int size, double equity, double averageClv, List<Distinctive> profile) {
    }

    /**
     * The outcome.
     *
     * @param usedNeeds whether needs answers were among the features
     * @param features the feature names
     * @param k the number of clusters
     * @param kChosenBy "silhouette" or "forced"
     * @param silhouette mean silhouette by k (only the forced k when forced)
     * @param clusters the clusters, label order
     * @param labels each frame row's cluster
     * @param confidence each row's confidence: 1 for a customer clustered on their answers, else the look-alike
     *                   model's probability of the segment
     * @param surveyed customers who answered every need (the whole frame when there are no needs)
     * @param lookAlike the look-alike model's fit when some customers did not answer, else null
     */
    public record Result(boolean usedNeeds, List<String> features, int k, String kChosenBy, Map<Integer, Double> silhouette,
                         List<Cluster> clusters, int[] labels, double[] confidence, int surveyed,
                         LookAlike.Prediction lookAlike) {
        /** @return each frame row's cluster name */
        public String[] names() {
            String[] out = new String[labels.length];
            for (int i = 0; i < labels.length; i++) {
                out[i] = clusters.get(labels[i]).name();
            }
            return out;
        }
    }

    private SegmentDiscovery() {
    }

    /**
     * Discovers segments.
     *
     * @param frame the customers
     * @param options the settings
     * @return the clusters and each customer's label
     * @throws SegmentException if there are fewer customers than clusters or no usable feature
     */
    public static Result discover(CustomerFrame frame, Options options) {
        return discover(frame, options, null);
    }

    /**
     * Discovers segments on the customers who answered every need and places the others by
     * {@link LookAlike} (trained on the answered customers' behaviour and covariates).
     *
     * @param frame the customers
     * @param options the settings
     * @param lookAlike loads what is known of every customer for the look-alike model (called only when some did not
     *                  answer), or null for the frame's columns only
     * @return the clusters, each customer's label and the confidence of each label
     */
    static Result discover(CustomerFrame frame, Options options, java.util.function.Supplier<LookAlikeData> lookAlike) {
        int n = frame.size();
        Map<String, double[]> needs = frame.needs();
        List<String> features = new ArrayList<>();
        List<double[]> raw = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        needs.forEach((name, v) -> {
            features.add(name);
            raw.add(v);
            weights.add(1.0);
        });
        boolean usedNeeds = !needs.isEmpty();
        double bw = usedNeeds ? options.behaviourWeight() : 1.0;
        if (bw > 0 && hasAny(frame.number("p_alive"))) {
            double[] x = frame.number("x");
            double[] spend = frame.number("expected_spend");
            features.add("frequency");
            raw.add(map(x, v -> Math.log1p(Math.max(0, v))));
            features.add("spend");
            raw.add(map(spend, v -> Math.log1p(Math.max(0, v))));
            features.add("p_alive");
            raw.add(frame.number("p_alive"));
            weights.add(bw);
            weights.add(bw);
            weights.add(bw);
        }
        if (features.isEmpty()) {
            throw new SegmentException("there is nothing to cluster on: no needs answers (customer_needs) and no scores;"
                    + " ingest a customers file with need_* columns or run rapport analyze first");
        }
        int d = features.size();
        double[][] z = new double[d][];
        for (int f = 0; f < d; f++) {
            z[f] = standardise(raw.get(f));
        }
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < d; f++) {
                x[i * d + f] = z[f][i] * weights.get(f);
            }
        }
        boolean[] answered = answered(needs, n);
        int[] surveyed = indices(answered);
        boolean partial = !needs.isEmpty() && surveyed.length < n;
        int nAll = n;
        if (partial) {
            x = rows(x, d, surveyed);
            n = surveyed.length;
        }
        int kMax = Math.min(options.kMax(), n);
        if (options.k() > 0 ? n < options.k() : n < options.kMin()) {
            throw new SegmentException(String.format(Locale.ROOT, "%d customers are too few to form %d clusters", n,
                    options.k() > 0 ? options.k() : options.kMin()));
        }
        int[] sample = sample(n, Math.min(n, Math.max(options.fitSample(), options.silhouetteSample())), options.seed());
        double[] xs = rows(x, d, sample);
        int silN = Math.min(sample.length, options.silhouetteSample());
        double[] xsil = java.util.Arrays.copyOf(xs, silN * d);
        Map<Integer, Double> silhouette = new LinkedHashMap<>();
        Map<Integer, KMeans.Result> fits = new LinkedHashMap<>();
        int bestK = 0;
        double bestS = Double.NEGATIVE_INFINITY;
        double bestSe = 0;
        int from = options.k() > 0 ? options.k() : options.kMin();
        int to = options.k() > 0 ? options.k() : kMax;
        // each k is fitted and scored independently (its own seed), so the ks run in parallel
        int kFrom = from;
        KMeans.Result[] fitted = new KMeans.Result[to - from + 1];
        double[][] sil = new double[fitted.length][];
        java.util.stream.IntStream.range(0, fitted.length).parallel().forEach(j -> {
            int k = kFrom + j;
            fitted[j] = KMeans.fit(xs, d, k, options.restarts(), 100, options.seed() + k);
            sil[j] = ClusterQuality.silhouettes(xsil, d, java.util.Arrays.copyOf(fitted[j].labels(), silN), k);
        });
        for (int k = from; k <= to; k++) {
            KMeans.Result r = fitted[k - from];
            double[] s = sil[k - from];
            double mean = 0;
            for (double v : s) {
                mean += v / silN;
            }
            double ss = 0;
            for (double v : s) {
                ss += (v - mean) * (v - mean);
            }
            silhouette.put(k, mean);
            fits.put(k, r);
            if (mean > bestS) {
                bestS = mean;
                bestK = k;
                bestSe = Math.sqrt(ss / Math.max(1, silN - 1) / silN);
            }
        }
        int chosen = bestK;
        int needCount = usedNeeds ? needs.size() : 0;
        for (int k = to; k > bestK && options.k() == 0; k--) {
            if (silhouette.get(k) >= bestS - Math.max(2 * bestSe, TIE * Math.abs(bestS)) && distinctTopNeeds(fits.get(k), d, needCount)) {
                chosen = k;
                break;
            }
        }
        KMeans.Result best = fits.get(chosen);
        double[] start = best.centroids();
        if (n > 2 * REFINE_SAMPLE) {
            // converge on a larger sample first (its first rows are the fitting sample: same seed), so the
            // passes over every customer only settle the last changes
            start = KMeans.lloyd(rows(x, d, sample(n, REFINE_SAMPLE, options.seed())), d, start, 100).centroids();
        }
        KMeans.Result full = KMeans.lloyd(x, d, start, 100);
        int k = best.k();
        int[] labels = full.labels();
        double[] confidence = new double[nAll];
        java.util.Arrays.fill(confidence, 1);
        LookAlike.Prediction p = null;
        if (partial) {
            int[] known = new int[nAll];
            for (int j = 0; j < surveyed.length; j++) {
                known[surveyed[j]] = labels[j];
            }
            p = LookAlike.predict(lookAlike == null ? LookAlikeData.of(frame) : lookAlike.get(), answered, known, k,
                    options.seed());
            labels = p.labels();
            confidence = p.confidence();
        }
        List<Cluster> clusters = describe(frame, features, z, labels, k, usedNeeds ? needs.size() : 0);
        return new Result(usedNeeds, List.copyOf(features), k, options.k() > 0 ? "forced" : "silhouette", silhouette,
                clusters, labels, confidence, surveyed.length, p);
    }

    private static List<Cluster> describe(CustomerFrame frame, List<String> features, double[][] z, int[] labels, int k,
                                          int needCount) {
        int n = labels.length;
        int d = features.size();
        double[][] mean = new double[k][d];
        int[] size = new int[k];
        double[] equity = new double[k];
        double[] clvSum = new double[k];
        int[] clvN = new int[k];
        double[] clv = frame.number("clv");
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            size[c]++;
            for (int f = 0; f < d; f++) {
                mean[c][f] += z[f][i];
            }
            if (!Double.isNaN(clv[i])) {
                equity[c] += clv[i];
                clvSum[c] += clv[i];
                clvN[c]++;
            }
        }
        List<List<Distinctive>> profiles = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Distinctive> p = new ArrayList<>();
            for (int f = 0; f < d; f++) {
                mean[c][f] = size[c] == 0 ? 0 : mean[c][f] / size[c];
                p.add(new Distinctive(features.get(f), mean[c][f]));
            }
            p.sort(Comparator.comparingDouble((Distinctive t) -> -Math.abs(t.z())));
            profiles.add(p);
        }
        String[] names = names(features, mean, needCount);
        List<Cluster> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            out.add(new Cluster(names[c], size[c], equity[c], clvN[c] == 0 ? Double.NaN : clvSum[c] / clvN[c],
                    List.copyOf(profiles.get(c))));
        }
        return out;
    }

    /** Whether every centroid has a different need with the largest value (always true without needs). */
    private static boolean distinctTopNeeds(KMeans.Result r, int d, int needCount) {
        if (needCount == 0) {
            return true;
        }
        Set<Integer> tops = new HashSet<>();
        for (int c = 0; c < r.k(); c++) {
            int top = 0;
            for (int f = 1; f < needCount; f++) {
                if (r.centroids()[c * d + f] > r.centroids()[c * d + top]) {
                    top = f;
                }
            }
            tops.add(top);
        }
        return tops.size() == r.k();
    }

    /** Names clusters by their most distinctive need (or behaviour feature without needs); unique. */
    static String[] names(List<String> features, double[][] mean, int needCount) {
        int k = mean.length;
        String[] names = new String[k];
        Set<String> used = new HashSet<>();
        String[] first = new String[k];
        for (int c = 0; c < k; c++) {
            first[c] = baseName(features, mean[c], needCount, 0);
        }
        for (int c = 0; c < k; c++) {
            String name = first[c];
            boolean shared = false;
            for (int o = 0; o < k; o++) {
                shared |= o != c && first[o].equals(name);
            }
            if (shared && needCount > 1) {
                name = baseName(features, mean[c], needCount, 1);
            }
            String unique = name;
            for (int s = 2; used.contains(unique); s++) {
                unique = name + "-" + s;
            }
            used.add(unique);
            names[c] = unique;
        }
        return names;
    }

    private static String baseName(List<String> features, double[] mean, int needCount, int extra) {
        if (needCount > 0) {
            Integer[] order = new Integer[needCount];
            for (int f = 0; f < needCount; f++) {
                order[f] = f;
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble(f -> -mean[f]));
            String top = slug(features.get(order[0]));
            return extra == 0 ? top + "-driven" : top + "-and-" + slug(features.get(order[1])) + "-driven";
        }
        int bestF = 0;
        for (int f = 1; f < mean.length; f++) {
            if (Math.abs(mean[f]) > Math.abs(mean[bestF])) {
                bestF = f;
            }
        }
        return (mean[bestF] >= 0 ? "high-" : "low-") + slug(features.get(bestF));
    }

    /** Rows that answered every need (all rows when there are no needs). */
    private static boolean[] answered(Map<String, double[]> needs, int n) {
        boolean[] a = new boolean[n];
        java.util.Arrays.fill(a, true);
        for (double[] v : needs.values()) {
            for (int i = 0; i < n; i++) {
                a[i] &= !Double.isNaN(v[i]);
            }
        }
        return a;
    }

    private static int[] indices(boolean[] a) {
        return java.util.stream.IntStream.range(0, a.length).filter(i -> a[i]).toArray();
    }

    static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return t.isEmpty() ? "need" : t;
    }

    static double[] standardise(double[] v) {
        double sum = 0;
        long m = 0;
        for (double a : v) {
            if (!Double.isNaN(a)) {
                sum += a;
                m++;
            }
        }
        double mu = m == 0 ? 0 : sum / m;
        double ss = 0;
        for (double a : v) {
            if (!Double.isNaN(a)) {
                ss += (a - mu) * (a - mu);
            }
        }
        double sd = m < 2 ? 0 : Math.sqrt(ss / (m - 1));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isNaN(v[i]) || sd == 0 ? 0 : (v[i] - mu) / sd;
        }
        return out;
    }

    private static boolean hasAny(double[] v) {
        for (double a : v) {
            if (!Double.isNaN(a)) {
                return true;
            }
        }
        return false;
    }

    private static double[] map(double[] v, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isNaN(v[i]) ? Double.NaN : f.applyAsDouble(v[i]);
        }
        return out;
    }

    /** A seeded sample without replacement (partial Fisher-Yates), in random order. */
    static int[] sample(int n, int m, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, m);
    }

    private static double[] rows(double[] x, int d, int[] which) {
        double[] out = new double[which.length * d];
        for (int r = 0; r < which.length; r++) {
            System.arraycopy(x, which[r] * d, out, r * d, d);
        }
        return out;
    }
}
