package org.rapport.offers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/**
 * Offline back-test of the offers on the holdout (docs/offers.md, "Evaluation"): the engine is mined,
 * calibrated and scored on purchases up to the calibration end only, then every customer who buys in
 * the holdout counts a hit when one of their top-K offers is a product they buy in the holdout. The
 * list measured is the stored list: the same {@link Arbitration} ranking {@code offers score} writes.
 * Calibration is checked on the same offers over the propensities' horizon
 * ({@code calibration-window-days} after the calibration end), among customers who order in it.
 * Baseline: the K products most customers bought before the calibration end, the same list for
 * everyone; also reported: the K most popular products the customer does not own.
 *
 * @param k offers per customer
 * @param calibrationEnd last day of the data the engine saw
 * @param holdoutEnd last day of the holdout (the latest purchase)
 * @param holdoutBuyers customers who buy in the holdout (the denominator)
 * @param hitRateAtK share of holdout buyers who bought one of their top K offers of the stored list (arbitration)
 * @param precisionAtK offers bought / (K × holdout buyers), stored list
 * @param marginPerCustomer value (price × margin) of the stored offers taken per holdout buyer
 * @param propensityHitRateAtK hit rate when the offers are ranked by calibrated propensity alone (a diagnostic)
 * @param baselineHitRateAtK the same for the K most popular products overall
 * @param baselinePrecisionAtK the same for the K most popular products overall
 * @param baselineMarginPerCustomer value of the baseline's offers taken per holdout buyer
 * @param popularNotOwnedHitRateAtK hit rate of the K most popular products the customer does not own
 * @param liftOverBaseline hitRateAtK / baselineHitRateAtK
 * @param baselineProducts the baseline's K products
 * @param hitsBySource hits of the stored list by the source of the first offer taken
 * @param rules number of mined rules by source
 * @param prerequisites number of (product, required product) pairs
 * @param horizonDays days after the calibration end over which calibration is checked
 * @param horizonBuyers customers who order within the horizon
 * @param ece expected calibration error of the stored offers' calibrated propensities (deciles)
 * @param rawEce the same for their raw propensities
 * @param reliability the reliability table of the calibrated propensities
 * @param rawReliability the reliability table of the raw propensities
 */
