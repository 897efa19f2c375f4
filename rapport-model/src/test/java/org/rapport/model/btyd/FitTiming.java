package org.rapport.model.btyd;

import java.util.Arrays;
import java.util.Locale;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.fixtures.Fixtures;

/**
 * Warm fit times on CDNOW, BG/NBD against Pareto/NBD: the median of 21 fits after 30 warm-up fits.
 * A measurement to run by hand, not a test (timings on a shared machine are not assertions):
 * <pre>
 * java -cp target/test-classes:target/classes:(dependencies) org.rapport.model.btyd.FitTiming
 * </pre>
 */
final class FitTiming {
    private FitTiming() {
    }

    public static void main(String[] args) {
        RfmTable data = Fixtures.cdnow();
        for (int round = 0; round < 2; round++) {
            report("bgnbd", BgNbd.FAMILY, data);
            report("pnbd", ParetoNbd.FAMILY, data);
        }
    }

    private static <M> void report(String name, ModelFamily<RfmTable, M> family, RfmTable data) {
        MaximumLikelihood ml = MaximumLikelihood.withDefaults();
        for (int i = 0; i < 30; i++) {
            ml.fit(family, data);
        }
        double[] ms = new double[21];
        FitResult<M> fit = null;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            fit = ml.fit(family, data);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-6s median %.1f ms (min %.1f, max %.1f), %d iterations, LL %.4f%n",
                name, ms[ms.length / 2], ms[0], ms[ms.length - 1], fit.iterations(), fit.logLikelihood());
    }
}
