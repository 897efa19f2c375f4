package org.rapport.analytics.subscription;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.analytics.RunContext;
import org.rapport.model.ModelException;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.interval.Estimate;
import org.rapport.model.retention.RenewalHistory;
import org.rapport.model.retention.ShiftedBetaGeometric;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * The subscription path (issue 17 item 5): memberships renewed each month, one shifted beta-geometric
 * model per plan fitted over every start cohort at once (each membership a lapse after n renewals or a
 * running one, censored at the end of the data: {@link RenewalHistory}), then for each running membership
 * its posterior chance to renew, DERL at the run's monthly discount rate and the expected residual value,
 * fee x DERL (Fader &amp; Hardie, "Customer-Base Valuation in a Contractual Setting", 2010). Writes
 * {@code customer_subscription} and the result {@code subscriptions}.
 */
public final class Subscriptions {
    /** The result's name in {@code analysis_results}. */
    public static final String RESULT = "subscriptions";
    /** The plan of memberships loaded without one. */
    public static final String DEFAULT_PLAN = "membership";
    private static final double LEVEL = 0.95;

    private Subscriptions() {
    }

    /**
     * One plan's fit.
     *
     * @param plan the plan
     * @param members memberships
     * @param active running at the end of the data
     * @param alpha &alpha; with its 95% interval, or null when the plan cannot be fitted
     * @param beta &beta; with its 95% interval, or null
     * @param meanLapse the mean monthly lapse probability &alpha;/(&alpha;+&beta;), NaN without a fit
     * @param fee the median monthly fee of the plan's memberships, NaN without fees
     * @param residualValue the summed expected residual value of its running memberships
     * @param residualInterval a 95% predictive interval for what they will pay, discounted, or null without a fit
     * @param note why the plan has no fit, or null
     */
    public record PlanFit(String plan, long members, long active, Estimate alpha, Estimate beta, double meanLapse,
                          double fee, double residualValue, Estimate residualInterval, String note) {
    }

    /**
     * Observed against predicted by start quarter: how many of the memberships that started in the quarter
     * run at the end of the data, and how many the fitted models expected.
     *
     * @param cohort the start quarter, e.g. {@code 2023-Q2}
     * @param started memberships started
     * @param active running at the end of the data
     * @param predictedActive expected running, from each membership's plan model and its months so far
     */
    public record CohortRow(String cohort, long started, long active, double predictedActive) {
    }

    /**
     * @param runId the run
     * @param asOf the end of the data, where renewals are counted
     * @param members memberships
     * @param active running at the end of the data
     * @param monthlyDiscountRate the discount rate per month of DERL
     * @param residualValue summed expected residual value of the running memberships
     * @param residualInterval its 95% predictive interval ({@link ResidualDraws}), or null when no plan has a fit
     * @param plans per plan
     * @param cohorts per start quarter
     * @param notes what the reader should know
     */
    public record Result(long runId, LocalDate asOf, long members, long active, double monthlyDiscountRate,
                         double residualValue, Estimate residualInterval, List<PlanFit> plans, List<CohortRow> cohorts,
                         List<String> notes) {
    }

    /**
     * @param store the store
     * @param run the run the analysis follows (its data end and discount rate)
     * @return the result; empty (no plans) when the store holds no memberships
     */
    public static Result compute(RapportStore store, RunContext run) {
        LocalDate asOf = run.holdoutEnd();
        double d = run.monthlyDiscountRate();
        store.update("DELETE FROM customer_subscription");
        List<Membership> all = store.hasRows("memberships") ? load(store, asOf) : List.of();
        List<String> notes = new ArrayList<>();
        if (all.isEmpty()) {
            notes.add("No memberships in the store: load a memberships file (customer, plan, start and end date, fee) "
                    + "for the contractual analysis.");
            Result r = new Result(run.runId(), asOf, 0, 0, d, 0, null, List.of(), List.of(), notes);
            Results.save(store, RESULT, run.runId(), r);
            return r;
        }
        Map<String, List<Membership>> byPlan = new TreeMap<>();
        for (Membership m : all) {
            byPlan.computeIfAbsent(m.plan(), k -> new ArrayList<>()).add(m);
        }
        Map<String, ShiftedBetaGeometric> models = new LinkedHashMap<>();
        List<PlanFit> plans = new ArrayList<>();
        List<Scored> scored = new ArrayList<>();
        double total = 0;
        ResidualDraws draws = new ResidualDraws(run.runId());
        for (Map.Entry<String, List<Membership>> e : byPlan.entrySet()) {
            PlanFit p = fitPlan(e.getKey(), e.getValue(), asOf, d, models, scored, draws);
            plans.add(p);
            total += p.residualValue();
        }
        if (!(d > 0)) {
            notes.add("The discount rate is 0, so a membership's residual lifetime has no finite value: give a "
                    + "positive --discount-rate for DERL and residual values.");
        }
        write(store, scored, run.runId());
        long active = all.stream().filter(m -> !m.lapsed(asOf)).count();
        Result r = new Result(run.runId(), asOf, all.size(), active, d, total, draws.totalInterval(total, LEVEL), plans,
                cohorts(all, asOf, models), notes);
        Results.save(store, RESULT, run.runId(), r);
        return r;
    }

    /** A membership with its posterior figures, for {@code customer_subscription}. */
    private record Scored(Membership m, int renewals, boolean active, double lapse, double renew, double derl,
                          double value) {
    }

