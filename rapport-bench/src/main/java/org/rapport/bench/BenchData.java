package org.rapport.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.data.RfmTable;
import org.rapport.model.simulate.BgNbdSimulator;
import org.rapport.model.simulate.Cohort;

/** The data the benchmarks run on: CDNOW's published sample and a seeded simulated customer base. */
final class BenchData {
    /** CDNOW's BG/NBD estimates (Fader, Hardie &amp; Lee 2005): the truth of the simulated base. */
    static final BgNbd CDNOW_TRUTH = BgNbd.of(0.243, 4.414, 0.793, 2.426);

    private BenchData() {
    }

    /** @return CDNOW's 2,357-customer calibration summary, compressed */
    static RfmTable cdnow() {
        RfmTable.Builder b = RfmTable.builder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BenchData.class.getResourceAsStream("cdnow_customers_summary.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",");
                b.accept(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.build();
    }

    /**
     * A simulated base with CDNOW's parameters and design (births over 12 weeks, 39-week calibration),
     * with times rounded up to whole days as a transaction log would give them.
     *
     * @param customers the number of customers
     * @return the cohort, times in weeks on a daily grid
     */
    static Cohort simulated(int customers) {
        Cohort c = BgNbdSimulator.of(CDNOW_TRUTH).simulate(customers, 20261123L);
        double[] tx = c.tx().clone();
        double[] bigT = c.bigT().clone();
        for (int i = 0; i < customers; i++) {
            tx[i] = Math.ceil(tx[i] * 7) / 7;
            bigT[i] = Math.ceil(bigT[i] * 7) / 7;
        }
        return new Cohort(c.x().clone(), tx, bigT, c.holdoutLength(), c.hasHoldout() ? c.holdout() : null);
    }

    /**
     * @param customers the number of customers
     * @return a base with CDNOW's parameters and design in continuous time (no rounding: every repeat
     *     buyer is a distinct row), compressed
     */
    static RfmTable continuous(int customers) {
        return BgNbdSimulator.of(CDNOW_TRUTH).simulate(customers, 20261123L).toRfmTable();
    }
}
