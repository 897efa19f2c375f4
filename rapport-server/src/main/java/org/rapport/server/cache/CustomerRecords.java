package org.rapport.server.cache;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the customer 360 reads about one customer, section by section: from SQL on the store, or from
 * the in-memory {@link CustomerCache}. Rows are ordered maps column &rarr; value, ready for JSON; a
 * section whose table holds no rows yet is reported by {@link #has}.
 */
public interface CustomerRecords {
    /** @param table a per-customer table @return whether it holds rows (was computed) */
    boolean has(String table);

    /** @param id a customer @return customer_id, email, phone, birth_date, region, household_id, acquisition_channel, acquisition_date, survey_wallet */
    Optional<Map<String, Object>> profile(String id);

    /**
     * @param id a customer
     * @return run_id, x, t_x, t, p_alive, expected_purchases, expected_spend, margin_rate, clv, clv_lower, clv_upper
     *     (the parameters' interval), purchases_lower, purchases_upper, clv_pred_lower, clv_pred_upper (the
     *     customer's own predictive intervals)
     */
    Optional<Map<String, Object>> scores(String id);

    /** @param id a customer @return the purchases (ts as text, order_id, amount, channel), oldest first */
    List<Map<String, Object>> purchases(String id);

    /** @param id a customer @return segment, and manager, team, description when segments are defined */
    Optional<Map<String, Object>> segment(String id);

    /** @param id a customer @return relationship_group, barnacle_action, clv, loyalty */
    Optional<Map<String, Object>> group(String id);

    /** @param id a customer @return wallet, wallet_source, yearly_spend, share_of_wallet, headroom */
    Optional<Map<String, Object>> wallet(String id);

    /**
     * @param id a customer
     * @return the latest membership: plan, start_date, end_date, renewals, active, renewal_probability, derl,
     *     residual_value
     */
    Optional<Map<String, Object>> membership(String id);

    /** @param id a customer @return rank, offer_id, product_id, score, propensity, value, source, reason; by rank */
    List<Map<String, Object>> offers(String id);

    /**
     * The customer's household: linked customers in either direction and customers of the same
     * household id, each once per relation, by customer id, at most {@value #HOUSEHOLD_LIMIT}.
     *
     * @param id a customer
     * @param householdId the customer's household id, or null
     * @return customer_id, relation, and clv, p_alive when scores exist
     */
    List<Map<String, Object>> household(String id, String householdId);

    /** Most household members shown. */
    int HOUSEHOLD_LIMIT = 50;
}