public record OfferEvaluation(int k, LocalDate calibrationEnd, LocalDate holdoutEnd, long holdoutBuyers, double hitRateAtK,
        double precisionAtK, double marginPerCustomer, double propensityHitRateAtK, double baselineHitRateAtK,
        double baselinePrecisionAtK, double baselineMarginPerCustomer, double popularNotOwnedHitRateAtK, double liftOverBaseline,
        List<String> baselineProducts, Map<String, Long> hitsBySource, Map<String, Long> rules, long prerequisites, int horizonDays,
        long horizonBuyers, double ece, double rawEce, List<Reliability.Row> reliability, List<Reliability.Row> rawReliability) {

    /**
     * Runs the back-test.
     *
     * @param store the store
     * @param calibrationEnd the last day the engine may see
     * @param k offers per customer (1 to 256)
     * @param config the settings
     * @param progress progress over customers
     * @return the figures
     * @throws OfferException if there are no purchases before or after the calibration end
     */
    public static OfferEvaluation run(RapportStore store, LocalDate calibrationEnd, int k, OfferConfig config, Progress progress) {
        if (k < 1 || k > 256) {
            throw new OfferException(OfferException.BAD_CONFIG, "k", k, "between 1 and 256");
        }
        OfferEngine engine = OfferEngine.load(store, calibrationEnd, config, null);
        Holdout h = Holdout.load(store, engine.data(), calibrationEnd);
        int horizon = config.calibrationWindowDays() > 0 ? config.calibrationWindowDays()
                : (int) (h.end.toEpochDay() - calibrationEnd.toEpochDay());
        Tally t = new Tally(engine, h, k, (int) calibrationEnd.toEpochDay() + horizon);
        int nc = engine.customers();
        progress.start("evaluate", nc);
        for (int c = 0; c < nc; c++) {
            if ((c & 4095) == 0) {
                progress.advance(c);
            }
            t.customer(c);
        }
        progress.advance(nc);
        double b = t.buyers;
        double hr = t.hits / b;
        double bhr = t.bHits / b;
        Map<String, Long> src = new LinkedHashMap<>();
        Map<String, Long> ruleCounts = new LinkedHashMap<>();
        for (int i = 1; i < OfferEngine.SOURCES.length; i++) {
            src.put(OfferEngine.SOURCES[i], t.bySource[i]);
            ruleCounts.put(OfferEngine.SOURCES[i], 0L);
        }
        for (Rule r : engine.rules()) {
            ruleCounts.merge(r.source(), 1L, Long::sum);
        }
        List<Reliability.Row> rel = t.calibrated.table();
        List<Reliability.Row> raw = t.raw.table();
        progress.finish(String.format(java.util.Locale.ROOT, "hit rate@%d %.3f vs %.3f for the %d most popular products (%d holdout buyers); "
                + "ECE %.3f (raw %.3f)", k, hr, bhr, t.kb, t.buyers, Reliability.ece(rel), Reliability.ece(raw)));
        return new OfferEvaluation(k, calibrationEnd, h.end, t.buyers, hr, t.hitOffers / (k * b), t.margin / b, t.pHits / b, bhr,
                t.bHitOffers / (k * b), t.bMargin / b, t.pnoHits / b, bhr > 0 ? hr / bhr : Double.NaN, t.baseline(), src, ruleCounts,
                engine.prerequisites().size(), horizon, t.horizonBuyers, Reliability.ece(rel), Reliability.ece(raw), rel, raw);
    }

    /** Holdout purchases: product indexes and days per customer. */
    private record Holdout(int[] start, int[] product, int[] day, LocalDate end) {
        static Holdout load(RapportStore store, OfferData d, LocalDate calibrationEnd) {
            List<int[]> rows = new ArrayList<>();
            LocalDate[] end = {calibrationEnd};
            store.stream("SELECT customer_id, product_id, CAST(ts AS DATE) FROM purchase_lines WHERE ts >= ? AND product_id IS NOT NULL",
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate()}, r -> {
                        Integer c = d.customerIndex.get((String) r[0]);
                        Integer p = d.productIndex.get((String) r[1]);
                        LocalDate day = (LocalDate) r[2];
                        if (c != null && p != null) {
                            rows.add(new int[] {c, p, (int) day.toEpochDay()});
                        }
                        if (day.isAfter(end[0])) {
                            end[0] = day;
                        }
                    }, calibrationEnd.plusDays(1).atStartOfDay());
            if (rows.isEmpty()) {
                throw new OfferException(OfferException.NO_HOLDOUT, calibrationEnd);
            }
            rows.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[2], y[2]));
            int nc = d.customers();
            int[] start = new int[nc + 1];
            int[] prod = new int[rows.size()];
            int[] day = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                start[rows.get(i)[0] + 1]++;
                prod[i] = rows.get(i)[1];
                day[i] = rows.get(i)[2];
            }
            for (int c = 0; c < nc; c++) {
                start[c + 1] += start[c];
            }
            return new Holdout(start, prod, day, end[0]);
        }
    }

    /** The counts of the back-test, one customer at a time. */
    private static final class Tally {
        final OfferEngine engine;
        final OfferData d;
        final Holdout h;
        final int k;
        final int kb;
        final int horizonEnd;
        final Integer[] byPop;
        final boolean[] bought;
        final boolean[] boughtInHorizon;
        final int[] top;
        final byte[] srcs;
        final double[] cal;
        final double[] rawProp;
        final long[] bySource = new long[OfferEngine.SOURCES.length];
        final Reliability calibrated = new Reliability();
        final Reliability raw = new Reliability();
        long buyers;
        long horizonBuyers;
        double hits;
        double hitOffers;
        double margin;
        double pHits;
        double bHits;
        double bHitOffers;
        double bMargin;
        double pnoHits;

        Tally(OfferEngine engine, Holdout h, int k, int horizonEnd) {
            this.engine = engine;
            this.d = engine.data();
            this.h = h;
            this.k = k;
            this.horizonEnd = horizonEnd;
            int np = d.products();
            // popularity: customers who bought the product before the calibration end
            int[] owners = new int[np];
            for (int p : d.ownedProduct) {
                owners[p]++;
            }
            byPop = new Integer[np];
            for (int p = 0; p < np; p++) {
                byPop[p] = p;
            }
            Arrays.sort(byPop, (x, y) -> owners[y] != owners[x] ? Integer.compare(owners[y], owners[x]) : Integer.compare(x, y));
            kb = Math.min(k, np);
            bought = new boolean[np];
            boughtInHorizon = new boolean[np];
            top = new int[k];
            srcs = new byte[k];
            cal = new double[k];
            rawProp = new double[k];
        }

        List<String> baseline() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < kb; i++) {
                out.add(d.productIds[byPop[i]]);
            }
            return List.copyOf(out);
        }

        void customer(int c) {
            int h0 = h.start[c];
            int h1 = h.start[c + 1];
            if (h0 == h1) {
                return;
            }
            buyers++;
            boolean inHorizon = h.day[h0] <= horizonEnd;
            horizonBuyers += inHorizon ? 1 : 0;
            mark(h0, h1, true);
            storedList(c, inHorizon);
            int n = engine.topProducts(c, k, OfferEngine.Ranking.PROPENSITY, top, null, null, null);
            pHits += hitCount(n) > 0 ? 1 : 0;
            int bh = 0;
            for (int i = 0; i < kb; i++) {
                if (bought[byPop[i]]) {
                    bh++;
                    bMargin += d.productValue[byPop[i]];
                }
            }
            bHits += bh > 0 ? 1 : 0;
            bHitOffers += bh;
            int taken = 0;
            boolean hit = false;
            for (int i = 0; i < byPop.length && taken < k; i++) {
                if (!CandidateSource.owns(d, c, byPop[i])) {
                    taken++;
                    hit |= bought[byPop[i]];
                }
            }
            pnoHits += hit ? 1 : 0;
            mark(h0, h1, false);
        }

        private void storedList(int c, boolean inHorizon) {
            int n = engine.topProducts(c, k, OfferEngine.Ranking.SCORE, top, srcs, cal, rawProp);
            int hc = 0;
            for (int i = 0; i < n; i++) {
                if (bought[top[i]]) {
                    if (hc++ == 0) {
                        bySource[srcs[i]]++;
                    }
                    margin += d.productValue[top[i]];
                }
                if (inHorizon) {
                    calibrated.add(cal[i], boughtInHorizon[top[i]]);
                    raw.add(rawProp[i], boughtInHorizon[top[i]]);
                }
            }
            hits += hc > 0 ? 1 : 0;
            hitOffers += hc;
        }

        private int hitCount(int n) {
            int hc = 0;
            for (int i = 0; i < n; i++) {
                hc += bought[top[i]] ? 1 : 0;
            }
            return hc;
        }

        private void mark(int h0, int h1, boolean v) {
            for (int i = h0; i < h1; i++) {
                bought[h.product[i]] = v;
                if (h.day[i] <= horizonEnd) {
                    boughtInHorizon[h.product[i]] = v;
                }
            }
        }
    }
}
