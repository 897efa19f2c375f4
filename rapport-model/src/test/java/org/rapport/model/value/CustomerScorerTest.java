package org.rapport.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgBb;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fixtures.Fixtures;
import org.rapport.model.spend.GammaGamma;

/**
 * Parameters: BG/NBD and Gamma-Gamma on CDNOW as the papers report them (Fader, Hardie &amp; Lee 2005;
 * Fader &amp; Hardie 2013), MBG/NBD on CDNOW from lifetimes 0.11.3, BG/BB on the donations (Fader,
 * Hardie &amp; Shang 2010).
 */
class CustomerScorerTest {
    private static final BgNbd BG = BgNbd.of(0.243, 4.414, 0.793, 2.426);
    private static final GammaGamma GG = GammaGamma.of(6.25, 3.74, 15.44);

    @Test
    void equalsTheModelsOneCustomerAtATime() {
        List<double[]> rows = Fixtures.cdnowRows();
        int n = rows.size();
        // CDNOW twice: every history repeats.
        double[] x = new double[2 * n];
        double[] tx = new double[2 * n];
        double[] bigT = new double[2 * n];
        double[] mbar = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            double[] v = rows.get(i % n);
            x[i] = v[1];
            tx[i] = v[2];
            bigT[i] = v[3];
            mbar[i] = v[4];
        }
        for (PurchaseModel m : new PurchaseModel[] {BG, MbgNbd.of(0.52484, 6.18299, 0.89136, 1.61400)}) {
            CustomerScorer.Scores s = CustomerScorer.of(m, GG, 52).score(x, tx, bigT, mbar);
            for (int i = 0; i < 2 * n; i++) {
                assertThat(s.pAlive()[i]).isEqualTo(m.probabilityAlive(x[i], tx[i], bigT[i]));
                // P(alive | x, t_x, T) g(52; x, T) against the direct formula: a few roundings apart.
                double direct = m.conditionalExpectedPurchases(52, x[i], tx[i], bigT[i]);
                assertThat(s.expectedPurchases()[i]).as("%s customer %d", m.name(), i)
                        .isCloseTo(direct, offset(1e-12 * direct));
                assertThat(s.expectedSpend()[i]).isEqualTo(GG.conditionalExpectedAverageSpend(x[i], mbar[i]));
            }
        }
    }

    @Test
    void scoresDiscreteTimeHistories() {
        BgBb bb = BgBb.of(1.204, 0.750, 0.657, 2.783);
        double[] x = {0, 1, 3, 3, 6, 6};
        double[] tx = {0, 1, 3, 6, 6, 6};
        double[] n = {6, 6, 6, 6, 6, 6};
        CustomerScorer.Scores s = CustomerScorer.of(bb, null, 5).score(x, tx, n, new double[6]);
        for (int i = 0; i < x.length; i++) {
            double direct = bb.conditionalExpectedPurchases(5, x[i], tx[i], n[i]);
            assertThat(s.expectedPurchases()[i]).isCloseTo(direct, offset(1e-12 * direct));
            assertThat(s.pAlive()[i]).isEqualTo(bb.probabilityAlive(x[i], tx[i], n[i]));
            assertThat(s.expectedSpend()[i]).isNaN();
        }
        // The model's own checks come first: BG/BB's wording for a recency after the last opportunity.
        assertThatThrownBy(() -> CustomerScorer.of(bb, null, 5).score(new double[] {1}, new double[] {7},
                new double[] {6}, new double[1])).isInstanceOf(ModelException.class)
                .hasMessage("t_x = 7 is greater than n = 6");
        assertThatThrownBy(() -> CustomerScorer.of(bb, null, 2.5).score(x, tx, n, new double[6]))
                .isInstanceOf(ModelException.class).hasMessage("n* = 2.5 is not a whole number");
    }

    @Test
    void checksEveryHistory() {
        // BgNbd.probabilityAlive does not check its inputs: the scorer does.
        CustomerScorer scorer = CustomerScorer.of(BG, GG, 52);
        assertThatThrownBy(() -> scorer.score(new double[] {2, 2}, new double[] {10, 40}, new double[] {38, 38},
                new double[] {20, 20})).isInstanceOf(ModelException.class)
                .hasMessage("t_x = 40.0 is greater than T = 38.0");
        assertThatThrownBy(() -> scorer.score(new double[] {0}, new double[] {3}, new double[] {38},
                new double[] {0})).isInstanceOf(ModelException.class).hasMessage("t_x = 3.0 must be 0 when x = 0");
        CustomerScorer.Scores none = CustomerScorer.of(BG, GG, 0).score(new double[] {0, 4}, new double[] {0, 20},
                new double[] {38, 38}, new double[] {0, 30});
        assertThat(none.expectedPurchases()).containsOnly(0.0);
        assertThat(Arrays.stream(none.pAlive()).allMatch(p -> p > 0 && p <= 1)).isTrue();
    }
}
