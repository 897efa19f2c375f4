package org.rapport.analytics.equity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.Lines;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.Segments;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.store.RapportStore;

/**
 * Customer equity (Blattberg &amp; Deighton 1996; Gupta, Lehmann &amp; Stuart 2004): the value of the
 * current customers plus the value of the prospects the firm can still acquire.
 * <pre>
 *   current equity   = &Sigma;<sub>customers</sub> CLV<sub>i</sub>                         (customer_scores.clv)
 *   potential equity = &Sigma;<sub>prospects</sub> a<sub>k</sub> &middot; (CLV<sub>new</sub> - c<sub>k</sub>)
 *   CLV<sub>new</sub>          = m &middot; E[M] &middot; (1 + &Sigma;<sub>j=1..H</sub> (E[X(jL)] - E[X((j-1)L)]) / (1 + d)<sup>j</sup>)
 * </pre>
 * a<sub>k</sub> is the prospect's acquisition probability and c<sub>k</sub> its acquisition cost, the cost of
 * acquiring the customer (paid when the prospect becomes a customer, as the simulator plants it), so a
 * prospect is worth a<sub>k</sub> (CLV<sub>new</sub> - c<sub>k</sub>). A new customer makes the first purchase
 * now (undiscounted), then repeats as the fitted purchase model's E[X(t)] for a customer just acquired;
 * E[M] = p&gamma;/(q-1) is the Gamma-Gamma population mean spend, m the average margin rate of the
 * scored customers, H, L and d the run's CLV horizon (months), the model units per month and the
 * monthly discount rate, exactly as the pipeline's {@link org.rapport.model.value.Clv}.
 *
 * <p>The projection spreads the same values over months: the current customers' month j brings
 * &Sigma;<sub>i</sub> m<sub>i</sub> E[M<sub>i</sub>] P(alive<sub>i</sub>) (g(jL; x<sub>i</sub>, T<sub>i</sub>) - g((j-1)L; x<sub>i</sub>, T<sub>i</sub>)) / (1+d)<sup>j</sup>,
 * g the model's expected purchases of a live customer, so the months summed over the CLV horizon give
 * the current equity back; prospects are acquired at the start of month 1 (their first purchase and
 * acquisition cost fall in month 1).
 */
public final class CustomerEquity {
    private CustomerEquity() {
    }

    /**
     * The value of one newly acquired customer.
     *
     * @param marginRate m
     * @param expectedSpend E[M], the population mean spend per purchase
     * @param firstPurchaseMargin m E[M]
     * @param discountedRepeatPurchases &Sigma; (E[X(jL)] - E[X((j-1)L)]) / (1 + d)^j
     * @param clv CLV<sub>new</sub>
     */
    public record NewCustomer(double marginRate, double expectedSpend, double firstPurchaseMargin,
                              double discountedRepeatPurchases, double clv) {
    }

    /**
     * One row of a breakdown.
     *
     * @param key the segment, brand, channel or cohort
     * @param customers current customers
     * @param currentEquity their CLV summed
     * @param prospects prospects
     * @param potentialEquity the prospects' value
     * @param totalEquity the sum
     */
    public record Breakdown(String key, long customers, double currentEquity, long prospects, double potentialEquity,
                            double totalEquity) {
    }

    /**
     * One month of the projection, discounted to today.
     *
     * @param month 1, 2, ...
     * @param currentCustomers expected discounted margin from the current customers
     * @param newCustomers expected discounted margin from the prospects less their acquisition cost
     * @param total the sum
     * @param cumulative the running sum
     */
    public record Period(int month, double currentCustomers, double newCustomers, double total, double cumulative) {
    }

    /**
     * Margin by product category.
     *
     * @param category the category
     * @param revenue net line amounts
     * @param margin amount times the product's margin rate
     * @param marginRate margin / revenue
     */
    public record CategoryMargin(String category, double revenue, double margin, double marginRate) {
    }

    /**
     * Customer profitability (past margin less cost to serve) beside the product view.
     *
     * @param customers customers
     * @param margin their past margin (total spend times their margin rate)
     * @param contacts service interactions
     * @param costPerContact the cost per contact used
     * @param costToServe contacts times the cost
     * @param profit margin less cost to serve
     * @param unprofitableCustomers customers whose profit is negative
     * @param unprofitableLoss their profit summed (negative)
     * @param top20ShareOfProfit share of the total profit from the most profitable 20% of customers
     * @param byCategory the product view: margin by category, which ignores the cost to serve
     */
    public record Profitability(long customers, double margin, long contacts, double costPerContact, double costToServe,
                                double profit, long unprofitableCustomers, double unprofitableLoss,
                                double top20ShareOfProfit, List<CategoryMargin> byCategory) {
    }

