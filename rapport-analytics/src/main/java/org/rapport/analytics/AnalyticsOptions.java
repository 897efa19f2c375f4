package org.rapport.analytics;

import java.util.Locale;

/**
 * Settings of the customer analytics. Immutable: start from {@link #defaults()} and use the with-ers.
 * The CLV horizon and discount rate are not here: they come from the analysis run being analysed
 * (its stored options), so equity stays consistent with the scores.
 *
 * @param projectionMonths months of the equity projection (default 12)
 * @param costPerContact cost to serve per service interaction, in money units (default 5)
 * @param clvThreshold CLV above which a customer is "profitable" in the relationship groups, or null for the mean CLV
 * @param loyaltyThreshold projected months of relationship above which a customer is "loyal", or null for a third
 *     of the CLV horizon
 * @param upsellHeadroomThreshold a barnacle with more wallet headroom than this is an up-sell candidate, else a
 *     cut-cost one, or null for the median headroom (default)
 * @param walletQuantile the quantile of look-alikes' yearly spend taken as their wallet (default 0.9)
 * @param minSurveyForRegression fewest survey wallets to learn the wallet regression from (default 200)
 * @param handoffLimit longest hand-off list in the stored result (default 100)
 */
public record AnalyticsOptions(int projectionMonths, double costPerContact, Double clvThreshold, Double loyaltyThreshold,
                               Double upsellHeadroomThreshold, double walletQuantile, int minSurveyForRegression,
                               int handoffLimit) {
    private static final AnalyticsOptions DEFAULTS = new AnalyticsOptions(12, 5.0, null, null, null, 0.9, 200, 100);

    /** Validates. */
    public AnalyticsOptions {
        check(projectionMonths >= 1, "projection months must be >= 1: %s", projectionMonths);
        check(costPerContact >= 0 && Double.isFinite(costPerContact), "cost per contact must be >= 0: %s", costPerContact);
        check(clvThreshold == null || Double.isFinite(clvThreshold), "CLV threshold must be a finite number: %s", clvThreshold);
        check(loyaltyThreshold == null || loyaltyThreshold >= 0, "loyalty threshold must be >= 0: %s", loyaltyThreshold);
        check(upsellHeadroomThreshold == null || upsellHeadroomThreshold >= 0, "up-sell headroom threshold must be >= 0: %s",
                upsellHeadroomThreshold);
        check(walletQuantile > 0 && walletQuantile < 1, "wallet quantile must be in (0, 1): %s", walletQuantile);
        check(minSurveyForRegression >= 10, "minimum survey customers must be >= 10: %s", minSurveyForRegression);
        check(handoffLimit >= 0, "hand-off limit must be >= 0: %s", handoffLimit);
    }

    private static void check(boolean ok, String template, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, template, value));
        }
    }

    /** @return the defaults */
    public static AnalyticsOptions defaults() {
        return DEFAULTS;
    }

    /** @param months projection months @return a copy */
    public AnalyticsOptions withProjectionMonths(int months) {
        return new AnalyticsOptions(months, costPerContact, clvThreshold, loyaltyThreshold, upsellHeadroomThreshold,
                walletQuantile, minSurveyForRegression, handoffLimit);
    }

    /** @param cost cost per service contact @return a copy */
    public AnalyticsOptions withCostPerContact(double cost) {
        return new AnalyticsOptions(projectionMonths, cost, clvThreshold, loyaltyThreshold, upsellHeadroomThreshold,
                walletQuantile, minSurveyForRegression, handoffLimit);
    }

    /** @param t CLV threshold of the relationship groups, or null for the median @return a copy */
    public AnalyticsOptions withClvThreshold(Double t) {
        return new AnalyticsOptions(projectionMonths, costPerContact, t, loyaltyThreshold, upsellHeadroomThreshold,
                walletQuantile, minSurveyForRegression, handoffLimit);
    }

    /** @param t loyalty threshold (expected purchases), or null for the median @return a copy */
    public AnalyticsOptions withLoyaltyThreshold(Double t) {
        return new AnalyticsOptions(projectionMonths, costPerContact, clvThreshold, t, upsellHeadroomThreshold,
                walletQuantile, minSurveyForRegression, handoffLimit);
    }

    /** @param s wallet headroom threshold of the barnacle split, or null for the median @return a copy */
    public AnalyticsOptions withUpsellHeadroomThreshold(Double s) {
        return new AnalyticsOptions(projectionMonths, costPerContact, clvThreshold, loyaltyThreshold, s,
                walletQuantile, minSurveyForRegression, handoffLimit);
    }

    /** @param q look-alike wallet quantile @return a copy */
    public AnalyticsOptions withWalletQuantile(double q) {
        return new AnalyticsOptions(projectionMonths, costPerContact, clvThreshold, loyaltyThreshold, upsellHeadroomThreshold,
                q, minSurveyForRegression, handoffLimit);
    }

    /** @param n fewest survey wallets for the wallet regression @return a copy */
    public AnalyticsOptions withMinSurveyForRegression(int n) {
        return new AnalyticsOptions(projectionMonths, costPerContact, clvThreshold, loyaltyThreshold, upsellHeadroomThreshold,
                walletQuantile, n, handoffLimit);
    }
}
