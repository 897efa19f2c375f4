package org.rapport.model.btyd;

import java.util.Arrays;
import org.rapport.model.data.RfmTable;

/**
 * The distinct (x, u) points, u &isin; {t<sub>x</sub>, T}, at which the likelihood of a table needs
 * s F(u): computed once per evaluation and shared by the rows (CDNOW: 1,016 rows, 943 points).
 */
final class ParetoNbdPoints {
    final double[] x;
    final double[] u;
    final int[] groupStart;
    final int[] rowTx;
    final int[] rowT;
    final int[] rowGroup;
    final int[] pointGroup;

    ParetoNbdPoints(RfmTable data) {
        int n = data.size();
        rowTx = new int[n];
        rowT = new int[n];
        rowGroup = new int[n];
        double[] px = new double[2 * n];
        double[] pu = new double[2 * n];
        int[] starts = new int[n + 1];
        int points = 0;
        int groups = 0;
        ParetoNbdPointIndex index = new ParetoNbdPointIndex(2 * n);
        for (int i = 0; i < n; i++) {
            double xi = data.x(i);
            if (i == 0 || xi != data.x(i - 1)) {
                starts[groups++] = points;
            }
            rowGroup[i] = groups - 1;
            for (int which = 0; which < 2; which++) {
                double ui = which == 0 ? data.tx(i) : data.bigT(i);
                int k = index.putIfAbsent(groups - 1, ui, points);
                if (k == points) {
                    px[points] = xi;
                    pu[points++] = ui;
                }
                if (which == 0) {
                    rowTx[i] = k;
                } else {
                    rowT[i] = k;
                }
            }
        }
        starts[groups] = points;
        x = Arrays.copyOf(px, points);
        u = Arrays.copyOf(pu, points);
        groupStart = Arrays.copyOf(starts, groups + 1);
        pointGroup = new int[points];
        for (int k = 0; k < groups; k++) {
            Arrays.fill(pointGroup, groupStart[k], groupStart[k + 1], k);
        }
    }
}

/**
 * The index of each (x group, u) point: open addressing on the bits of u, no boxing (a million-row
 * table has two million points to look up).
 */
final class ParetoNbdPointIndex {
    private final long[] keys;
    private final int[] group;
    private final int[] value;
    private final int mask;

    ParetoNbdPointIndex(int capacity) {
        int size = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) * 2;
        keys = new long[size];
        group = new int[size];
        value = new int[size];
        Arrays.fill(value, -1);
        mask = size - 1;
    }

    /** @return the point of (g, u), which is {@code next} if it was not there yet */
    int putIfAbsent(int g, double u, int next) {
        long bits = Double.doubleToLongBits(u + 0.0);
        long h = (bits ^ (bits >>> 29) ^ (g * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
        int slot = (int) (h ^ (h >>> 32)) & mask;
        while (value[slot] >= 0) {
            if (keys[slot] == bits && group[slot] == g) {
                return value[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = bits;
        group[slot] = g;
        value[slot] = next;
        return next;
    }
}