    /**
     * The result, stored as analysis {@code equity}.
     *
     * @param runId the analysis run
     * @param model the purchase model
     * @param clvMonths the CLV horizon
     * @param customers current customers
     * @param currentEquity their CLV summed
     * @param prospects prospects
     * @param expectedNewCustomers &Sigma; a<sub>k</sub>
     * @param acquisitionCost expected acquisition spending &Sigma; a<sub>k</sub> c<sub>k</sub>
     * @param potentialEquity the prospects' value
     * @param membershipEquity the running memberships' expected residual fees (0 without memberships)
     * @param totalEquity current + potential + memberships
     * @param newCustomer the value of one new customer
     * @param bySegment by customer_segment (prospects by their segment)
     * @param byBrand by the customer's main brand by spend
     * @param byChannel by acquisition channel (prospects by their channel)
     * @param byCohort by quarter of the first purchase
     * @param projection month by month
     * @param profitability customer vs product profitability
     * @param notes what the data lacked
     */
    public record Result(long runId, String model, int clvMonths, long customers, double currentEquity, long prospects,
                         double expectedNewCustomers, double acquisitionCost, double potentialEquity,
                         double membershipEquity, double totalEquity, NewCustomer newCustomer, List<Breakdown> bySegment, List<Breakdown> byBrand,
                         List<Breakdown> byChannel, List<Breakdown> byCohort, List<Period> projection,
                         Profitability profitability, List<String> notes) {
    }

    /**
     * The value of a new customer.
     *
     * @param model the fitted purchase model
     * @param expectedSpend E[M]
     * @param marginRate m
     * @param months H
     * @param periodLength L, model time units per month
     * @param monthlyDiscount d
     * @return CLV<sub>new</sub> and its parts
     */
    public static NewCustomer newCustomer(PurchaseModel model, double expectedSpend, double marginRate, int months,
                                          double periodLength, double monthlyDiscount) {
        double[] inc = newCustomerPurchases(model, months, periodLength);
        double det = 0;
        for (int j = 1; j <= months; j++) {
            det += inc[j] / Math.pow(1 + monthlyDiscount, j);
        }
        double first = marginRate * expectedSpend;
        return new NewCustomer(marginRate, expectedSpend, first, det, first * (1 + det));
    }

    /** @return inc[j] = E[X(jL)] - E[X((j-1)L)] for j = 1..months (inc[0] unused) */
    private static double[] newCustomerPurchases(PurchaseModel model, int months, double periodLength) {
        double[] inc = new double[months + 1];
        double prev = 0;
        for (int j = 1; j <= months; j++) {
            double e = model.expectedPurchases(j * periodLength);
            inc[j] = e - prev;
            prev = e;
        }
        return inc;
    }

