package org.rapport.simulator;

import java.util.List;

/**
 * The files a simulation writes, each with its header: the store's canonical column names, in order.
 * Every file is UTF-8 CSV with a header line, comma-separated, {@code \n} line ends; a field is quoted
 * (RFC 4180) only if it contains a comma, a quote or a line break. Dates are ISO {@code yyyy-MM-dd};
 * amounts have a decimal point and two decimals; an empty field is a missing value.
 */
public enum WorldFile {
    /** One row per order line; every line of an order shares its date, brand and channel. */
    TRANSACTIONS("transactions.csv", "customer_id", "ts", "amount", "order_id", "product_id", "quantity", "channel"),
    /** One row per customer; the survey wallet is empty where unknown. */
    CUSTOMERS("customers.csv", "customer_id", "email", "phone", "birth_date", "region", "household_id",
            "acquisition_channel", "acquisition_date", "survey_wallet", "need_price", "need_quality",
            "need_convenience", "need_innovation", "need_service"),
    /** The catalog; {@code upgrade_of} is empty unless the product is the upgrade of another. */
    PRODUCTS("products.csv", "product_id", "name", "brand", "category", "price", "margin_rate", "upgrade_of"),
    /** Life events: {@code baby}, {@code moved}, {@code married}. */
    LIFE_EVENTS("life_events.csv", "customer_id", "date", "type"),
    /** Service interactions with the customer's rating 1..5. */
    INTERACTIONS("interactions.csv", "customer_id", "date", "touchpoint", "rating"),
    /** Potential customers. */
    PROSPECTS("prospects.csv", "prospect_id", "channel", "region", "segment", "acquisition_probability",
            "acquisition_cost"),
    /** Feedback and feature requests with a rating 1..5. */
    FEEDBACK("feedback.csv", "customer_id", "date", "topic", "text", "rating"),
    /** Household ("trusted circle") links, each pair once, from the household head to a member. */
    HOUSEHOLD_LINKS("household_links.csv", "customer_id", "related_customer_id", "relation"),
    /** The hidden truth per customer; not an input of the pipeline. */
    TRUTH_CUSTOMERS("truth_customers.csv", "customer_id", "segment", "lambda", "dropout_probability", "nu",
            "expected_order_value", "true_wallet", "true_share", "alive_at_calibration_end", "alive_at_end",
            "dropout_date", "orders_calibration", "orders_holdout");

    /** The name of the JSON file with the planted parameters. */
    public static final String TRUTH_JSON = "truth.json";

    private final String fileName;
    private final List<String> columns;

    WorldFile(String fileName, String... columns) {
        this.fileName = fileName;
        this.columns = List.of(columns);
    }

    /** @return the file name, e.g. {@code transactions.csv} */
    public String fileName() {
        return fileName;
    }

    /** @return the header columns in order */
    public List<String> columns() {
        return columns;
    }

    /** @return the header line without its line end */
    public String header() {
        return String.join(",", columns);
    }
}