    private static PlanFit fitPlan(String plan, List<Membership> ms, LocalDate asOf, double d,
                                   Map<String, ShiftedBetaGeometric> models, List<Scored> out, ResidualDraws draws) {
        int[] n = new int[ms.size()];
        boolean[] lapsed = new boolean[ms.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = ms.get(i).renewals(asOf);
            lapsed[i] = ms.get(i).lapsed(asOf);
        }
        long active = ms.size() - count(lapsed);
        double fee = medianFee(ms);
        FitResult<ShiftedBetaGeometric> fit;
        try {
            fit = MaximumLikelihood.withDefaults().fit(RenewalHistory.FAMILY, RenewalHistory.of(n, lapsed));
        } catch (ModelException ex) {
            for (int i = 0; i < n.length; i++) {
                out.add(new Scored(ms.get(i), n[i], !lapsed[i], Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            }
            return new PlanFit(plan, ms.size(), active, null, null, Double.NaN, fee, 0, null,
                    "no fit for plan " + plan + ": " + ex.getMessage());
        }
        ShiftedBetaGeometric model = fit.model();
        models.put(plan, model);
        double a = fit.parameter("alpha");
        double b = fit.parameter("beta");
        double value = 0;
        List<double[]> running = new ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            Membership m = ms.get(i);
            if (lapsed[i]) {
                out.add(new Scored(m, n[i], false, Double.NaN, 0, 0, 0));
                continue;
            }
            double lapse = a / (a + b + n[i]);
            double derl = d > 0 ? model.discountedExpectedResidualLifetime(d, n[i]) : Double.NaN;
            double mFee = Double.isNaN(m.fee()) ? fee : m.fee();
            double v = Double.isNaN(derl) || Double.isNaN(mFee) ? Double.NaN : mFee * derl;
            value += Double.isNaN(v) ? 0 : v;
            out.add(new Scored(m, n[i], true, lapse, 1 - lapse, derl, v));
            if (!Double.isNaN(v)) {
                running.add(new double[] {n[i], mFee});
            }
        }
        Estimate interval = d > 0 ? draws.add(fit, running, d, value, LEVEL) : null;
        return new PlanFit(plan, ms.size(), active, fit.interval("alpha", LEVEL), fit.interval("beta", LEVEL),
                a / (a + b), fee, value, interval, null);
    }

    private static List<CohortRow> cohorts(List<Membership> all, LocalDate asOf, Map<String, ShiftedBetaGeometric> models) {
        Map<String, double[]> rows = new TreeMap<>();
        for (Membership m : all) {
            String q = m.start().getYear() + "-Q" + ((m.start().getMonthValue() - 1) / 3 + 1);
            double[] r = rows.computeIfAbsent(q, k -> new double[3]);
            r[0]++;
            r[1] += m.lapsed(asOf) ? 0 : 1;
            ShiftedBetaGeometric model = models.get(m.plan());
            // Had it never lapsed, the membership would have made this many renewals by asOf.
            int possible = new Membership(m.customerId(), m.plan(), m.start(), null, m.fee()).renewals(asOf);
            r[2] += model == null ? Double.NaN : model.survival(possible);
        }
        List<CohortRow> out = new ArrayList<>();
        rows.forEach((q, r) -> out.add(new CohortRow(q, (long) r[0], (long) r[1], r[2])));
        return out;
    }

    private static List<Membership> load(RapportStore store, LocalDate asOf) {
        return store.query("SELECT customer_id, coalesce(plan, ?), start_date, end_date, fee FROM memberships "
                + "WHERE start_date <= ? ORDER BY customer_id, start_date", rs -> new Membership(rs.getString(1),
                rs.getString(2), rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class),
                rs.getObject(5) == null ? Double.NaN : rs.getDouble(5)), DEFAULT_PLAN, asOf);
    }

    private static void write(RapportStore store, List<Scored> rows, long runId) {
        try {
            DuckDBConnection duck = store.connection().unwrap(DuckDBConnection.class);
            try (DuckDBAppender a = duck.createAppender("customer_subscription")) {
                for (Scored s : rows) {
                    a.beginRow();
                    a.append(s.m().customerId());
                    a.append(s.m().plan());
                    a.append(s.m().start());
                    if (s.m().end() == null) {
                        a.appendNull();
                    } else {
                        a.append(s.m().end());
                    }
                    a.append(s.renewals());
                    a.append(s.active());
                    appendNumber(a, s.lapse());
                    appendNumber(a, s.renew());
                    appendNumber(a, s.derl());
                    appendNumber(a, s.value());
                    a.append(runId);
                    a.endRow();
                }
            }
        } catch (java.sql.SQLException e) {
            throw new StoreException("customer_subscription could not be written: " + e.getMessage(), e);
        }
    }

    private static void appendNumber(DuckDBAppender a, double v) throws java.sql.SQLException {
        if (Double.isNaN(v)) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }

    private static long count(boolean[] b) {
        long n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    private static double medianFee(List<Membership> ms) {
        double[] fees = ms.stream().mapToDouble(Membership::fee).filter(f -> !Double.isNaN(f)).sorted().toArray();
        if (fees.length == 0) {
            return Double.NaN;
        }
        return fees.length % 2 == 1 ? fees[fees.length / 2] : (fees[fees.length / 2 - 1] + fees[fees.length / 2]) / 2;
    }
}
