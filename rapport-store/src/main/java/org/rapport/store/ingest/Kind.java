package org.rapport.store.ingest;

import static org.rapport.store.ingest.ColumnSpec.Type.DATE;
import static org.rapport.store.ingest.ColumnSpec.Type.NUMBER;
import static org.rapport.store.ingest.ColumnSpec.Type.TEXT;
import static org.rapport.store.ingest.ColumnSpec.Type.TIMESTAMP;
import static org.rapport.store.ingest.ColumnSpec.opt;
import static org.rapport.store.ingest.ColumnSpec.req;

import java.util.List;

/**
 * What a file holds, and so which table it loads into. The columns, the names they are matched by,
 * their checks and how re-ingest is deduplicated are listed in {@code docs/schema.md}.
 */
public enum Kind {
    /** Transaction lines: one purchase (or return, with a negative amount) of one customer. */
    TRANSACTIONS("transactions", Publish.MULTISET, null, List.of(
            req("customer_id", TEXT, "customer", "cust_id", "cust_no", "customer_no", "customer_number",
                    "client_id", "client", "member_id", "user_id"),
            req("ts", TIMESTAMP, "date", "timestamp", "datetime", "date_time", "time", "transaction_date",
                    "purchase_date", "order_date", "invoice_date", "txn_date"),
            req("amount", NUMBER, "value", "revenue", "sales", "sales_amount", "spend", "total", "net_amount",
                    "dollar_value", "monetary", "monetary_value"),
            opt("order_id", TEXT, "order", "order_no", "order_number", "invoice", "invoice_id", "invoice_no",
                    "receipt", "receipt_id", "basket_id", "transaction_id"),
            opt("product_id", TEXT, "product", "sku", "item", "item_id", "article", "product_code"),
            opt("quantity", NUMBER, "qty", "units", "number_of_items")
                    .with(Problem.NEGATIVE_QUANTITY, "t_quantity < 0 AND t_amount > 0"),
            opt("channel", TEXT, "sales_channel"))),
    /** One row per customer; other columns go to customer_attributes, {@code need_*} to customer_needs. */
    CUSTOMERS("customers", Publish.UPSERT, "customer_id", List.of(
            req("customer_id", TEXT, "id", "customer", "cust_id", "cust_no", "customer_no", "customer_number",
                    "client_id", "member_id", "user_id"),
            opt("email", TEXT, "e_mail", "email_address", "mail"),
            opt("phone", TEXT, "telephone", "phone_number", "mobile"),
            opt("birth_date", DATE, "birthdate", "date_of_birth", "dob", "birthday"),
            opt("region", TEXT, "area"),
            opt("household_id", TEXT, "household"),
            opt("acquisition_channel", TEXT, "channel", "source", "acquisition_source"),
            opt("acquisition_date", DATE, "first_purchase_date", "signup_date", "join_date", "customer_since"),
            opt("survey_wallet", NUMBER, "wallet").with(Problem.NEGATIVE, "t_survey_wallet < 0"))),
    /** One row per product. */
    PRODUCTS("products", Publish.UPSERT, "product_id", List.of(
            req("product_id", TEXT, "id", "product", "sku", "item_id", "product_code"),
            opt("name", TEXT, "product_name", "title"),
            opt("brand", TEXT),
            opt("category", TEXT),
            opt("price", NUMBER, "unit_price", "list_price").with(Problem.NEGATIVE, "t_price < 0"),
            opt("margin_rate", NUMBER, "margin")
                    .with(Problem.NOT_A_MARGIN_RATE, "t_margin_rate > 1 OR t_margin_rate < -1"),
            opt("upgrade_of", TEXT, "upgrade_from").with(Problem.SELF_REFERENCE, "t_upgrade_of = t_product_id"))),
    /** Life events of customers (baby, move, marriage, ...). */
    LIFE_EVENTS("life_events", Publish.SET, null, List.of(
            req("customer_id", TEXT, "customer", "cust_id", "customer_no", "client_id", "member_id"),
            req("date", DATE, "event_date"),
            req("type", TEXT, "event", "event_type"))),
    /** Service interactions at touchpoints, with an optional rating. */
    INTERACTIONS("interactions", Publish.MULTISET, null, List.of(
            req("customer_id", TEXT, "customer", "cust_id", "customer_no", "client_id", "member_id"),
            req("date", DATE, "interaction_date", "contact_date"),
            req("touchpoint", TEXT, "touch_point", "channel", "contact_type"),
            opt("rating", NUMBER, "score", "satisfaction", "csat"))),
    /** Prospects: potential customers with their acquisition probability and cost. */
    PROSPECTS("prospects", Publish.UPSERT, "prospect_id", List.of(
            req("prospect_id", TEXT, "id", "prospect"),
            opt("channel", TEXT),
            opt("region", TEXT),
            opt("segment", TEXT),
            opt("acquisition_probability", NUMBER, "probability", "conversion_probability")
                    .with(Problem.NOT_A_PROBABILITY, "t_acquisition_probability < 0 OR t_acquisition_probability > 1"),
            opt("acquisition_cost", NUMBER, "cost", "cac").with(Problem.NEGATIVE, "t_acquisition_cost < 0"))),
    /** Customer feedback: survey answers, complaints, reviews. */
    FEEDBACK("feedback", Publish.MULTISET, null, List.of(
            req("customer_id", TEXT, "customer", "cust_id", "customer_no", "client_id", "member_id"),
            req("date", DATE, "feedback_date"),
            opt("topic", TEXT, "subject"),
            opt("text", TEXT, "comment", "feedback", "message", "body"),
            opt("rating", NUMBER, "score", "stars"))),
    /** Links between customers of one household or trusted circle. */
    HOUSEHOLD_LINKS("household_links", Publish.SET, null, List.of(
            req("customer_id", TEXT, "customer", "cust_id", "customer_no"),
            req("related_customer_id", TEXT, "related_id", "other_customer_id", "partner_id")
                    .with(Problem.SELF_REFERENCE, "t_related_customer_id = t_customer_id"),
            opt("relation", TEXT, "relationship", "type"))),
    /**
     * Contracts or memberships (cards, clubs, subscriptions) renewed each month: start, end (empty while it
     * runs) and the fee per period; the contractual setting of the shifted beta-geometric model.
     */
    MEMBERSHIPS("memberships", Publish.SET, null, List.of(
            req("customer_id", TEXT, "customer", "cust_id", "customer_no", "client_id", "member_id"),
            opt("plan", TEXT, "membership", "product", "contract_type", "tier"),
            req("start_date", DATE, "start", "started", "joined", "member_since", "contract_start"),
            opt("end_date", DATE, "end", "ended", "cancelled", "cancel_date", "churn_date", "contract_end")
                    .with(Problem.BEFORE_START, "t_end_date < t_start_date"),
            opt("fee", NUMBER, "price", "monthly_fee", "payment", "amount").with(Problem.NEGATIVE, "t_fee < 0")));

