package org.rapport.offers;

/**
 * A failure of the offer engine with a message a user can act on. Messages are the templates below
 * filled with {@link String#format}.
 */
public final class OfferException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** %s = customer id. */
    public static final String UNKNOWN_CUSTOMER = "unknown customer '%s': no such customer_id in customers or transactions";
    /** No purchase lines at all. */
    public static final String NO_DATA = "no purchases in the store: ingest transactions first (rapport ingest transactions FILE)";
    /** %s = date. */
    public static final String NO_DATA_BEFORE = "no purchases on or before %s: nothing to mine offers from";
    /** %s = key, %s = value, %s = what was expected. */
    public static final String BAD_CONFIG = "offer configuration: '%s' = '%s' is not %s";
    /** %s = file, %s = reason. */
    public static final String CONFIG_UNREADABLE = "offer configuration %s cannot be read: %s";
    /** No holdout. */
    public static final String NO_ELIGIBLE = "campaign '%s' has no eligible customer: of %d selected, %d have no %s and %d are excluded by consent, the contact policy or the selection (P(alive), uplift)";
    /** Template. */
    public static final String UNKNOWN_CAMPAIGN = "unknown campaign '%s': no such campaign in the store (rapport campaign export records one)";
    /** Template. */
    public static final String NO_HOLDOUT = "no purchases after the calibration end %s: nothing to evaluate offers on";
    /** No calibration end. */
    public static final String NO_CALIBRATION_END = "no analysis run in the store to take the calibration end from: run rapport analyze or pass --calibration-end";

    /**
     * @param template one of the templates of this class
     * @param args its arguments
     */
    public OfferException(String template, Object... args) {
        super(String.format(template, args));
    }
}
