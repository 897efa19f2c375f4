package org.rapport.offers;

/**
 * One mined association rule, as reported to users and tests.
 *
 * @param source the candidate source: {@code upgrade} (sequence A then later B), {@code co_purchase}
 *     (A and B in one order), {@code life_event} (event type then B within the window),
 *     {@code trusted_circle} (a household head's A then the member's B), {@code segment_favourite}
 * @param antecedent what the rule starts from: a product id, an event type, {@code relation:product}
 *     or a segment name
 * @param consequent the product id the rule predicts
 * @param count supporting customers (orders for {@code co_purchase})
 * @param support count / customers (orders for {@code co_purchase})
 * @param confidence count / eligible customers (orders holding the antecedent)
 * @param lift confidence / the consequent's base rate
 */
public record Rule(String source, String antecedent, String consequent, long count, double support, double confidence, double lift) {
}
