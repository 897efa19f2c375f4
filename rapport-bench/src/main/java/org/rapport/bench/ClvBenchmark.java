package org.rapport.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.data.RfmTable;
import org.rapport.model.data.SpendTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.interval.IntervalMethod;
import org.rapport.model.simulate.Cohort;
import org.rapport.model.simulate.GammaGammaSimulator;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;

/**
 * CLV throughput with delta-method intervals: 1,000,000 simulated customers (CDNOW's BG/NBD truth and
 * design, times on a daily grid), BG/NBD and Gamma-Gamma fitted to them in the setup, a 36-month horizon
 * in monthly steps (period 4.348 weeks), 1% a month, margin 0.3; {@code threads} threads per batch
 * ({@link Clv#withThreads}). The score is customers per second, for one batch of all customers and for
 * ten batches of 100,000 one after the other, in the simulation's order (each batch redoes the work per
 * distinct (x, T) it shares with the others) or sorted by (x, T) first (as {@code ORDER BY x, T} would
 * give them; then the batches share few). Target (issue 3): the whole pipeline scores 1,000,000 customers
 * in well under 60 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ClvBenchmark {
    private static final int N = 1_000_000;
    private static final int BATCH = 100_000;
    @Param({"1", "2"})
    public int threads;
    private Clv clv;
    private Cohort cohort;
    private double[] mbar;
    private FitResult<BgNbd> bg;
    private FitResult<GammaGamma> gg;
    /** The customers sorted by (x, T): x, t_x, T, mbar. */
    private double[][] sorted;

    @Setup
    public void setUp() {
        cohort = BenchData.simulated(N);
        mbar = GammaGammaSimulator.of(GammaGamma.of(6.25, 3.74, 15.44)).averageSpend(cohort.x(), 7L);
        MaximumLikelihood ml = MaximumLikelihood.withDefaults();
        bg = ml.fit(BgNbd.FAMILY, RfmTable.of(cohort.x(), cohort.tx(), cohort.bigT()));
        gg = ml.fit(GammaGamma.FAMILY, SpendTable.of(cohort.x(), mbar));
        clv = Clv.withDefaults().withHorizon(36).withPeriodLength(4.348).withDiscountRate(0.01).withMargin(0.3)
                .withThreads(threads);
        double[] x = cohort.x();
        double[] bigT = cohort.bigT();
        int[] order = IntStream.range(0, N).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> x[i]).thenComparingDouble(i -> bigT[i]))
                .mapToInt(Integer::intValue).toArray();
        double[][] columns = {x, cohort.tx(), bigT, mbar};
        sorted = new double[4][N];
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < N; i++) {
                sorted[c][i] = columns[c][order[i]];
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Clv.Scores deltaIntervals() {
        return clv.estimates(bg, gg, IntervalMethod.DELTA, cohort.x(), cohort.tx(), cohort.bigT(), mbar);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void deltaIntervalsIn100kBatches(Blackhole bh) {
        inBatches(cohort.x(), cohort.tx(), cohort.bigT(), mbar, bh);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void deltaIntervalsIn100kBatchesSortedByXT(Blackhole bh) {
        inBatches(sorted[0], sorted[1], sorted[2], sorted[3], bh);
    }

    private void inBatches(double[] x, double[] tx, double[] bigT, double[] m, Blackhole bh) {
        for (int from = 0; from < N; from += BATCH) {
            int to = from + BATCH;
            bh.consume(clv.estimates(bg, gg, IntervalMethod.DELTA, Arrays.copyOfRange(x, from, to),
                    Arrays.copyOfRange(tx, from, to), Arrays.copyOfRange(bigT, from, to),
                    Arrays.copyOfRange(m, from, to)));
        }
    }
}
