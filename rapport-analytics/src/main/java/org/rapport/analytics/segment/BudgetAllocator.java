package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a marketing budget across segments by return on customer equity.
 *
 * <p>Response model: spending b on segment s gains expected equity
 * g<sub>s</sub>(b) = G<sub>s</sub> (1 − e<sup>−b/k<sub>s</sub></sup>): G<sub>s</sub> is the attainable
 * gain (the equity a campaign can at most add), k<sub>s</sub> the scale (the spend that reaches 63% of
 * it), and returns diminish with every unit. Maximising Σ g<sub>s</sub>(b<sub>s</sub>) subject to
 * Σ b<sub>s</sub> = B, b<sub>s</sub> ≥ 0 is concave; its KKT conditions equalise the marginal
 * returns g'<sub>s</sub>(b<sub>s</sub>) = (G<sub>s</sub>/k<sub>s</sub>) e<sup>−b<sub>s</sub>/k<sub>s</sub></sup>
 * = λ on every funded segment, and leave b<sub>s</sub> = 0 where the marginal return at zero,
 * G<sub>s</sub>/k<sub>s</sub>, is at most λ. So b<sub>s</sub>(λ) = k<sub>s</sub> max(0, ln(G<sub>s</sub> /
 * (k<sub>s</sub> λ))) ("water-filling"); Σ b<sub>s</sub>(λ) falls as λ rises, and λ is found by bisection
 * on log λ until the budgets sum to B.
 */
public final class BudgetAllocator {
    /**
     * A segment's response curve.
     *
     * @param segment the segment name
     * @param attainableGain G, the most equity spending can add (not negative)
     * @param scale k, the spend reaching 1 − 1/e of G (positive)
     */
    public record Response(String segment, double attainableGain, double scale) {
        /** Validates. */
        public Response {
            if (!(attainableGain >= 0 && Double.isFinite(attainableGain))) {
                throw new SegmentException("attainable gain of " + segment + " must be finite and at least 0, not " + attainableGain);
            }
            if (!(scale > 0 && Double.isFinite(scale))) {
                throw new SegmentException("response scale of " + segment + " must be finite and positive, not " + scale);
            }
        }

        /** @param b spend @return g(b) = G (1 − exp(−b/k)) */
        public double gain(double b) {
            return attainableGain * -Math.expm1(-b / scale);
        }

        /** @param b spend @return g'(b) = (G/k) exp(−b/k) */
        public double marginal(double b) {
            return attainableGain / scale * Math.exp(-b / scale);
        }
    }

    /**
     * One segment's share.
     *
     * @param segment the segment
     * @param budget its budget b
     * @param expectedGain g(b)
     * @param marginalReturn g'(b): equity per extra unit of budget
     * @param roi g(b) / b, or null when unfunded
     * @param attainableGain G
     * @param scale k
     */
    public record Allocation(String segment, double budget, double expectedGain, double marginalReturn, Double roi,
                             double attainableGain, double scale) {
    }

    /**
     * The allocation.
     *
     * @param total the budget B
     * @param lambda the common marginal return of the funded segments
     * @param expectedGain Σ g(b)
     * @param segments one entry per segment, input order
     */
    public record Result(double total, double lambda, double expectedGain, List<Allocation> segments) {
    }

    private BudgetAllocator() {
    }

    /**
     * @param responses the segments' response curves (at least one)
     * @param total the budget B (finite, not negative)
     * @return budgets that sum to B and equalise marginal returns
     */
    public static Result allocate(List<Response> responses, double total) {
        if (responses.isEmpty()) {
            throw new SegmentException("there are no segments to allocate a budget to: run rapport segments discover first");
        }
        if (!(total >= 0 && Double.isFinite(total))) {
            throw new SegmentException("the total budget must be a finite number of at least 0, not " + total);
        }
        double maxMarginal = 0;
        for (Response r : responses) {
            maxMarginal = Math.max(maxMarginal, r.attainableGain() / r.scale());
        }
        double[] b = new double[responses.size()];
        double lambda = maxMarginal;
        if (total > 0 && maxMarginal > 0) {
            // Σ b(λ) is continuous and decreasing in log λ: 0 at λ = max G/k, and ≥ B at a small enough λ.
            double hi = Math.log(maxMarginal);
            double lo = hi - 1;
            while (spend(responses, lo, b) < total) {
                lo -= 2 * (hi - lo);
            }
            for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); it++) {
                double mid = 0.5 * (lo + hi);
                if (spend(responses, mid, b) > total) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double logLambda = 0.5 * (lo + hi);
            lambda = Math.exp(logLambda);
            double spent = spend(responses, logLambda, b);
            // Spread the rounding residual over funded segments in proportion to k (∂b/∂ln λ = −k).
            double kFunded = 0;
            for (int s = 0; s < b.length; s++) {
                kFunded += b[s] > 0 ? responses.get(s).scale() : 0;
            }
            for (int s = 0; s < b.length; s++) {
                if (b[s] > 0) {
                    b[s] += (total - spent) * responses.get(s).scale() / kFunded;
                }
            }
        } else if (total > 0) {
            // Nothing can be gained anywhere: spread evenly, every marginal return is 0.
            java.util.Arrays.fill(b, total / b.length);
            lambda = 0;
        }
        List<Allocation> out = new ArrayList<>();
        double gain = 0;
        for (int s = 0; s < b.length; s++) {
            Response r = responses.get(s);
            double g = r.gain(b[s]);
            gain += g;
            out.add(new Allocation(r.segment(), b[s], g, r.marginal(b[s]), b[s] > 0 ? g / b[s] : null, r.attainableGain(),
                    r.scale()));
        }
        return new Result(total, lambda, gain, List.copyOf(out));
    }

    /** Fills b with b_s(λ) = k_s max(0, ln(G_s/k_s) − ln λ), in logs so a tiny λ cannot underflow. */
    private static double spend(List<Response> responses, double logLambda, double[] b) {
        double sum = 0;
        for (int s = 0; s < b.length; s++) {
            Response r = responses.get(s);
            double gap = r.attainableGain() > 0 ? Math.log(r.attainableGain() / r.scale()) - logLambda : 0;
            b[s] = gap > 0 ? r.scale() * gap : 0;
            sum += b[s];
        }
        return sum;
    }
}
