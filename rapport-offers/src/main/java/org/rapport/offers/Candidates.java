package org.rapport.offers;

import java.util.Arrays;

/**
 * Per-thread candidate space over products for one customer at a time: what the candidate sources
 * propose (the best source per product, each source's highest propensity for the noisy-or), what the
 * arbitration blocks, and the ranked result. {@link #clear} resets only what was touched.
 */
final class Candidates {
    /** Raw propensity (noisy-or over the sources, brand factor), before calibration. */
    final double[] prop;
    /** Calibrated propensity, set by the arbitration. */
    final double[] cal;
    final double[] conf;
    /** Expected value, set by the arbitration. */
    final double[] score;
    final byte[] src;
    final int[] arg;
    final int[] arg2;
    final boolean[] blocked;
    final boolean[] seen;
    final int[] touched;
    final int[] best = new int[256];
    /** The customer's order lines by category, and in all (set by the favourites, reset by {@link #clear}). */
    final int[] catCount;
    int lines;
    final double[] srcMax;
    final int[] blockedList;
    int nBlocked;
    int nt;
    int lastBrand;

    Candidates(int np, int categories) {
        catCount = new int[categories];
        prop = new double[np];
        cal = new double[np];
        conf = new double[np];
        score = new double[np];
        src = new byte[np];
        arg = new int[np];
        arg2 = new int[np];
        blocked = new boolean[np];
        seen = new boolean[np];
        touched = new int[np];
        blockedList = new int[np];
        srcMax = new double[np * CandidateSource.NAMES.length];
    }

    void offer(int p, double propensity, double confidence, byte source, int a, boolean[] excluded) {
        if (blocked[p] || (excluded != null && excluded[p])) {
            return;
        }
        if (!seen[p]) {
            seen[p] = true;
            touched[nt++] = p;
            arg2[p] = -1;
        }
        int si = p * CandidateSource.NAMES.length + source;
        srcMax[si] = Math.max(srcMax[si], propensity);
        if (propensity > prop[p]) {
            if (src[p] == source && source == CandidateSource.UPGRADE) {
                arg2[p] = arg[p];
            } else if (source != CandidateSource.TRUSTED_CIRCLE) {
                arg2[p] = -1;
            }
            prop[p] = propensity;
            conf[p] = confidence;
            src[p] = source;
            arg[p] = a;
        } else if (source == CandidateSource.UPGRADE && src[p] == CandidateSource.UPGRADE && arg2[p] < 0 && propensity > 0) {
            arg2[p] = a;
        }
    }

    /** Evidence from different sources for the same product adds up: noisy-or across sources. */
    void noisyOr() {
        int ns = CandidateSource.NAMES.length;
        for (int i = 0; i < nt; i++) {
            int p = touched[i];
            double miss = 1;
            for (int s = 1; s < ns; s++) {
                miss *= 1 - srcMax[p * ns + s];
            }
            prop[p] = 1 - miss;
        }
    }

    void clear() {
        int ns = CandidateSource.NAMES.length;
        for (int i = 0; i < nt; i++) {
            int p = touched[i];
            prop[p] = 0;
            cal[p] = 0;
            conf[p] = 0;
            score[p] = 0;
            src[p] = 0;
            seen[p] = false;
            Arrays.fill(srcMax, p * ns, (p + 1) * ns, 0);
        }
        nt = 0;
        for (int i = 0; i < nBlocked; i++) {
            blocked[blockedList[i]] = false;
        }
        nBlocked = 0;
        Arrays.fill(catCount, 0);
        lines = 0;
    }

    void block(int p) {
        if (!blocked[p]) {
            blocked[p] = true;
            blockedList[nBlocked++] = p;
        }
    }
}
