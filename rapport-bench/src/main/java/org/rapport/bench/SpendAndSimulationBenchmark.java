package org.rapport.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rapport.model.data.SpendTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.simulate.BgNbdSimulator;
import org.rapport.model.simulate.Cohort;
import org.rapport.model.simulate.GammaGammaSimulator;
import org.rapport.model.simulate.ParetoNbdSimulator;
import org.rapport.model.spend.GammaGamma;

/**
 * What three unit tests used to time with asserted bounds (issue 16: no test asserts on wall-clock
 * time): the Gamma-Gamma fit (CDNOW's published fit took lifetimes about 110 ms), and the simulators on
 * a million customers (target about 1 s each on one core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SpendAndSimulationBenchmark {
    private SpendTable spend;

    @Setup
    public void setUp() {
        Cohort c = BenchData.simulated(20_000);
        double[] m = GammaGammaSimulator.of(6.25, 3.74, 15.44).averageSpend(c.x(), 7);
        SpendTable.Builder b = SpendTable.builder();
        for (int i = 0; i < m.length; i++) {
            b.accept(c.x()[i], m[i]);
        }
        spend = b.build();
    }

    /** @return the Gamma-Gamma fit on 20,000 simulated customers' repeat spend */
    @Benchmark
    public FitResult<GammaGamma> fitGammaGamma() {
        return MaximumLikelihood.withDefaults().fit(GammaGamma.FAMILY, spend);
    }

    /** @return a million BG/NBD customers with a 39-week holdout */
    @Benchmark
    public Cohort simulateMillionBgNbd() {
        return BgNbdSimulator.of(BenchData.CDNOW_TRUTH).withHoldout(39).simulate(1_000_000, 1);
    }

    /** @return a million Pareto/NBD customers with a 39-week holdout */
    @Benchmark
    public Cohort simulateMillionParetoNbd() {
        return ParetoNbdSimulator.of(0.553, 10.578, 0.606, 11.669).withHoldout(39).simulate(1_000_000, 1);
    }
}
