package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rapport.analytics.frame.CustomerFrame;

/**
 * The discovered clusters' profiles and names ({@link SegmentDiscovery}): each cluster is named after the
 * need with the largest mean z-score in it ("price-driven"), the two strongest when two clusters share the
 * first, a number when still equal; without needs after the behaviour feature with the largest |z|.
 */
final class ClusterNames {
    private ClusterNames() {
    }

    static List<SegmentDiscovery.Cluster> describe(CustomerFrame frame, List<String> features, double[][] z, int[] labels, int k,
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
        List<List<SegmentDiscovery.Distinctive>> profiles = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<SegmentDiscovery.Distinctive> p = new ArrayList<>();
            for (int f = 0; f < d; f++) {
                mean[c][f] = size[c] == 0 ? 0 : mean[c][f] / size[c];
                p.add(new SegmentDiscovery.Distinctive(features.get(f), mean[c][f]));
            }
            p.sort(Comparator.comparingDouble((SegmentDiscovery.Distinctive t) -> -Math.abs(t.z())));
            profiles.add(p);
        }
        String[] names = names(features, mean, needCount);
        List<SegmentDiscovery.Cluster> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            out.add(new SegmentDiscovery.Cluster(names[c], size[c], equity[c], clvN[c] == 0 ? Double.NaN : clvSum[c] / clvN[c],
                    List.copyOf(profiles.get(c))));
        }
        return out;
    }

    /** Whether every centroid has a different need with the largest value (always true without needs). */
    static boolean distinctTopNeeds(KMeans.Result r, int d, int needCount) {
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

    static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return t.isEmpty() ? "need" : t;
    }
}
