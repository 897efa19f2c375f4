package org.rapport.offers;

import java.time.LocalDate;
import org.rapport.store.RapportStore;

/**
 * Calibrated propensities (docs/offers.md, "Calibrated propensities"): one isotonic map per candidate
 * source from the raw propensity (noisy-or of the sources, brand factor) to the realised take-up,
 * fitted on a time split. The engine is rebuilt on the data up to {@code asOf − window}; every eligible
 * candidate of every customer who orders in the following {@code window} days is one observation
 * (raw propensity of its best source → bought the product in the window or not). Observations are
 * pooled into 1,000 bins of raw propensity per source before pool-adjacent-violators. A source with
 * fewer than {@value #MIN_OBSERVATIONS} observations keeps its raw propensities.
 */
final class Calibration {
    /** No calibration: propensities stay raw. */
    static final Calibration NONE = new Calibration(new Isotonic[CandidateSource.NAMES.length], null, 0);
    static final int MIN_OBSERVATIONS = 200;
    private static final int BINS = 1000;

    private final Isotonic[] bySource;
    private final LocalDate splitDay;
    private final long observations;

    private Calibration(Isotonic[] bySource, LocalDate splitDay, long observations) {
        this.bySource = bySource;
        this.splitDay = splitDay;
        this.observations = observations;
    }

    /**
     * @param source a source code
     * @param raw a raw propensity
     * @return the calibrated propensity
     */
    double apply(byte source, double raw) {
        Isotonic f = bySource[source];
        return f == null ? raw : f.apply(raw);
    }

    /** @return the first day of the window the maps were fitted on, or null without calibration */
    LocalDate splitDay() {
        return splitDay;
    }

    /** @return the candidates the maps were fitted on */
    long observations() {
        return observations;
    }

    /**
     * Fits the maps for an engine over {@code late}.
     *
     * @param store the store
     * @param late the data the engine scores on
     * @param cfg the settings ({@code calibration-window-days}; 0 = none)
     * @return the calibration, {@link #NONE} when the window is 0 or there is no data before it
     */
    static Calibration fit(RapportStore store, OfferData late, OfferConfig cfg) {
        int window = cfg.calibrationWindowDays();
        if (window <= 0) {
            return NONE;
        }
        LocalDate split = late.asOf().minusDays(window);
        OfferData early;
        try {
            early = OfferData.load(store, split, cfg);
        } catch (OfferException e) {
            return NONE;
        }
        if (early.customers() != late.customers() || early.products() != late.products()) {
            return NONE;
        }
        OfferEngine engine = OfferEngine.of(early, cfg, ContactPolicy.NONE, Calibration.NONE);
        int ns = CandidateSource.NAMES.length;
        long[] n = new long[ns * BINS];
        long[] hits = new long[ns * BINS];
        double[] sum = new double[ns * BINS];
        boolean[] bought = new boolean[late.products()];
        int from = (int) split.toEpochDay();
        long total = 0;
        for (int c = 0; c < late.customers(); c++) {
            int o0 = firstOrderAfter(late, c, from);
            int o1 = late.orderStart[c + 1];
            if (o0 == o1) {
                continue;
            }
            mark(late, o0, o1, bought, true);
            Candidates s = engine.candidates(c);
            for (int i = 0; i < s.nt; i++) {
                int p = s.touched[i];
                if (s.prop[p] <= 0) {
                    continue;
                }
                int b = s.src[p] * BINS + Math.min(BINS - 1, (int) (s.prop[p] * BINS));
                n[b]++;
                hits[b] += bought[p] ? 1 : 0;
                sum[b] += s.prop[p];
                total++;
            }
            s.clear();
            mark(late, o0, o1, bought, false);
        }
        Isotonic[] maps = new Isotonic[ns];
        for (int src = 1; src < ns; src++) {
            maps[src] = fitSource(n, hits, sum, src * BINS);
        }
        return new Calibration(maps, split.plusDays(1), total);
    }

    private static Isotonic fitSource(long[] n, long[] hits, double[] sum, int off) {
        int k = 0;
        long obs = 0;
        for (int b = 0; b < BINS; b++) {
            k += n[off + b] > 0 ? 1 : 0;
            obs += n[off + b];
        }
        if (obs < MIN_OBSERVATIONS) {
            return null;
        }
        double[] x = new double[k];
        double[] y = new double[k];
        double[] w = new double[k];
        int j = 0;
        for (int b = 0; b < BINS; b++) {
            long m = n[off + b];
            if (m > 0) {
                x[j] = sum[off + b] / m;
                y[j] = (double) hits[off + b] / m;
                w[j++] = m;
            }
        }
        return Isotonic.fit(x, y, w);
    }

    private static int firstOrderAfter(OfferData d, int c, int day) {
        int o = d.orderStart[c + 1];
        while (o > d.orderStart[c] && d.orderDay[o - 1] > day) {
            o--;
        }
        return o;
    }

    private static void mark(OfferData d, int o0, int o1, boolean[] bought, boolean v) {
        for (int l = d.lineStart[o0]; l < d.lineStart[o1]; l++) {
            bought[d.lineProduct[l]] = v;
        }
    }
}
