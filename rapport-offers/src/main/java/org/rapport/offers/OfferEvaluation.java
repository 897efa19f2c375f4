package org.rapport.offers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/**
 * Offline back-test of the offers on the holdout (docs/offers.md, "Evaluation"): the engine is mined
 * and scored on purchases up to the calibration end only, then every customer who buys in the holdout
 * (after the calibration end) counts a hit when one of their top-K offers is a product they buy in
 * the holdout. Baseline: the K products most customers bought before the calibration end, the same
 * list for everyone; also reported: the K most popular products the customer does not own.
 *
 * @param k offers per customer
 * @param calibrationEnd last day of the data the engine saw
 * @param holdoutEnd last day of the holdout (the latest purchase)
 * @param holdoutBuyers customers who buy in the holdout (the denominator)
 * @param hitRateAtK share of holdout buyers with at least one offer bought, offers ranked by propensity
 * @param precisionAtK offers bought / (K × holdout buyers), offers ranked by propensity
 * @param baselineHitRateAtK the same for the K most popular products overall
 * @param baselinePrecisionAtK the same for the K most popular products overall
 * @param popularNotOwnedHitRateAtK hit rate of the K most popular products the customer does not own
 * @param scoreHitRateAtK hit rate when offers are ranked by the arbitration score (propensity × value × lever)
 * @param scorePrecisionAtK precision when ranked by the arbitration score
 * @param scoreMarginPerCustomer expected margin (value) of the offers taken per holdout buyer, ranked by score
 * @param propensityMarginPerCustomer the same, ranked by propensity
 * @param baselineMarginPerCustomer the same for the popularity baseline
 * @param liftOverBaseline hitRateAtK / baselineHitRateAtK
 * @param baselineProducts the baseline's K products
 * @param hitsBySource hits of the propensity-ranked offers by source
 * @param rules number of mined rules by source
 */
