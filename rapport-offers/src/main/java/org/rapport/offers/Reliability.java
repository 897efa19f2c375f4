package org.rapport.offers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expected calibration error and the reliability table of predicted probabilities against 0/1
 * outcomes: the predictions are sorted and cut into {@value #BINS} bins of equal count (deciles), and
 * ECE = Σ_b (n_b / N) |mean prediction_b − realised rate_b|.
 */
public final class Reliability {
    static final int BINS = 10;
    private double[] pred = new double[1024];
    private boolean[] hit = new boolean[1024];
    private int n;

    /**
     * One bin of the table.
     *
     * @param from lowest prediction in the bin
     * @param to highest prediction in the bin
     * @param offers predictions in the bin
     * @param predicted mean prediction
     * @param realised share of outcomes that happened
     */
    public record Row(double from, double to, long offers, double predicted, double realised) {
    }

    void add(double prediction, boolean outcome) {
        if (n == pred.length) {
            pred = Arrays.copyOf(pred, 2 * n);
            hit = Arrays.copyOf(hit, 2 * n);
        }
        pred[n] = prediction;
        hit[n++] = outcome;
    }

    /** @return the reliability table, empty without observations */
    List<Row> table() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pred[a], pred[b]));
        List<Row> rows = new ArrayList<>();
        for (int b = 0; b < BINS && n > 0; b++) {
            int lo = (int) ((long) n * b / BINS);
            int hi = (int) ((long) n * (b + 1) / BINS);
            if (hi <= lo) {
                continue;
            }
            double sp = 0;
            long h = 0;
            for (int i = lo; i < hi; i++) {
                sp += pred[order[i]];
                h += hit[order[i]] ? 1 : 0;
            }
            rows.add(new Row(pred[order[lo]], pred[order[hi - 1]], hi - lo, sp / (hi - lo), (double) h / (hi - lo)));
        }
        return rows;
    }

    /**
     * @param rows a reliability table
     * @return its expected calibration error (NaN when empty)
     */
    static double ece(List<Row> rows) {
        long total = rows.stream().mapToLong(Row::offers).sum();
        double e = 0;
        for (Row r : rows) {
            e += (double) r.offers() / total * Math.abs(r.predicted() - r.realised());
        }
        return total == 0 ? Double.NaN : e;
    }
}