    /** How a kind's rows meet the rows already stored. */
    enum Publish {
        /** Count-based dedupe on the whole row: a row is new when the file has more copies than the store. */
        MULTISET,
        /** Set semantics: a row equal to a stored row, or to an earlier row of the file, is a duplicate. */
        SET,
        /** Keyed: a row replaces the stored row with its key; an equal row is a duplicate. */
        UPSERT
    }

    private final String table;
    private final Publish publish;
    private final String key;
    private final List<ColumnSpec> columns;

    Kind(String table, Publish publish, String key, List<ColumnSpec> columns) {
        this.table = table;
        this.publish = publish;
        this.key = key;
        this.columns = columns;
    }

    /**
     * @return the table this kind loads into
     */
    public String table() {
        return table;
    }

    /**
     * @return the table's data columns, in table order
     */
    public List<String> columns() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    /**
     * @return the columns a file must have
     */
    public List<String> requiredColumns() {
        return columns.stream().filter(ColumnSpec::required).map(ColumnSpec::name).toList();
    }

    /**
     * @param target a table column
     * @return the header names (besides the column's own) that match it
     */
    public List<String> aliases(String target) {
        return spec(target).aliases();
    }

    /**
     * Parses a kind as written on a command line: {@code transactions}, {@code life-events}, {@code LIFE_EVENTS}.
     *
     * @param s the text
     * @return the kind
     * @throws IllegalArgumentException if it names no kind
     */
    public static Kind parse(String s) {
        String n = s.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Kind k : values()) {
            if (k.name().equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a kind (kinds: "
                + String.join(", ", java.util.Arrays.stream(values()).map(k -> k.table).toList()) + ")");
    }

    List<ColumnSpec> specs() {
        return columns;
    }

    ColumnSpec spec(String target) {
        for (ColumnSpec c : columns) {
            if (c.name().equals(target)) {
                return c;
            }
        }
        throw new IllegalArgumentException("'" + target + "' is not a column of " + table);
    }

    Publish publish() {
        return publish;
    }

    /** @return the key column of an UPSERT kind, else {@code null} */
    String key() {
        return key;
    }
}
