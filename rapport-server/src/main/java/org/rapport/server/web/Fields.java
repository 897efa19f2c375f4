package org.rapport.server.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rapport.server.web.Format.Kind;

/**
 * The human label and the kind of figure of a field, whether it comes from a table's column
 * ({@code total_clv}) or a stored result ({@code currentEquity}): one dictionary for every page.
 */
public final class Fields {
    private static final Map<String, String> LABELS = new HashMap<>();
    private static final Map<String, Kind> KINDS = new HashMap<>();
    private static final Set<String> ACRONYMS = Set.of("clv", "roi", "mae", "rmse", "bic", "aic", "csv", "id", "nbd", "bg", "gg", "cco");

    static {
        label("clv", "CLV", Kind.MONEY);
        label("p_alive", "P(alive)", Kind.PROBABILITY);
        label("x", "Repeat purchases", Kind.COUNT);
        label("t_x", "Last purchase (weeks)", Kind.DECIMAL);
        label("t", "Observed (weeks)", Kind.DECIMAL);
        label("n", "Customers", Kind.COUNT);
        label("customer_id", "Customer", Kind.ID);
        label("related_customer_id", "Customer", Kind.ID);
        label("offer_id", "Offer", Kind.ID);
        label("product_id", "Product", Kind.ID);
        label("order_id", "Order", Kind.ID);
        label("household_id", "Household", Kind.ID);
        label("run_id", "Run", Kind.ID);
        label("audit_id", "Entry", Kind.ID);
        label("email", "E-mail", Kind.ID);
        label("phone", "Phone", Kind.ID);
        label("ts", "Date", Kind.DATE);
        label("clv_months", "CLV horizon (months)", Kind.COUNT);
        label("clv_lower", "CLV, lower bound", Kind.MONEY);
        label("clv_upper", "CLV, upper bound", Kind.MONEY);
        label("purchases_lower", "Purchases, predictive low", Kind.COUNT);
        label("purchases_upper", "Purchases, predictive high", Kind.COUNT);
        label("clv_pred_lower", "Own CLV, predictive low", Kind.MONEY);
        label("clv_pred_upper", "Own CLV, predictive high", Kind.MONEY);
        label("plan", "Plan", Kind.TEXT);
        label("start_date", "Member since", Kind.DATE);
        label("end_date", "Ended", Kind.DATE);
        label("renewals", "Renewals", Kind.COUNT);
        label("active", "Running", Kind.TEXT);
        label("renewal_probability", "Chance to renew next month", Kind.PROBABILITY);
        label("derl", "Residual lifetime (months, discounted)", Kind.DECIMAL);
        label("residual_value", "Expected residual fees", Kind.MONEY);
        label("equity_lower", "Equity, lower bound", Kind.MONEY0);
        label("equity_upper", "Equity, upper bound", Kind.MONEY0);
        label("expected_alive", "Expected active customers", Kind.COUNT);
        label("expected_purchases", "Expected purchases", Kind.DECIMAL);
        label("expected_new_customers", "Expected new customers", Kind.COUNT);
        label("total_clv", "Total CLV", Kind.MONEY0);
        label("mean_clv", "Mean CLV", Kind.MONEY);
        label("mean_loyalty", "Mean loyalty (months of relationship)", Kind.DECIMAL);
        label("loyalty", "Loyalty (months of relationship)", Kind.DECIMAL);
        label("mean_propensity", "Mean propensity", Kind.PROBABILITY);
        label("survey_wallet", "Wallet (survey)", Kind.MONEY);
        label("share_of_wallet", "Share of wallet", Kind.SHARE);
        label("roi", "ROI (gain per unit spent)", Kind.DECIMAL);
        label("lambda", "Marginal return", Kind.PARAMETER);
        label("break_even_total", "Break-even budget", Kind.MONEY0);
        label("aggregate_error", "Aggregate error", Kind.SHARE);
        label("log_likelihood", "Log-likelihood", Kind.DECIMAL);
        label("relationship_group", "Relationship group", Kind.TEXT);
        label("barnacle_action", "Barnacle action", Kind.TEXT);
        label("top20_share_of_profit", "Top 20% share of profit", Kind.SHARE);
        label("changed_at", "When", Kind.DATE);
        label("user_name", "User", Kind.TEXT);
        label("name", "Name", Kind.TEXT);
        for (String k : new String[] {"equity", "current_equity", "potential_equity", "total_equity", "handoff_clv", "revenue", "margin",
            "budget", "expected_gain", "acquisition_cost", "cost_to_serve", "profit", "unprofitable_loss", "last_brand_clv",
            "expected_return", "expected_value", "clv_at_stake", "current_customers", "new_customers", "cumulative", "total", "gain"}) {
            KINDS.put(key(k), Kind.MONEY0);
        }
        for (String k : new String[] {"expected_spend", "spend", "amount", "value", "cost_per_customer", "cost_per_contact",
            "first_purchase_margin", "mean_spend", "clv_new", "marginal", "wallet", "yearly_spend", "headroom"}) {
            KINDS.put(key(k), Kind.MONEY);
        }
        for (String k : new String[] {"customers", "prospects", "purchases", "transitions", "contacts", "rank", "month", "offers",
            "handoff_customers", "unprofitable_customers", "priority", "orders", "tokens", "parameters_count", "year", "size"}) {
            KINDS.put(key(k), Kind.COUNT);
        }
        for (String k : new String[] {"margin_rate", "equity_share", "first_half_revenue_share", "second_half_revenue_share", "outflow",
            "stay_probability", "mean_share", "hit_rate", "share", "recoverable", "growth", "matrix", "initial", "retention", "uplift_share",
            "churn", "percentile", "clv_percentile"}) {
            KINDS.put(key(k), Kind.SHARE);
        }
        for (String k : new String[] {"propensity", "score", "probability", "p"}) {
            KINDS.put(key(k), Kind.PROBABILITY);
        }
        for (String k : new String[] {"r", "alpha", "a", "b", "s", "beta", "gamma", "q", "v", "discounted_repeat_purchases"}) {
            KINDS.put(key(k), Kind.PARAMETER);
        }
        for (String k : new String[] {"date", "created", "updated", "submitted", "finished", "calibration_end", "holdout_end",
            "acquisition_date", "birth_date", "since", "expires", "first_purchase", "last_purchase"}) {
            KINDS.put(key(k), Kind.DATE);
        }
    }

