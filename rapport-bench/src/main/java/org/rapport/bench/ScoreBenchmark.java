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
import org.openjdk.jmh.infra.Blackhole;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.simulate.Cohort;
import org.rapport.model.simulate.GammaGammaSimulator;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.CustomerScorer;

/**
 * Scoring throughput: all predictions (P(alive), expected purchases over 52 weeks, expected spend
 * per purchase) for 1,000,000 simulated customers, one thread; the score is customers per second.
 * Target (issue 3): over 5 million customers per second per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ScoreBenchmark {
    private static final int N = 1_000_000;
    private Cohort cohort;
    private double[] mbar;
    private CustomerScorer scorer;

    @Setup
    public void setUp() {
        cohort = BenchData.simulated(N);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        mbar = GammaGammaSimulator.of(gg).averageSpend(cohort.x(), 7L);
        scorer = CustomerScorer.of(BenchData.CDNOW_TRUTH, gg, 52);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void scoreAll(Blackhole bh) {
        CustomerScorer.Scores s = scorer.score(cohort.x(), cohort.tx(), cohort.bigT(), mbar);
        bh.consume(s);
    }
}