    /**
     * Computes customer equity on the latest run.
     *
     * @param store the store
     * @param run the latest run
     * @param o options
     * @return the result
     */
    public static Result compute(RapportStore store, RunContext run, AnalyticsOptions o) {
        List<String> notes = new ArrayList<>();
        boolean segmented = Segments.prepare(store);
        if (!segmented) {
            notes.add(Segments.NO_SEGMENTS);
        }
        double[] cur = store.queryFirst("SELECT count(*), coalesce(sum(clv), 0), count(clv), avg(margin_rate) FROM customer_scores",
                rs -> new double[] {rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getDouble(4)}).orElseThrow();
        long customers = (long) cur[0];
        double current = cur[1];
        if (cur[2] < cur[0]) {
            notes.add(String.format(Locale.ROOT, "%,d customers have no CLV (no spend model or not finite): counted as 0",
                    (long) (cur[0] - cur[2])));
        }
        NewCustomer nc = null;
        if (run.spendModel() == null) {
            notes.add("no spend model in the run: the value of a new customer, and so potential equity, is 0");
        } else {
            nc = newCustomer(run.purchaseModel(), run.spendModel().meanSpend(), cur[3], run.clvMonths(),
                    run.periodLength(), run.monthlyDiscountRate());
        }
        double clvNew = nc == null ? 0 : nc.clv();

        Map<String, double[]> pSeg = new TreeMap<>();
        Map<String, double[]> pChan = new TreeMap<>();
        double[] pr = prospects(store, clvNew, pSeg, pChan, notes);
        double prospects = pr[0];
        double acquired = pr[1];
        double cost = pr[2];
        double potential = acquired * clvNew - cost;

        List<Breakdown> bySegment = breakdown(grouped(store, """
                SELECT s.segment, count(*), coalesce(sum(c.clv), 0)
                FROM customer_scores c JOIN a_segment s USING (customer_id) GROUP BY 1"""), segmented ? pSeg : Map.of());
        if (!segmented && prospects > 0) {
            bySegment = List.of(new Breakdown(Segments.ALL, customers, current, (long) prospects, potential, current + potential));
        }
        List<Breakdown> byBrand = byBrand(store, notes);
        List<Breakdown> byChannel;
        if (RunContext.hasRows(store, "customers")) {
            byChannel = breakdown(grouped(store, """
                    SELECT coalesce(k.acquisition_channel, 'unknown'), count(*), coalesce(sum(c.clv), 0)
                    FROM customer_scores c LEFT JOIN customers k USING (customer_id) GROUP BY 1"""), pChan);
        } else {
            notes.add("no customers file loaded: current customers' acquisition channel unknown");
            byChannel = breakdown(Map.of("unknown", new double[] {customers, current}), pChan);
        }
        List<Breakdown> byCohort = breakdown(grouped(store, """
                SELECT strftime(s.first_purchase, '%Y') || '-Q' || quarter(s.first_purchase), count(*), coalesce(sum(c.clv), 0)
                FROM customer_scores c JOIN customer_summary s USING (customer_id) GROUP BY 1"""), Map.of());

        List<Period> projection = projection(store, run, o.projectionMonths(), nc, acquired, cost);
        Profitability prof = profitability(store, o.costPerContact(), notes);
        double memberships = membershipEquity(store, run.runId(), notes);
        return new Result(run.runId(), run.purchaseModel().name(), run.clvMonths(), customers, current, (long) prospects,
                acquired, cost, potential, memberships, current + potential + memberships, nc, bySegment, byBrand, byChannel,
                byCohort, projection, prof, notes);
    }

    /**
     * The expected residual value of the running memberships ({@code customer_subscription}, written by the
     * subscriptions analysis before the equity): the fees still to come, discounted, a revenue stream beside
     * the purchases (the transactions hold no membership fees), counted whole (a fee has no cost of goods).
     */
    private static double membershipEquity(RapportStore store, long runId, List<String> notes) {
        if (!store.hasRows("customer_subscription")) {
            return 0;
        }
        double v = store.queryFirst("SELECT coalesce(sum(residual_value), 0) FROM customer_subscription WHERE run_id = ?",
                rs -> rs.getDouble(1), runId).orElse(0.0);
        notes.add(String.format(Locale.ROOT, "memberships: %,.0f of expected residual fees (DERL x fee) are added to the "
                + "equity; the purchases' CLV does not include membership fees", v));
        return v;
    }

