package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.interval.Estimate;

/**
 * Worlds planted by Pareto/NBD and MBG/NBD ({@code rapport simulate --purchase-family}): the family's fit
 * on the calibration summary of the orders covers the planted parameters. As in
 * {@link PurchaseProcessTest}, each 99% interval misses with probability 0.01 for a right simulator
 * (at most 4% for the four of a fixed seed); a wrong dropout process moves the estimates by many
 * standard errors at 20,000 customers.
 */
class PurchaseFamilyTest {
    private static final int N = 20_000;

    @Test
    void paretoNbdWorldsRecoverTheirParameters() {
        check(PurchaseFamily.PNBD, ParetoNbd.FAMILY, new double[] {0.553, 10.578, 0.606, 11.669});
    }

    @Test
    void mbgNbdWorldsRecoverTheirParameters() {
        check(PurchaseFamily.MBGNBD, MbgNbd.FAMILY, new double[] {0.525, 6.183, 0.891, 1.614});
    }

    @Test
    void familiesAreNamedAsInTheOptions() {
        assertThat(PurchaseFamily.of("PNBD")).isEqualTo(PurchaseFamily.PNBD);
        assertThat(PurchaseFamily.PNBD.parameterNames()).containsExactly("r", "alpha", "s", "beta");
        assertThatThrownBy(() -> PurchaseFamily.of("gamma")).hasMessageContaining("bgnbd, pnbd, mbgnbd");
        assertThatThrownBy(() -> WorldOptions.withDefaults().withPurchaseModel(PurchaseFamily.PNBD, 1, 1, -1, 1))
                .hasMessageContaining("s = -1.0");
    }

    private static void check(PurchaseFamily family, ModelFamily<RfmTable, ? extends PurchaseModel> model, double[] truth) {
        WorldOptions o = WorldOptions.withDefaults().withCustomers(N).withSeed(7)
                .withPurchaseModel(family, truth[0], truth[1], truth[2], truth[3]);
        World w = WorldSimulator.of(o).generate();
        FitResult<? extends PurchaseModel> fit = MaximumLikelihood.withDefaults().fit(model,
                PurchaseProcessTest.calibrationSummary(w));
        for (int i = 0; i < truth.length; i++) {
            String name = fit.parameterNames().get(i);
            Estimate ci = fit.interval(name, 0.99);
            assertThat(ci.contains(truth[i])).as(family + " " + name + " " + ci).isTrue();
        }
        long gone = w.truth().stream().filter(t -> !t.aliveAtEnd()).count();
        assertThat(gone).isPositive().isLessThan(N);
    }
}
