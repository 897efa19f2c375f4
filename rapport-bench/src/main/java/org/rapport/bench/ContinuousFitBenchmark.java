package org.rapport.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.simulate.ParetoNbdSimulator;

/**
 * Fit time on 1,000,000 customers in continuous time (issue 17 item 6): times are not rounded, so
 * every repeat buyer is a distinct (x, t_x, T) row and compression saves nothing (BG/NBD: CDNOW's
 * parameters and design; Pareto/NBD: r = 0.55, alpha = 10.6, s = 0.61, beta = 11.7). The table is
 * built in the setup; the measured time is the fit alone (optimiser and standard errors), on all the
 * machine's cores. Targets: BG/NBD under 1 s, Pareto/NBD under 2 s on 2 cores.
 * <pre>
 * java -jar rapport-bench/target/benchmarks.jar ContinuousFitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ContinuousFitBenchmark {
    @Param({"bgnbd", "pnbd"})
    public String model;

    private RfmTable table;

    @Setup
    public void setUp() {
        table = switch (model) {
            case "bgnbd" -> BenchData.continuous(1_000_000);
            case "pnbd" -> ParetoNbdSimulator.of(0.553, 10.578, 0.606, 11.669).simulate(1_000_000, 20261124L)
                    .toRfmTable();
            default -> throw new IllegalArgumentException(model);
        };
    }

    @Benchmark
    public FitResult<?> fit() {
        MaximumLikelihood ml = MaximumLikelihood.withDefaults();
        return model.equals("bgnbd") ? ml.fit(BgNbd.FAMILY, table) : ml.fit(ParetoNbd.FAMILY, table);
    }
}
