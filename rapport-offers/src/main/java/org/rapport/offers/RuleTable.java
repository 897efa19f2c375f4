package org.rapport.offers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Rules indexed by antecedent: the consequents of antecedent {@code a} are
 * {@code cons[start[a] .. start[a+1]-1]}, most confident first.
 */
final class RuleTable {
    final int[] start;
    final int[] cons;
    final float[] conf;
    final float[] supp;
    final float[] lift;
    final int[] count;

    private RuleTable(int antecedents, List<long[]> rows, List<float[]> stats, int maxPer) {
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> rows.get(i)[0]).thenComparing(i -> -stats.get(i)[0])
                .thenComparingLong(i -> rows.get(i)[1]));
        List<Integer> kept = new ArrayList<>();
        long prev = -1;
        int inAnte = 0;
        for (Integer i : order) {
            long a = rows.get(i)[0];
            inAnte = a == prev ? inAnte + 1 : 1;
            prev = a;
            if (inAnte <= maxPer) {
                kept.add(i);
            }
        }
        start = new int[antecedents + 1];
        cons = new int[kept.size()];
        conf = new float[kept.size()];
        supp = new float[kept.size()];
        lift = new float[kept.size()];
        count = new int[kept.size()];
        int[] per = new int[antecedents];
        for (int j = 0; j < kept.size(); j++) {
            int i = kept.get(j);
            per[(int) rows.get(i)[0]]++;
            cons[j] = (int) rows.get(i)[1];
            count[j] = (int) rows.get(i)[2];
            conf[j] = stats.get(i)[0];
            supp[j] = stats.get(i)[1];
            lift[j] = stats.get(i)[2];
        }
        for (int a = 0; a < antecedents; a++) {
            start[a + 1] = start[a] + per[a];
        }
    }

    int size() {
        return cons.length;
    }

    /** Collects rules before indexing. */
    static final class Builder {
        private final int antecedents;
        private final List<long[]> rows = new ArrayList<>();
        private final List<float[]> stats = new ArrayList<>();

        Builder(int antecedents) {
            this.antecedents = antecedents;
        }

        void add(int antecedent, int consequent, long count, double confidence, double support, double lift) {
            rows.add(new long[] {antecedent, consequent, count});
            stats.add(new float[] {(float) confidence, (float) support, (float) Math.min(lift, Float.MAX_VALUE)});
        }

        RuleTable build(int maxPerAntecedent) {
            return new RuleTable(antecedents, rows, stats, maxPerAntecedent);
        }
    }
}
