package org.rapport.model.covariates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;

/** The likelihood with covariates against its definition, and its gradient against central differences. */
class CovariateFamilyTest {
    @SuppressWarnings("unchecked")
    private static final ModelFamily<RfmTable, ? extends PurchaseModel>[] FAMILIES =
            new ModelFamily[] {ParetoNbd.FAMILY, BgNbd.FAMILY};

    /**
     * At any (&theta;, &gamma;) the likelihood is the sum of the base model's per-customer likelihoods at each
     * customer's own parameters (computed here customer by customer, the definition); two summation orders
     * over ~10,000 terms of size ~5 differ by rounding ~1e-10, so 1e-9 relative.
     */
    @Test
    void likelihoodIsTheSumOfEachCustomersBaseLikelihood() {
        for (ModelFamily<RfmTable, ? extends PurchaseModel> family : FAMILIES) {
            double[] theta = family == ParetoNbd.FAMILY ? new double[] {0.6, 8, 0.6, 10} : new double[] {0.6, 8, 0.8, 2.5};
            CovariateTable data = CovariateRecoveryTest.world(family, theta, new double[] {0.3, -0.2},
                    new double[] {0.1, 0.4}, 5);
            CovariateFamily f = new CovariateFamily(family, data.names(), null);
            double[] p = {0.5, 7, family == ParetoNbd.FAMILY ? 0.5 : 0.7, 9, Math.exp(0.2), Math.exp(-0.1),
                    Math.exp(0.3), Math.exp(0.05)};
            double ll = f.logLikelihood(data).value(p, null);
            CovariateModel m = f.create(p);
            double direct = 0;
            for (int g = 0; g < data.groups(); g++) {
                PurchaseModel pm = m.modelFor(data.z(g));
                RfmTable t = data.table(g);
                for (int i = 0; i < t.size(); i++) {
                    direct += t.count(i) * pm.logLikelihood(t.x(i), t.tx(i), t.bigT(i));
                }
            }
            assertThat(ll).isCloseTo(direct, within(1e-9 * Math.abs(direct)));
        }
    }

    /**
     * Central differences with a relative step of 1e-5 err by ~1e-6 absolute on a likelihood of ~1e4 (see
     * the purchase-model contract test); the gradient away from the optimum is 1e1-1e4, so 1e-5 of its largest
     * component catches any wrong chain-rule term.
     */
    @Test
    void gradientMatchesCentralDifferences() {
        for (ModelFamily<RfmTable, ? extends PurchaseModel> family : FAMILIES) {
            double[] theta = family == ParetoNbd.FAMILY ? new double[] {0.6, 8, 0.6, 10} : new double[] {0.6, 8, 0.8, 2.5};
            CovariateTable data = CovariateRecoveryTest.world(family, theta, new double[] {0.3, -0.2},
                    new double[] {0.1, 0.4}, 6);
            LogLikelihood ll = new CovariateFamily(family, data.names(), null).logLikelihood(data);
            double[] p = {0.5, 7, family == ParetoNbd.FAMILY ? 0.5 : 0.7, 9, Math.exp(0.2), Math.exp(-0.1),
                    Math.exp(0.3), Math.exp(0.05)};
            double[] grad = new double[p.length];
            ll.value(p, grad);
            double[] fd = new double[p.length];
            double scale = 1;
            for (int i = 0; i < p.length; i++) {
                double h = 1e-5 * p[i];
                double[] up = p.clone();
                double[] down = p.clone();
                up[i] += h;
                down[i] -= h;
                fd[i] = (ll.value(up, null) - ll.value(down, null)) / (2 * h);
                scale = Math.max(scale, Math.abs(fd[i]));
            }
            for (int i = 0; i < p.length; i++) {
                assertThat(grad[i]).as("%s d/dp%d %s vs %s", family.name(), i, Arrays.toString(grad), Arrays.toString(fd))
                        .isCloseTo(fd[i], within(1e-5 * scale));
            }
        }
    }
}
