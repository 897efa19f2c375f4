package org.rapport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * Issue 17: the same transactions in two row orders give the same fit and the same total CLV. A simulated
 * world's transactions file is analysed as written and with its rows shuffled (fixed seed); everything
 * downstream of ingest is a function of the set of transactions, so the two runs must agree. Each model is
 * fitted on distinct (x, t_x, T) rows with weights; if their order followed the file's, sums would be
 * taken in another order and the optimum would move by rounding (~1e-12 relative), so the tolerance is
 * 1e-9 relative: far above that rounding, far below any real change (a standard error is ~1e-2 relative).
 * In practice the runs agree to the last bit (summaries are ordered in SQL).
 */
class RowOrderTest {
    @TempDir
    Path dir;

    @Test
    void shuffledTransactionsGiveTheSameFitAndTheSameTotalClv() throws IOException {
        WorldOptions world = WorldOptions.withDefaults().withCustomers(4_000).withSeed(31);
        WorldSimulator.of(world).simulate(dir.resolve("world"));
        Path original = dir.resolve("world").resolve("transactions.csv");
        List<String> lines = Files.readAllLines(original, StandardCharsets.UTF_8);
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(body, new Random(20_261_207L));
        assertThat(body).isNotEqualTo(lines.subList(1, lines.size()));
        Path shuffled = dir.resolve("shuffled.csv");
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        out.addAll(body);
        Files.write(shuffled, out, StandardCharsets.UTF_8);

        for (FitStage.PurchaseModelChoice model : new FitStage.PurchaseModelChoice[] {
                FitStage.PurchaseModelChoice.BGNBD, FitStage.PurchaseModelChoice.PNBD}) {
            AnalysisOptions options = AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd())
                    .withModel(model).withMargin(0.3);
            Analysis.Result a = analyse(original, "a-" + model, options);
            Analysis.Result b = analyse(shuffled, "b-" + model, options);
            assertSameFit(a.fits().calibrationFit(), b.fits().calibrationFit());
            assertSameFit(a.fits().finalFit(), b.fits().finalFit());
            assertSameFit(a.fits().spendFit(), b.fits().spendFit());
            double ta = a.report().totals().totalClv();
            double tb = b.report().totals().totalClv();
            assertThat(ta).as("%s total CLV", model).isPositive();
            assertThat(tb).as("%s total CLV", model).isCloseTo(ta, org.assertj.core.data.Offset.offset(1e-9 * ta));
            System.out.printf(java.util.Locale.ROOT, "%s: total CLV %.6f / %.6f, fit %s%n", model, ta, tb,
                    a.fits().finalFit());
        }
    }

    private Analysis.Result analyse(Path transactions, String name, AnalysisOptions options) throws IOException {
        try (RapportStore store = RapportStore.open(dir.resolve(name + ".duckdb"))) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, transactions);
            return Analysis.run(store, options, Progress.NONE);
        }
    }

    private static void assertSameFit(FitResult<?> a, FitResult<?> b) {
        assertThat(b.modelName()).isEqualTo(a.modelName());
        double[] pa = a.parameters();
        double[] pb = b.parameters();
        for (int i = 0; i < pa.length; i++) {
            assertThat(pb[i]).as("%s %s", a.modelName(), a.parameterNames().get(i))
                    .isCloseTo(pa[i], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(pa[i])));
        }
        assertThat(b.logLikelihood()).isCloseTo(a.logLikelihood(),
                org.assertj.core.data.Offset.offset(1e-9 * Math.abs(a.logLikelihood())));
    }
}
