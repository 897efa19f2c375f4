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
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.simulate.Cohort;

/**
 * BG/NBD on 1,000,000 simulated customers (CDNOW's parameters and design, times on a daily grid),
 * compression of the per-customer arrays into distinct rows included, on one thread.
 * Target (issue 3): under 1 s on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class MillionFitBenchmark {
    private Cohort cohort;

    @Setup
    public void setUp() {
        cohort = BenchData.simulated(1_000_000);
    }

    @Benchmark
    public FitResult<BgNbd> compressAndFit() {
        RfmTable table = RfmTable.of(cohort.x(), cohort.tx(), cohort.bigT());
        return MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, table);
    }
}
