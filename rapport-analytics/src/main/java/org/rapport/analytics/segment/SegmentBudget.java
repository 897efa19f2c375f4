package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;

/**
 * {@code rapport budget allocate}: builds each segment's response curve from its customers' scores and
 * splits a budget with {@link BudgetAllocator}.
 *
 * <p>Defaults (docs/analytics.md, "Budget allocation"): the attainable gain of segment s is
 * G<sub>s</sub> = ρ Σ CLV<sub>i</sub> (1 − P(alive)<sub>i</sub>) + γ Σ CLV<sub>i</sub>: a share ρ = 0.5 of the
 * equity at risk (value weighted by the chance the customer has already left, which retention spend can
 * partly win back) plus a growth share γ = 0.05 of the segment's equity (what development spend can add
 * to customers who stay); the scale is k<sub>s</sub> = c n<sub>s</sub> with c = 5 money units per customer:
 * spending c on every customer of a segment reaches 1 − 1/e ≈ 63% of its attainable gain.
 * Customers in no segment ({@code unassigned}) get no budget.
 */
public final class SegmentBudget {
    /** The analysis name under which {@link Results} keeps the latest allocation. */
    public static final String RESULT = "budget";

    /**
     * Parameters of the response curves.
     *
     * @param recoverable ρ, share of the equity at risk that spending can win back
     * @param growth γ, share of the equity that spending can add
     * @param costPerCustomer c, spend per customer that reaches 63% of the attainable gain
     */
    public record Parameters(double recoverable, double growth, double costPerCustomer) {
        /** Validates. */
        public Parameters {
            if (!(recoverable >= 0 && recoverable <= 1) || !(growth >= 0 && growth <= 1)) {
                throw new SegmentException("--recoverable and --growth must be shares between 0 and 1, not "
                        + recoverable + " and " + growth);
            }
            if (!(costPerCustomer > 0 && Double.isFinite(costPerCustomer))) {
                throw new SegmentException("--cost-per-customer must be a positive number, not " + costPerCustomer);
            }
        }

        /** @return ρ = 0.5, γ = 0.05, c = 5 */
        public static Parameters defaults() {
            return new Parameters(0.5, 0.05, 5.0);
        }
    }

    /**
     * The stored and printed allocation.
     *
     * @param runId the scores' run
     * @param total the budget
     * @param parameters the response parameters
     * @param lambda the common marginal return (equity per extra unit of budget) of funded segments
     * @param expectedGain total expected equity gain
     * @param roi expectedGain / total
     * @param applied whether the budgets were written into {@code segments.budget}
     * @param segments one entry per segment
     * @param breakEvenTotal the total at which the common marginal return is 1 (Σ k max(0, ln(G/k))): beyond
     *     it an extra unit of budget adds less than one unit of equity
     */
    public record Result(Long runId, double total, Parameters parameters, double lambda, double expectedGain, Double roi,
                         boolean applied, List<BudgetAllocator.Allocation> segments, double breakEvenTotal) {
    }

    private static final String STAKES = "SELECT cs.segment, count(*), coalesce(sum(s.clv), 0), "
            + "coalesce(sum(s.clv * (1 - s.p_alive)), 0) FROM customer_segment cs JOIN customer_scores s USING (customer_id) "
            + "WHERE cs.segment <> 'unassigned' AND s.clv IS NOT NULL GROUP BY cs.segment ORDER BY cs.segment";

    private SegmentBudget() {
    }

    /**
     * Allocates a budget across the segments of {@code customer_segment}, saves it as the {@code budget}
     * result, and optionally writes each segment's budget.
     *
     * @param store the store (segments assigned)
     * @param total the budget
     * @param parameters the response parameters
     * @param apply whether to set {@code segments.budget}
     * @return the allocation
     */
    public static Result allocate(RapportStore store, double total, Parameters parameters, boolean apply) {
        SegmentAnalysis.requireScores(store);
        List<BudgetAllocator.Response> responses = new ArrayList<>();
        store.stream(STAKES, rs -> {
            double g = parameters.recoverable() * Math.max(0, rs.getDouble(4)) + parameters.growth() * Math.max(0, rs.getDouble(3));
            return responses.add(new BudgetAllocator.Response(rs.getString(1), g, parameters.costPerCustomer() * rs.getLong(2)));
        }, x -> { });
        if (responses.isEmpty()) {
            throw new SegmentException("no customer is in a segment yet: run rapport segments discover first");
        }
        BudgetAllocator.Result a = BudgetAllocator.allocate(responses, total);
        if (apply) {
            SegmentStore segments = SegmentStore.of(store);
            for (BudgetAllocator.Allocation s : a.segments()) {
                if (segments.find(s.segment()).isPresent()) {
                    segments.set(s.segment(), null, null, s.budget());
                }
            }
        }
        Long runId = Results.latestRunId(store).orElse(null);
        double breakEven = 0;
        for (BudgetAllocator.Response x : responses) {
            breakEven += x.attainableGain() > x.scale() ? x.scale() * Math.log(x.attainableGain() / x.scale()) : 0;
        }
        Result r = new Result(runId, total, parameters, a.lambda(), a.expectedGain(),
                total > 0 ? a.expectedGain() / total : null, apply, a.segments(), breakEven);
        Results.save(store, RESULT, runId, r);
        return r;
    }
}
