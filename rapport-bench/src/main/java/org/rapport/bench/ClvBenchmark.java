package org.rapport.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
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
 * in monthly steps (period 4.348 weeks), 1% a month, margin 0.3; one thread. The score is customers per
 * second. Target (issue 3): the whole pipeline scores 1,000,000 customers in well under 60 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ClvBenchmark {
    private static final int N = 1_000_000;
    private static final Clv CLV = Clv.withDefaults().withHorizon(36).withPeriodLength(4.348)
            .withDiscountRate(0.01).withMargin(0.3);
    private Cohort cohort;
    private double[] mbar;
    private FitResult<BgNbd> bg;
    private FitResult<GammaGamma> gg;

    @Setup
    public void setUp() {
        cohort = BenchData.simulated(N);
        mbar = GammaGammaSimulator.of(GammaGamma.of(6.25, 3.74, 15.44)).averageSpend(cohort.x(), 7L);
        MaximumLikelihood ml = MaximumLikelihood.withDefaults();
        bg = ml.fit(BgNbd.FAMILY, RfmTable.of(cohort.x(), cohort.tx(), cohort.bigT()));
        gg = ml.fit(GammaGamma.FAMILY, SpendTable.of(cohort.x(), mbar));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Clv.Scores deltaIntervals() {
        return CLV.estimates(bg, gg, IntervalMethod.DELTA, cohort.x(), cohort.tx(), cohort.bigT(), mbar);
    }
}
