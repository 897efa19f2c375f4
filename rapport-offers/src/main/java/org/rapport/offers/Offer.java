package org.rapport.offers;

/**
 * One offer for one customer.
 *
 * @param offerId the offer; an offer is a product at its list price with a coupon, so its id is the product id
 * @param productId the product offered
 * @param score propensity × value × business lever, the arbitration score
 * @param propensity estimated probability that the customer takes the product (a mined confidence, see docs/offers.md)
 * @param value expected margin of the offer: price × margin_rate (1 when the product has no price or margin)
 * @param source {@code upgrade}, {@code co_purchase}, {@code life_event}, {@code trusted_circle} or {@code segment_favourite}
 * @param reason why, citing the customer's own data
 */
public record Offer(String offerId, String productId, double score, double propensity, double value, String source, String reason) {
}
