package org.rapport.model.btyd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rapport.model.fixtures.Tolerance.assertPrinted;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;

class BgNbdTest {
    private static final Properties GOLDEN = Fixtures.golden("bgnbd-cdnow.properties");

    private static double g(String key) {
        return Double.parseDouble(GOLDEN.getProperty(key));
    }

    @Test
    void reproducesThePublishedCdnowFit() {
        FitResult<BgNbd> fit = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow());
        assertThat(fit.converged()).isTrue();
        assertThat(fit.observations()).isEqualTo(2357);
        for (String p : new String[] {"r", "alpha", "a", "b"}) {
            assertPrinted(GOLDEN, "paper." + p, fit.parameter(p));
            assertPrinted(GOLDEN, "lifetimes." + p, fit.parameter(p));
        }
        assertPrinted(GOLDEN, "paper.ll", fit.logLikelihood());
        assertPrinted(GOLDEN, "lifetimes.ll", fit.logLikelihood());
    }

    @Test
    void reproducesThePublishedPredictions() {
        // The README's predictions use lifetimes' full-precision estimates; its 5-digit rounding moves
        // E[X(78)] by 5e-5, so predict from our own fit, which agrees with lifetimes to 5 digits.
        BgNbd m = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow()).model();
        assertPrinted(GOLDEN, "customer1.conditional39", m.conditionalExpectedPurchases(39, 2, 30.43, 38.86));
        assertPrinted(GOLDEN, "customer1.palive", m.probabilityAlive(2, 30.43, 38.86));
        assertPrinted(GOLDEN, "unconditional.39", m.expectedPurchases(39));
        assertPrinted(GOLDEN, "unconditional.78", m.expectedPurchases(78));
        double sum = 0;
        for (double[] v : Fixtures.cdnowRows()) {
            sum += m.conditionalExpectedPurchases(39, v[1], v[2], v[3]);
        }
        assertPrinted(GOLDEN, "sum.conditional39", sum);
    }

    @Test
    void probabilitiesOfPurchaseCountsSumToOneAndMatchTheMean() {
        BgNbd m = BgNbd.of(g("lifetimes.r"), g("lifetimes.alpha"), g("lifetimes.a"), g("lifetimes.b"));
        double total = 0;
        double mean = 0;
        for (int n = 0; n < 400; n++) {
            double p = m.probabilityOfPurchases(n, 39);
            total += p;
            mean += n * p;
        }
        // Truncating at n = 400 leaves a tail far below 1e-9 for these parameters.
        assertThat(total).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(mean).isCloseTo(m.expectedPurchases(39), org.assertj.core.data.Offset.offset(1e-7));
    }

    @Test
    void rejectsDataWithoutRepeatBuyers() {
        RfmTable t = RfmTable.builder().accept(0, 0, 10).accept(0, 0, 20).build();
        assertThatThrownBy(() -> MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, t))
                .isInstanceOf(ModelException.class).hasMessageContaining("no customer made a repeat purchase");
    }
}
