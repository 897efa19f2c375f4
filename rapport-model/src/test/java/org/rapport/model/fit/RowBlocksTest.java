package org.rapport.model.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.data.RfmTable;
import org.rapport.model.simulate.BgNbdSimulator;
import org.rapport.model.simulate.ParetoNbdSimulator;

/**
 * Issue 17 item 6: the likelihoods summed in parallel blocks give the same bits on any number of
 * threads, and the warm start from a subsample lands on the full data's optimum.
 */
class RowBlocksTest {
    static final RfmTable BG = BgNbdSimulator.of(0.243, 4.414, 0.793, 2.426).simulate(250_000, 5L).toRfmTable();

    @Test
    void sameBitsOnOneThreadOrFour() throws Exception {
        RfmTable pn = ParetoNbdSimulator.of(0.55, 10.6, 0.61, 11.7).simulate(60_000, 6L).toRfmTable();
        for (Object[] c : List.<Object[]>of(new Object[] {BgNbd.FAMILY.logLikelihood(BG), new double[] {0.3, 5, 0.7, 2}},
                new Object[] {ParetoNbd.FAMILY.logLikelihood(pn), new double[] {0.5, 9, 0.7, 12}})) {
            LogLikelihood ll = (LogLikelihood) c[0];
            double[] p = (double[]) c[1];
            double[] g1 = new double[4];
            double[] g4 = new double[4];
            double v1 = new ForkJoinPool(1).submit(() -> ll.value(p, g1)).get();
            double v4 = new ForkJoinPool(4).submit(() -> ll.value(p, g4)).get();
            assertThat(v4).isEqualTo(v1);
            assertThat(g4).containsExactly(g1);
        }
    }

    @Test
    void warmStartFindsTheSameOptimum() {
        assertThat(BG.size()).isGreaterThanOrEqualTo(MaximumLikelihood.WARM_ROWS);
        FitResult<BgNbd> warm = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, BG);
        FitResult<BgNbd> cold = MaximumLikelihood.withDefaults().fit(noSubsample(BgNbd.FAMILY), BG);
        assertThat(warm.converged()).isTrue();
        assertThat(warm.logLikelihood()).isCloseTo(cold.logLikelihood(), within(1e-6));
        for (int i = 0; i < 4; i++) {
            assertThat(warm.parameters()[i]).isCloseTo(cold.parameters()[i], within(1e-5 * cold.parameters()[i]));
            assertThat(warm.standardError(i)).isCloseTo(cold.standardError(i), within(1e-3 * cold.standardError(i)));
        }
    }

    private static <M> ModelFamily<RfmTable, M> noSubsample(ModelFamily<RfmTable, M> f) {
        return new ModelFamily<>() {
            @Override
            public String name() {
                return f.name();
            }

            @Override
            public List<String> parameterNames() {
                return f.parameterNames();
            }

            @Override
            public M create(double[] params) {
                return f.create(params);
            }

            @Override
            public LogLikelihood logLikelihood(RfmTable data) {
                return f.logLikelihood(data);
            }

            @Override
            public List<double[]> startingValues(RfmTable data) {
                return f.startingValues(data);
            }

            @Override
            public double observations(RfmTable data) {
                return f.observations(data);
            }

            @Override
            public int distinctRows(RfmTable data) {
                return f.distinctRows(data);
            }
        };
    }
}