    /**
     * The prospects: counts, expected acquisitions and acquisition cost, and their value a CLV_new - a c by
     * channel ({@code pChan}) and by the customers' segments ({@code pSeg}).
     *
     * @return {prospects, expected acquisitions, acquisition cost}
     */
    private static double[] prospects(RapportStore store, double clvNew, Map<String, double[]> pSeg,
                                      Map<String, double[]> pChan, List<String> notes) {
        double prospects = 0;
        double acquired = 0;
        double cost = 0;
        if (RunContext.hasRows(store, "prospects")) {
            List<Object[]> rows = store.query("""
                    SELECT coalesce(segment, 'unknown'), coalesce(channel, 'unknown'), count(*),
                           sum(coalesce(acquisition_probability, 0)),
                           sum(coalesce(acquisition_probability, 0) * coalesce(acquisition_cost, 0)),
                           count(*) FILTER (WHERE acquisition_probability IS NULL)
                    FROM prospects GROUP BY 1, 2""", rs -> new Object[] {rs.getString(1), rs.getString(2),
                    rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)});
            long noProb = 0;
            for (Object[] r : rows) {
                long n = (Long) r[2];
                double a = (Double) r[3];
                double c = (Double) r[4];
                double value = a * clvNew - c;
                prospects += n;
                acquired += a;
                cost += c;
                noProb += (Long) r[5];
                add(pChan, (String) r[1], n, value);
            }
            if (noProb > 0) {
                notes.add(String.format(Locale.ROOT, "%,d prospects have no acquisition probability: counted as 0", noProb));
            }
            prospectsBySegment(store, clvNew, pSeg, notes);
        } else {
            notes.add("no prospects loaded (rapport ingest prospects FILE): potential equity is 0");
        }
        return new double[] {prospects, acquired, cost};
    }

    /** Current customers by the brand they spent most on. */
    private static List<Breakdown> byBrand(RapportStore store, List<String> notes) {
        List<Breakdown> byBrand = List.of();
        if (RunContext.hasRows(store, "products")) {
            Lines.ensure(store);
            byBrand = breakdown(grouped(store, """
                    WITH b AS (SELECT customer_id, brand, sum(amount) AS spend
                               FROM a_lines WHERE brand IS NOT NULL GROUP BY 1, 2),
                    m AS (SELECT customer_id, arg_max(brand, spend) AS brand FROM b GROUP BY 1)
                    SELECT coalesce(m.brand, '(no brand)'), count(*), coalesce(sum(c.clv), 0)
                    FROM customer_scores c LEFT JOIN m USING (customer_id) GROUP BY 1"""), Map.of());
        } else {
            notes.add("no products loaded: no breakdown by brand");
        }
        return byBrand;
    }

    /**
     * The prospects' potential equity by the customers' segments: each prospect's value a(CLV_new) - a c is
     * split over the segments by its look-alike probabilities ({@code prospect_segment}, written when the
     * segments are discovered), so prospects and customers share one set of segment names; prospects not
     * placed yet are counted under {@code unplaced}. The counts are expected numbers of prospects, rounded.
     */
    private static void prospectsBySegment(RapportStore store, double clvNew, Map<String, double[]> pSeg, List<String> notes) {
        store.query("""
                SELECT coalesce(s.segment, 'unplaced'), sum(coalesce(s.probability, 1)),
                       sum(coalesce(s.probability, 1) * coalesce(p.acquisition_probability, 0)),
                       sum(coalesce(s.probability, 1) * coalesce(p.acquisition_probability, 0) * coalesce(p.acquisition_cost, 0))
                FROM prospects p LEFT JOIN prospect_segment s USING (prospect_id) GROUP BY 1""", rs -> {
            double[] v = pSeg.computeIfAbsent(rs.getString(1), k -> new double[2]);
            v[0] += Math.round(rs.getDouble(2));
            v[1] += rs.getDouble(3) * clvNew - rs.getDouble(4);
            return null;
        });
        if (pSeg.containsKey("unplaced")) {
            notes.add(String.format(Locale.ROOT, "%,.0f prospects are not placed in a segment yet (they are placed by the look-alike"
                    + " model when the segments are discovered: rapport segments discover)", pSeg.get("unplaced")[0]));
        }
    }

    private static void add(Map<String, double[]> m, String key, long n, double value) {
        double[] v = m.computeIfAbsent(key, k -> new double[2]);
        v[0] += n;
        v[1] += value;
    }

    private static Map<String, double[]> grouped(RapportStore store, String sql) {
        Map<String, double[]> m = new TreeMap<>();
        store.query(sql, rs -> m.put(rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3)}));
        return m;
    }

    private static List<Breakdown> breakdown(Map<String, double[]> current, Map<String, double[]> potential) {
        Map<String, Breakdown> out = new LinkedHashMap<>();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        current.keySet().forEach(k -> keys.put(k, true));
        potential.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            double[] c = current.getOrDefault(k, new double[2]);
            double[] p = potential.getOrDefault(k, new double[2]);
            out.put(k, new Breakdown(k, (long) c[0], c[1], (long) p[0], p[1], c[1] + p[1]));
        }
        List<Breakdown> list = new ArrayList<>(out.values());
        list.sort((a, b) -> Double.compare(b.totalEquity(), a.totalEquity()));
        return list;
    }

    /**
     * The monthly projection.
     *
     * @param store the store
     * @param run the run
     * @param months months to project
     * @param nc the new customer's value, or null
     * @param acquired expected new customers from the prospects
     * @param cost the expected acquisition spending &Sigma; a<sub>k</sub> c<sub>k</sub>
     * @return one row per month
     */
    public static List<Period> projection(RapportStore store, RunContext run, int months, NewCustomer nc, double acquired,
                                          double cost) {
        double[] current = new double[months + 1];
        PurchaseModel model = run.purchaseModel();
        double len = run.periodLength();
        double[] disc = new double[months + 1];
        for (int j = 0; j <= months; j++) {
            disc[j] = Math.pow(1 + run.monthlyDiscountRate(), -j);
        }
        store.query("""
                SELECT x, t, sum(p_alive * expected_spend * margin_rate) FROM customer_scores
                WHERE expected_spend IS NOT NULL AND clv IS NOT NULL GROUP BY x, t""", rs -> {
            double x = rs.getInt(1);
            double bigT = rs.getDouble(2);
            double w = rs.getDouble(3);
            double prev = 0;
            for (int j = 1; j <= months; j++) {
                double g = model.expectedPurchasesIfAlive(j * len, x, bigT);
                current[j] += w * (g - prev) * disc[j];
                prev = g;
            }
            return null;
        });
        double[] fresh = new double[months + 1];
        if (nc != null) {
            double[] inc = newCustomerPurchases(model, months, len);
            for (int j = 1; j <= months; j++) {
                fresh[j] = acquired * nc.firstPurchaseMargin() * inc[j] * disc[j];
            }
            fresh[1] += acquired * nc.firstPurchaseMargin() - cost;
        }
        List<Period> out = new ArrayList<>();
        double cum = 0;
        for (int j = 1; j <= months; j++) {
            double t = current[j] + fresh[j];
            cum += t;
            out.add(new Period(j, current[j], fresh[j], t, cum));
        }
        return out;
    }

    private static Profitability profitability(RapportStore store, double costPerContact, List<String> notes) {
        boolean contacts = RunContext.hasRows(store, "interactions");
        if (!contacts) {
            notes.add("no interactions loaded: cost to serve is 0 for every customer");
        }
        String sql = contacts ? """
                WITH k AS (SELECT customer_id, count(*) AS n FROM interactions GROUP BY 1),
                p AS (SELECT s.total_spend * c.margin_rate AS margin, coalesce(k.n, 0) AS contacts,
                             s.total_spend * c.margin_rate - ? * coalesce(k.n, 0) AS profit
                      FROM customer_scores c JOIN customer_summary s USING (customer_id) LEFT JOIN k USING (customer_id)),
                q AS (SELECT quantile_disc(profit, 0.8) AS q80 FROM p)
                SELECT count(*), sum(margin), sum(contacts), sum(profit), count(*) FILTER (WHERE profit < 0),
                       coalesce(sum(profit) FILTER (WHERE profit < 0), 0), sum(profit) FILTER (WHERE profit >= q80)
                FROM p, q""" : """
                WITH p AS (SELECT s.total_spend * c.margin_rate AS margin, 0 AS contacts,
                                  s.total_spend * c.margin_rate - 0 * ? AS profit
                           FROM customer_scores c JOIN customer_summary s USING (customer_id)),
                q AS (SELECT quantile_disc(profit, 0.8) AS q80 FROM p)
                SELECT count(*), sum(margin), sum(contacts), sum(profit), count(*) FILTER (WHERE profit < 0),
                       coalesce(sum(profit) FILTER (WHERE profit < 0), 0), sum(profit) FILTER (WHERE profit >= q80)
                FROM p, q""";
        double[] r = store.queryFirst(sql, rs -> new double[] {rs.getLong(1), rs.getDouble(2), rs.getLong(3),
                rs.getDouble(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7)}, costPerContact).orElseThrow();
        List<CategoryMargin> cats = List.of();
        if (RunContext.hasRows(store, "products")) {
            Lines.ensure(store);
            cats = store.query("""
                    SELECT coalesce(category, '(none)'), sum(amount), sum(amount * margin_rate)
                    FROM a_lines WHERE margin_rate IS NOT NULL
                    GROUP BY 1 ORDER BY 3 DESC""", rs -> new CategoryMargin(rs.getString(1), rs.getDouble(2),
                    rs.getDouble(3), rs.getDouble(3) / rs.getDouble(2)));
        } else {
            notes.add("no products loaded: no product-profitability view");
        }
        return new Profitability((long) r[0], r[1], (long) r[2], costPerContact, r[2] * costPerContact, r[3], (long) r[4],
                r[5], r[3] == 0 ? Double.NaN : r[6] / r[3], cats);
    }
}
