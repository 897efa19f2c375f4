package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The budget allocator: sums to the total, equal marginal returns, agrees with a brute-force search. */
class BudgetAllocatorTest {
    private static final List<BudgetAllocator.Response> THREE = List.of(
            new BudgetAllocator.Response("a", 1000, 100),
            new BudgetAllocator.Response("b", 600, 50),
            new BudgetAllocator.Response("c", 50, 40));

    @Test
    void closedFormOfTheTwoFundedSegments() {
        // With a and b funded: b_s = k_s ln(G_s / (k_s λ)), Σ b = B gives
        // ln λ = (100 ln 10 + 50 ln 12 − 150) / 150 = (230.2585 + 124.2453 − 150) / 150 = 1.363359,
        // λ = 3.90935; c's marginal at 0 is 50/40 = 1.25 < λ, so c stays unfunded.
        BudgetAllocator.Result r = BudgetAllocator.allocate(THREE, 150);
        double lnLambda = (100 * Math.log(10) + 50 * Math.log(12) - 150) / 150;
        assertThat(r.lambda()).isCloseTo(Math.exp(lnLambda), offset(1e-9));
        assertThat(r.segments().get(0).budget()).isCloseTo(100 * (Math.log(10) - lnLambda), offset(1e-9));
        assertThat(r.segments().get(2).budget()).isZero();
        assertThat(r.segments().get(2).roi()).isNull();
    }

    @Property(tries = 200)
    void budgetsSumToTheTotalAndMarginalReturnsAreEqualWhereFunded(@ForAll @DoubleRange(min = 0, max = 1e6) double total,
                                                                    @ForAll @DoubleRange(min = 1, max = 1e5) double g,
                                                                    @ForAll @DoubleRange(min = 1, max = 1e3) double k) {
        List<BudgetAllocator.Response> rs = List.of(new BudgetAllocator.Response("x", g, k),
                new BudgetAllocator.Response("y", 2 * g, 3 * k), new BudgetAllocator.Response("z", g / 10, k / 2),
                new BudgetAllocator.Response("w", 0, k));
        BudgetAllocator.Result r = BudgetAllocator.allocate(rs, total);
        double sum = r.segments().stream().mapToDouble(BudgetAllocator.Allocation::budget).sum();
        // Relative 1e-12: the residual is spread exactly; only summation rounding remains.
        assertThat(sum).isCloseTo(total, offset(1e-12 * Math.max(1, total)));
        for (BudgetAllocator.Allocation a : r.segments()) {
            assertThat(a.budget()).isGreaterThanOrEqualTo(0);
            if (a.budget() > 1e-9 * Math.max(1, total)) {
                // Relative 1e-6 from the bisection on log λ; an absolute 1e-300 for budgets so large that
                // exp(−b/k) underflows (every gain saturated, every marginal return about 0).
                assertThat(a.marginalReturn()).isCloseTo(r.lambda(), offset(1e-6 * r.lambda() + 1e-300));
            } else {
                assertThat(a.marginalReturn()).isLessThanOrEqualTo(r.lambda() * (1 + 1e-9));
            }
        }
    }

    @Test
    void agreesWithABruteForceGridOnThreeSegments() {
        // Grid of step 0.5 over b_a + b_b + b_c = 150; the allocator must be at least as good as the
        // best grid point, and within one grid step of it in every budget.
        double total = 150;
        double best = -1;
        double[] arg = null;
        for (double a = 0; a <= total; a += 0.5) {
            for (double b = 0; a + b <= total; b += 0.5) {
                double c = total - a - b;
                double v = THREE.get(0).gain(a) + THREE.get(1).gain(b) + THREE.get(2).gain(c);
                if (v > best) {
                    best = v;
                    arg = new double[] {a, b, c};
                }
            }
        }
        BudgetAllocator.Result r = BudgetAllocator.allocate(THREE, total);
        assertThat(r.expectedGain()).isGreaterThanOrEqualTo(best - 1e-9);
        for (int s = 0; s < 3; s++) {
            assertThat(r.segments().get(s).budget()).isCloseTo(arg[s], offset(0.5));
        }
    }

    @Test
    void zeroBudgetAndBadInput() {
        BudgetAllocator.Result r = BudgetAllocator.allocate(THREE, 0);
        assertThat(r.segments()).allSatisfy(a -> assertThat(a.budget()).isZero());
        assertThat(r.lambda()).isEqualTo(12.0);
        assertThatThrownBy(() -> BudgetAllocator.allocate(THREE, -1)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> BudgetAllocator.allocate(List.of(), 10)).hasMessageContaining("no segments");
        assertThatThrownBy(() -> new BudgetAllocator.Response("a", 1, 0)).hasMessageContaining("positive");
    }
}
