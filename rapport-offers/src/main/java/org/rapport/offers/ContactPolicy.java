package org.rapport.offers;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.rapport.store.RapportStore;

/**
 * The contact policy over {@code offer_history}: at most {@link OfferConfig#maxOffersPerPeriod()}
 * offers sent to a customer within {@link OfferConfig#periodDays()} days before today, and no offer
 * of a product the customer rejected within {@link OfferConfig#cooldownDays()} days.
 */
public final class ContactPolicy {
    /** A policy with no history: every customer may receive offers. */
    public static final ContactPolicy NONE = new ContactPolicy(Map.of(), Map.of(), Integer.MAX_VALUE);

    private final Map<String, Integer> sentInPeriod;
    private final Map<String, Map<String, LocalDate>> rejected;
    private final int maxPerPeriod;

    private ContactPolicy(Map<String, Integer> sentInPeriod, Map<String, Map<String, LocalDate>> rejected, int maxPerPeriod) {
        this.sentInPeriod = sentInPeriod;
        this.rejected = rejected;
        this.maxPerPeriod = maxPerPeriod;
    }

    /**
     * Reads the history relevant on {@code today}.
     *
     * @param store the store (an absent or empty offer_history means no history)
     * @param config the policy settings
     * @param today the day offers are made
     * @return the policy
     */
    public static ContactPolicy load(RapportStore store, OfferConfig config, LocalDate today) {
        Map<String, Integer> sent = new HashMap<>();
        Map<String, Map<String, LocalDate>> rej = new HashMap<>();
        if (!OfferData.tableExists(store, "offer_history")) {
            return new ContactPolicy(sent, rej, config.maxOffersPerPeriod());
        }
        LocalDate from = today.minusDays(config.periodDays());
        store.stream("SELECT customer_id FROM offer_history WHERE sent >= ? AND sent < ?", rs -> rs.getString(1),
                id -> sent.merge(id, 1, Integer::sum), from.atStartOfDay(), today.plusDays(1).atStartOfDay());
        LocalDate cool = today.minusDays(config.cooldownDays());
        store.stream("SELECT customer_id, coalesce(product_id, offer_id), coalesce(responded, sent) FROM offer_history "
                + "WHERE response = 'rejected' AND coalesce(responded, sent) >= ?", rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3)},
                r -> rej.computeIfAbsent((String) r[0], k -> new HashMap<>()).put((String) r[1], ((Timestamp) r[2]).toLocalDateTime().toLocalDate()),
                cool.atStartOfDay());
        return new ContactPolicy(sent, rej, config.maxOffersPerPeriod());
    }

    /**
     * @param customerId a customer
     * @return how many more offers the customer may receive in the current period
     */
    public int remaining(String customerId) {
        if (maxPerPeriod == Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, maxPerPeriod - sentInPeriod.getOrDefault(customerId, 0));
    }

    /**
     * @param customerId a customer
     * @return products the customer rejected within the cool-down, with the day of the rejection
     */
    public Map<String, LocalDate> coolingDown(String customerId) {
        return rejected.getOrDefault(customerId, Map.of());
    }

    /** @return whether any customer has history that restricts offers */
    boolean restricts() {
        return !sentInPeriod.isEmpty() || !rejected.isEmpty();
    }

    /**
     * Records an offer sent (one row of offer_history).
     *
     * @param store the store
     * @param customerId the customer
     * @param offerId the offer
     * @param productId the product
     * @param campaign the campaign name
     * @param channel mail or email
     * @param coupon the coupon code
     * @param sent when
     */
    public static void recordSent(RapportStore store, String customerId, String offerId, String productId, String campaign,
            String channel, String coupon, java.time.LocalDateTime sent) {
        recordSent(store, customerId, offerId, productId, campaign, channel, coupon, sent, null, null);
    }

    /**
     * Records an offer sent with the source and calibrated propensity it was chosen with (the prior
     * that responses update, {@link ResponseLearning}).
     *
     * @see #recordSent(RapportStore, String, String, String, String, String, String, java.time.LocalDateTime)
     * @param source the offer's candidate source, or null
     * @param propensity its calibrated propensity, or null
     */
    public static void recordSent(RapportStore store, String customerId, String offerId, String productId, String campaign,
            String channel, String coupon, java.time.LocalDateTime sent, String source, Double propensity) {
        store.update("INSERT INTO offer_history (customer_id, offer_id, product_id, campaign, channel, coupon, sent, source, propensity) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", customerId, offerId, productId, campaign, channel, coupon, sent, source, propensity);
    }

    /**
     * Records a customer's response to the latest offer of {@code offerId} sent to them.
     *
     * @param store the store
     * @param customerId the customer
     * @param offerId the offer
     * @param accepted true for accepted, false for rejected
     * @param when the time of the response
     * @return whether an offer was found to record the response on
     */
    public static boolean recordResponse(RapportStore store, String customerId, String offerId, boolean accepted, java.time.LocalDateTime when) {
        return recordResponse(store, customerId, offerId, accepted ? "accepted" : "rejected", when);
    }

    /**
     * Records a customer's response to the latest offer of {@code offerId} sent to them; a second
     * response to the same send replaces the first, so a response is never counted twice.
     *
     * @param store the store
     * @param customerId the customer
     * @param offerId the offer
     * @param response {@code accepted}, {@code rejected} (starts the cool-down) or {@code ignored} (not taken, no cool-down)
     * @param when the time of the response
     * @return whether an offer was found to record the response on
     */
    public static boolean recordResponse(RapportStore store, String customerId, String offerId, String response, java.time.LocalDateTime when) {
        if (!java.util.Set.of("accepted", "rejected", "ignored").contains(response)) {
            throw new IllegalArgumentException("response '" + response + "' is not accepted, rejected or ignored");
        }
        long n = store.update("UPDATE offer_history SET response = ?, responded = ? WHERE customer_id = ? AND offer_id = ? AND sent = "
                + "(SELECT max(sent) FROM offer_history WHERE customer_id = ? AND offer_id = ?)",
                response, when, customerId, offerId, customerId, offerId);
        return n > 0;
    }
}
