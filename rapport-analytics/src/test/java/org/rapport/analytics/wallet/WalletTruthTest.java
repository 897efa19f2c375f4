package org.rapport.analytics.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.truth.SmallWorld;
import org.rapport.store.ingest.Kind;

/**
 * Share of wallet against the planted wallets (truth_customers: true_wallet, true_share = our expected
 * yearly spend while a customer, 52.18 λ E[order], over the true wallet). Worlds of 10,000 customers,
 * seeds 1, 2, 3.
 */
class WalletTruthTest {
    @Test
    void meanShareAndWalletsAgreeWithThePlantedOnes() {
        for (long seed = 1; seed <= 3; seed++) {
            try (SmallWorld w = SmallWorld.of(10_000, seed, Kind.CUSTOMERS)) {
                ShareOfWallet.compute(w.store, RunContext.require(w.store), AnalyticsOptions.defaults());
                double[] r = w.store.queryFirst("""
                        SELECT avg(c.share_of_wallet), avg(CAST(t.true_share AS DOUBLE)),
                               corr(ln(c.wallet), ln(CAST(t.true_wallet AS DOUBLE))),
                               avg(c.spend_rate), avg(52.18 * CAST(t.lambda AS DOUBLE) * CAST(t.expected_order_value AS DOUBLE)),
                               avg(least(1, c.yearly_spend / c.wallet))
                        FROM customer_wallet c JOIN truth t USING (customer_id)""",
                        rs -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                                rs.getDouble(5), rs.getDouble(6)}).orElseThrow();
                System.out.printf("wallet seed %d: mean share %.4f, true %.4f (bias %+.1f%%; with the observed yearly spend"
                        + " %+.1f%%), log wallet r %.3f, mean spend rate %.1f, true %.1f%n", seed, r[0], r[1],
                        100 * (r[0] / r[1] - 1), 100 * (r[5] / r[1] - 1), r[2], r[3], r[4]);
                // measured +5.1%, +7.7%, +4.2% (the observed yearly spend as numerator: -23%, -20%, -22%, the issue's "22% too
                // low"); the remaining bias comes from the wallets, which are conditional medians (the log
                // regression) while the share averages a ratio. 10% allows for the other seeds' spread
                assertThat(Math.abs(r[0] / r[1] - 1)).isLessThan(0.10);
                // the spend rate's mean is the planted mean rate within 5% (it was 100.6 against 101.2 at seed 1)
                assertThat(Math.abs(r[3] / r[4] - 1)).isLessThan(0.05);
                // log wallet correlation 0.856 at seed 1 (docs: 0.857 at 20,000); the goal of 0.9 is not met
                assertThat(r[2]).isGreaterThan(0.82);
            }
        }
    }
}
