package org.rapport.analytics.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.ParetoNbd;

class RelationshipLengthTest {
    /** Trapezoid rule over 200,000 steps: error O(h²) far below the 1e-6 asked. */
    private static double trapezoid(java.util.function.DoubleUnaryOperator f, double h) {
        int n = 200_000;
        double du = h / n;
        double sum = (f.applyAsDouble(0) + f.applyAsDouble(h)) / 2;
        for (int i = 1; i < n; i++) {
            sum += f.applyAsDouble(i * du);
        }
        return sum * du;
    }

    @Test
    void paretoNbdIsTheIntegralOfTheSurvival() {
        // mu | alive ~ Gamma(s, beta + T): S(u) = ((beta + T) / (beta + T + u))^s
        double s = 0.606;
        double bt = 11.669 + 40;
        double want = trapezoid(u -> Math.pow(bt / (bt + u), s), 156);
        assertThat(RelationshipLength.ifAlive(ParetoNbd.of(0.553, 10.578, s, 11.669), 3, 40, 156))
                .isCloseTo(want, within(1e-6 * want));
        // shape exactly 1: the logarithmic limit
        assertThat(RelationshipLength.integral(10, 1, 1, 20)).isCloseTo(10 * Math.log(3), within(1e-12));
        // no dropout: the whole horizon
        assertThat(RelationshipLength.integral(10, 0, 2, 20)).isEqualTo(20);
    }

    @Test
    void bgNbdAveragesTheSurvivalOverTheDropoutPosterior() {
        // lambda | alive ~ Gamma(r + x, alpha + T), p | alive ~ Beta(a, b + x); E over p by a plain midpoint
        // rule on p itself (1,000,000 nodes; the Beta's p^(a-1) singularity at 0 is integrable, the
        // rule's error there is about nodes^(-a) = 2e-5 relative), the survival integral in closed form
        double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, x = 2, bigT = 30, h = 156;
        int n = 1_000_000;
        double num = 0, den = 0;
        for (int i = 0; i < n; i++) {
            double p = (i + 0.5) / n;
            double w = Math.pow(p, a - 1) * Math.pow(1 - p, b + x - 1);
            num += w * RelationshipLength.integral(alpha + bigT, p, r + x, h);
            den += w;
        }
        double want = num / den;
        double got = RelationshipLength.ifAlive(BgNbd.of(r, alpha, a, b), x, bigT, h);
        assertThat(got).isCloseTo(want, within(1e-3 * want));
        assertThat(got).isBetween(0.0, h);
    }
}