    private Fields() {
    }

    private static void label(String field, String label, Kind kind) {
        LABELS.put(key(field), label);
        KINDS.put(key(field), kind);
    }

    /** @param field a field name in snake_case or camelCase @return the dictionary key: lower case, no underscores */
    static String key(String field) {
        return field.replace("_", "").replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /**
     * @param field a column or field name
     * @return its label: the dictionary's, else the name's words ({@code expectedGain} → "Expected gain")
     */
    public static String label(String field) {
        String l = LABELS.get(key(field));
        if (l != null) {
            return l;
        }
        String spaced = field.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ').strip();
        StringBuilder b = new StringBuilder();
        for (String w : spaced.split("\\s+")) {
            String lw = w.toLowerCase(Locale.ROOT);
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(ACRONYMS.contains(lw) ? lw.toUpperCase(Locale.ROOT) : lw);
        }
        return b.isEmpty() ? field : Character.toUpperCase(b.charAt(0)) + b.substring(1);
    }

    /**
     * @param field a field name
     * @return whether the dictionary gives it a kind
     */
    public static boolean known(String field) {
        return KINDS.containsKey(key(field));
    }

    /**
     * @param field a column or field name
     * @param sample a value of it (an integral number without a dictionary entry is a count)
     * @return its kind
     */
    public static Kind kind(String field, Object sample) {
        Kind k = KINDS.get(key(field));
        if (k != null) {
            return k;
        }
        String f = key(field);
        if (f.endsWith("id")) {
            return Kind.ID;
        }
        if (f.contains("clv") || f.contains("equity")) {
            return Kind.MONEY0;
        }
        if (f.endsWith("share") || f.endsWith("rate")) {
            return Kind.SHARE;
        }
        if (sample instanceof Number n) {
            return n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal ? Kind.DECIMAL : Kind.COUNT;
        }
        return Kind.TEXT;
    }
}
