package org.rapport.model.special;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Hyp2F1 against the arbitrary-precision apfloat oracle ({@link Hyp2F1Oracle}) on a grid that visits
 * every branch ({@link Hyp2F1OracleTable#grid()}), through the table of oracle values, a sample of
 * which is recomputed here.
 *
 * <p>Note on accuracy. The oracle is exact to 28 digits at the same double arguments, so what is
 * measured is the error of the double algorithm alone. Two sources bound it: (1) rounding in sums of at
 * most a few thousand terms that cancel by less than a factor 100 (the code switches method beyond
 * that): a few hundred ulps, hence 1e-13 relative; (2) the rounding of c&minus;a&minus;b itself,
 * |&delta;d| &le; 2&epsilon;(|a|+|b|+|c|), which enters as (1&minus;z)<sup>c&minus;a&minus;b</sup> and so moves ln F by
 * |&delta;d ln(1&minus;z)|. The tolerance on ln |F| is the sum of both; for parameters below 50 and z &le; 0.99
 * it is below 5e-13 (1e-12 was the target).
 */
class Hyp2F1Test {
    private static final double EPS = Math.ulp(1.0);

    private static double tolerance(double a, double b, double c, double z) {
        double logW = z < 1 ? Math.abs(Math.log1p(-z)) : 0;
        return 1e-13 + 2 * EPS * (Math.abs(a) + Math.abs(b) + Math.abs(c)) * Math.max(1, logW);
    }

    @Test
    void matchesTheOracleOnEveryPointOfTheGrid() {
        List<double[]> table = Hyp2F1OracleTable.read();
        List<double[]> grid = Hyp2F1OracleTable.grid();
        assertThat(table).as("the table covers the grid; regenerate it if the grid changed").hasSameSizeAs(grid);
        double worst = 0;
        double[] worstAt = null;
        for (int i = 0; i < table.size(); i++) {
            double[] row = table.get(i);
            assertThat(Arrays.copyOf(row, 4)).as("row %d", i).containsExactly(grid.get(i));
            double a = row[0];
            double b = row[1];
            double c = row[2];
            double z = row[3];
            double expected = row[5];
            double actual = row[4] > 0 ? Hyp2F1.logValue(a, b, c, z) : Math.log(-Hyp2F1.value(a, b, c, z));
            double err = Math.abs(actual - expected);
            assertThat(err).as("ln|2F1(%s, %s; %s; %s)| = %s vs oracle %s", a, b, c, z, actual, expected)
                    .isLessThanOrEqualTo(tolerance(a, b, c, z));
            if (Math.abs(expected) < 700) {
                // value() takes the fast path where it can: same answer as a relative error.
                double v = Hyp2F1.value(a, b, c, z);
                assertThat(Math.abs(v / (row[4] * Math.exp(expected)) - 1)).as("2F1(%s, %s; %s; %s)", a, b, c, z)
                        .isLessThanOrEqualTo(tolerance(a, b, c, z) + 4 * EPS * Math.max(1, Math.abs(expected)));
            }
            if (err > worst) {
                worst = err;
                worstAt = row;
            }
        }
        System.out.printf("Hyp2F1 vs apfloat oracle: %d points, worst |error in ln F| %.2e at %s%n",
                table.size(), worst, Arrays.toString(worstAt));
    }

    @Test
    void theTableIsWhatTheOracleComputes() {
        // Recompute a sample: one row in 80, which visits each region of the grid (a few seconds).
        List<double[]> table = Hyp2F1OracleTable.read();
        for (int i = 7; i < table.size(); i += 80) {
            double[] row = table.get(i);
            double ln = Hyp2F1Oracle.logValue(row[0], row[1], row[2], row[3]);
            assertThat(ln).as("row %d %s", i, Arrays.toString(row))
                    .isCloseTo(row[5], Offset.offset(1e-15 * Math.max(1, Math.abs(row[5]))));
        }
    }

    @Test
    void theOracleAgreesWithApfloatsOwnHypergeometricFunction() {
        // An independent 2F1 (apfloat's ApfloatMath.hypergeometric2F1, 30 digits) checks the oracle on a
        // series point and a Pfaff point; agreement to 1e-25 is far below what a double can resolve.
        double[][] points = {{0.55, 12.3, 4.1, 0.3}, {1, 2.5, 4.1, -3}};
        for (double[] p : points) {
            Apfloat[] q = new Apfloat[4];
            for (int i = 0; i < 4; i++) {
                q[i] = new Apfloat(new BigDecimal(p[i]), 30);
            }
            Apfloat builtIn = ApfloatMath.hypergeometric2F1(q[0], q[1], q[2], q[3]);
            Apfloat oracle = Hyp2F1Oracle.value(p[0], p[1], p[2], p[3]);
            double rel = ApfloatMath.abs(oracle.subtract(builtIn).divide(builtIn)).doubleValue();
            assertThat(rel).as("oracle vs apfloat at %s", Arrays.toString(p)).isLessThan(1e-25);
        }
    }

    @Test
    void gaussSumAtOneAndPolynomials() {
        // A&S 15.1.20: 2F1(0.5, 1; 3; 1) = Γ(3)Γ(1.5)/(Γ(2.5)Γ(2)) = 2 / 1.5 = 4/3.
        assertThat(Hyp2F1.value(0.5, 1, 3, 1)).isCloseTo(4.0 / 3, Offset.offset(4 * EPS));
        // 2F1(-2, 3; 5; z) = 1 - 1.2 z + 0.4 z²: 0.244 at z = 0.9 and 29 at z = -7.
        assertThat(Hyp2F1.value(-2, 3, 5, 0.9)).isCloseTo(0.244, Offset.offset(1e-15));
        assertThat(Hyp2F1.value(-2, 3, 5, -7)).isCloseTo(29, Offset.offset(1e-13));
        assertThat(Hyp2F1.value(2.5, 3, 5, 0)).isEqualTo(1);
        // 2F1(1, 1; 2; z) = -ln(1-z)/z (A&S 15.1.3), near 1, far below 0 and in between.
        for (double z : new double[] {0.999999, -1e6, 0.25}) {
            double expected = -Math.log1p(-z) / z;
            assertThat(Hyp2F1.value(1, 1, 2, z)).isCloseTo(expected, Offset.offset(1e-14 * expected));
        }
    }

    @Test
    void logScaleBeyondTheRangeOfADouble() {
        // The grid's large-x shapes near z = 1 reach F ~ e^5000: value() overflows, logValue() does not.
        int beyond = 0;
        for (double[] row : Hyp2F1OracleTable.read()) {
            if (row[4] > 0 && row[5] > Math.log(Double.MAX_VALUE)) {
                beyond++;
                assertThat(Hyp2F1.value(row[0], row[1], row[2], row[3])).isEqualTo(Double.POSITIVE_INFINITY);
                assertThat(Hyp2F1.logValue(row[0], row[1], row[2], row[3]))
                        .isCloseTo(row[5], Offset.offset(tolerance(row[0], row[1], row[2], row[3])));
            }
        }
        assertThat(beyond).isGreaterThan(10);
    }

    @Test
    void rejectsArgumentsOutsideTheDomainWithReasons() {
        assertThatThrownBy(() -> Hyp2F1.value(1, 2, 3, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diverges");
        assertThatThrownBy(() -> Hyp2F1.value(1, 2, 2.5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c - a - b > 0");
        assertThatThrownBy(() -> Hyp2F1.value(1, 2, -3, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative integer");
        assertThatThrownBy(() -> Hyp2F1.value(Double.NaN, 2, 3, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        // c below both a and b with z < 0: the value is a tiny remainder of huge alternating terms.
        assertThatThrownBy(() -> Hyp2F1.value(40, 12.3, 1.5, -5)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("cancel");
        // 2F1(1, -1.5; 0.5; 0.5) = -0.2174 (the oracle): no logarithm.
        double negative = Hyp2F1Oracle.value(1, -1.5, 0.5, 0.5).doubleValue();
        assertThat(negative).isNegative();
        assertThat(Hyp2F1.value(1, -1.5, 0.5, 0.5)).isCloseTo(negative, Offset.offset(1e-14));
        assertThatThrownBy(() -> Hyp2F1.logValue(1, -1.5, 0.5, 0.5)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("not positive");
    }
}
