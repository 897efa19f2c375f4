/**
 * Rapport offers: next best offers (docs/offers.md).
 *
 * <p>{@link org.rapport.offers.OfferEngine} mines rules from the store's ordered purchase histories
 * ({@link org.rapport.offers.OfferData}) — upgrade and sequence paths, co-purchases, life-event triggers,
 * the trusted circle of household links and segment favourites — and answers one customer's top offers
 * ({@link org.rapport.offers.Offer}, each with a reason) in microseconds, ranked by propensity × value ×
 * lever within eligibility rules and the {@link org.rapport.offers.ContactPolicy}.
 * {@link org.rapport.offers.OfferScoring} writes every customer's top K to {@code customer_offers},
 * {@link org.rapport.offers.CampaignExport} writes coupon lists and {@link org.rapport.offers.OfferEvaluation}
 * back-tests the offers on the holdout against a popularity baseline. Settings: {@link org.rapport.offers.OfferConfig}.
 */
package org.rapport.offers;