public record OfferEvaluation(int k, LocalDate calibrationEnd, LocalDate holdoutEnd, long holdoutBuyers, double hitRateAtK,
        double precisionAtK, double baselineHitRateAtK, double baselinePrecisionAtK, double popularNotOwnedHitRateAtK,
        double scoreHitRateAtK, double scorePrecisionAtK, double scoreMarginPerCustomer, double propensityMarginPerCustomer,
        double baselineMarginPerCustomer, double liftOverBaseline, List<String> baselineProducts,
        java.util.Map<String, Long> hitsBySource, java.util.Map<String, Long> rules) {

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
        OfferData d = engine.data();
        int nc = d.customers();
        int np = d.products();
        // holdout purchases: product indexes per customer
        List<int[]> pairs = new ArrayList<>();
        LocalDate[] end = {calibrationEnd};
        store.stream("SELECT customer_id, product_id, CAST(ts AS DATE) FROM purchase_lines WHERE ts >= ? AND product_id IS NOT NULL",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate()}, r -> {
                    Integer c = d.customerIndex.get((String) r[0]);
                    Integer p = d.productIndex.get((String) r[1]);
                    if (c != null && p != null) {
                        pairs.add(new int[] {c, p});
                    }
                    if (((LocalDate) r[2]).isAfter(end[0])) {
                        end[0] = (LocalDate) r[2];
                    }
                }, calibrationEnd.plusDays(1).atStartOfDay());
        if (pairs.isEmpty()) {
            throw new OfferException(OfferException.NO_HOLDOUT, calibrationEnd);
        }
        pairs.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
        int[] hStart = new int[nc + 1];
        int[] hProd = new int[pairs.size()];
        int j = 0;
        for (int c = 0; c < nc; c++) {
            hStart[c] = j;
            while (j < pairs.size() && pairs.get(j)[0] == c) {
                hProd[j] = pairs.get(j)[1];
                j++;
            }
        }
        hStart[nc] = j;
        // popularity: customers who bought the product before the calibration end
        int[] owners = new int[np];
        for (int p : d.ownedProduct) {
            owners[p]++;
        }
        Integer[] byPop = new Integer[np];
        for (int p = 0; p < np; p++) {
            byPop[p] = p;
        }
        Arrays.sort(byPop, (x, y) -> owners[y] != owners[x] ? Integer.compare(owners[y], owners[x]) : Integer.compare(x, y));
        int kb = Math.min(k, np);
        List<String> baseline = new ArrayList<>();
        for (int i = 0; i < kb; i++) {
            baseline.add(d.productIds[byPop[i]]);
        }
        progress.start("evaluate", nc);
        long buyers = 0;
        long hits = 0;
        long hitOffers = 0;
        long bHits = 0;
        long bHitOffers = 0;
        long pnoHits = 0;
        long sHits = 0;
        long sHitOffers = 0;
        double sMargin = 0;
        double pMargin = 0;
        double bMargin = 0;
        long[] bySource = new long[OfferEngine.SOURCES.length];
        int[] top = new int[k];
        boolean[] bought = new boolean[np];
        byte[] srcs = new byte[k];
        for (int c = 0; c < nc; c++) {
            if ((c & 4095) == 0) {
                progress.advance(c);
            }
            if (hStart[c] == hStart[c + 1]) {
                continue;
            }
            buyers++;
            for (int i = hStart[c]; i < hStart[c + 1]; i++) {
                bought[hProd[i]] = true;
            }
            int n = engine.topProducts(c, k, OfferEngine.Ranking.PROPENSITY, top, srcs);
            int h = 0;
            for (int i = 0; i < n; i++) {
                if (bought[top[i]]) {
                    if (h == 0) {
                        bySource[srcs[i]]++;
                    }
                    h++;
                    pMargin += d.productValue[top[i]];
                }
            }
            if (h > 0) {
                hits++;
            }
            hitOffers += h;
            n = engine.topProducts(c, k, OfferEngine.Ranking.SCORE, top, null);
            h = 0;
            for (int i = 0; i < n; i++) {
                if (bought[top[i]]) {
                    h++;
                    sMargin += d.productValue[top[i]];
                }
            }
            sHits += h > 0 ? 1 : 0;
            sHitOffers += h;
            h = 0;
            for (int i = 0; i < kb; i++) {
                if (bought[byPop[i]]) {
                    h++;
                    bMargin += d.productValue[byPop[i]];
                }
            }
            bHits += h > 0 ? 1 : 0;
            bHitOffers += h;
            // popular not owned
            int taken = 0;
            boolean hit = false;
            for (int i = 0; i < np && taken < k; i++) {
                int p = byPop[i];
                if (java.util.Arrays.binarySearch(d.ownedProduct, d.ownedStart[c], d.ownedStart[c + 1], p) >= 0) {
                    continue;
                }
                taken++;
                hit |= bought[p];
            }
            pnoHits += hit ? 1 : 0;
            for (int i = hStart[c]; i < hStart[c + 1]; i++) {
                bought[hProd[i]] = false;
            }
        }
        progress.advance(nc);
        double hr = (double) hits / buyers;
        double bhr = (double) bHits / buyers;
        java.util.Map<String, Long> src = new java.util.LinkedHashMap<>();
        for (int i = 1; i < bySource.length; i++) {
            src.put(OfferEngine.SOURCES[i], bySource[i]);
        }
        java.util.Map<String, Long> ruleCounts = new java.util.LinkedHashMap<>();
        for (int i = 1; i < OfferEngine.SOURCES.length; i++) {
            ruleCounts.put(OfferEngine.SOURCES[i], 0L);
        }
        for (Rule r : engine.rules()) {
            ruleCounts.merge(r.source(), 1L, Long::sum);
        }
        progress.finish(String.format(java.util.Locale.ROOT, "hit rate@%d %.3f vs %.3f for the %d most popular products (%d holdout buyers)",
                k, hr, bhr, kb, buyers));
        return new OfferEvaluation(k, calibrationEnd, end[0], buyers, hr, (double) hitOffers / ((double) k * buyers), bhr,
                (double) bHitOffers / ((double) k * buyers), (double) pnoHits / buyers, (double) sHits / buyers,
                (double) sHitOffers / ((double) k * buyers), sMargin / buyers, pMargin / buyers, bMargin / buyers,
                bhr > 0 ? hr / bhr : Double.NaN, List.copyOf(baseline), src, ruleCounts);
    }
}
