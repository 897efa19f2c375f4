package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 * Customers in no segment ({@code unassigned}) get no budget. Where the campaigns' control groups
 * measured a segment's response ({@link MeasuredResponse}), its G comes from that measurement instead, and
 * the result says for every segment which one it is ({@link Result#response()}).
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
     * @param response where each segment's response curve comes from: measured from the campaigns' control
     *     groups ({@link MeasuredResponse}) or the declared assumption, in a sentence per segment
     * @param responseNote the same for the whole allocation, in one sentence
     */
    public record Result(Long runId, double total, Parameters parameters, double lambda, double expectedGain, Double roi,
                         boolean applied, List<BudgetAllocator.Allocation> segments, double breakEvenTotal,
                         Map<String, String> response, String responseNote) {
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
        Map<String, MeasuredResponse.Segment> measured = MeasuredResponse.bySegment(store);
        long campaigns = MeasuredResponse.campaigns(store);
        Map<String, String> provenance = new TreeMap<>();
        String assumed = String.format(Locale.ROOT, "assumed: G = %.2f x equity at risk + %.2f x equity, k = %.2f per customer"
                + " (declared planning values, not measured)", parameters.recoverable(), parameters.growth(), parameters.costPerCustomer());
        store.stream(STAKES, rs -> {
            String seg = rs.getString(1);
            long n = rs.getLong(2);
            double k = parameters.costPerCustomer() * n;
            MeasuredResponse.Segment m = measured.get(seg);
            double g;
            if (m != null && m.usable()) {
                // a campaign reaches every customer once at the cost per contact: b = k buys n u = G (1 - 1/e)
                g = Math.max(0, n * m.perContact()) / (1 - Math.exp(-1));
                provenance.put(seg, m.provenance(campaigns));
            } else {
                g = parameters.recoverable() * Math.max(0, rs.getDouble(4)) + parameters.growth() * Math.max(0, rs.getDouble(3));
                provenance.put(seg, m == null ? assumed : assumed + String.format(Locale.ROOT, "; the campaigns reached only"
                        + " %,d treated and %,d control customers here (at least %d of each needed)", m.treated(), m.control(),
                        MeasuredResponse.MIN_ARM));
            }
            return responses.add(new BudgetAllocator.Response(seg, g, k));
        }, x -> { });
        long measuredSegments = provenance.values().stream().filter(v -> v.startsWith("measured")).count();
        String note = campaigns == 0
                ? "no campaign with a control group in the store (rapport campaign export): every response curve is " + assumed
                : measuredSegments == provenance.size()
                ? String.format(Locale.ROOT, "every segment's response curve is measured from %d campaign(s) with control groups", campaigns)
                : String.format(Locale.ROOT, "%d of %d segments' response curves are measured from %d campaign(s) with control groups;"
                + " the others are %s", measuredSegments, provenance.size(), campaigns, assumed);
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
                total > 0 ? a.expectedGain() / total : null, apply, a.segments(), breakEven, provenance, note);
        Results.save(store, RESULT, runId, r);
        return r;
    }
}
