package org.rapport.bench;

import java.util.ArrayList;
import java.util.List;
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
import org.rapport.model.covariates.CovariateTable;
import org.rapport.model.covariates.StaticCovariates;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.simulate.BgNbdSimulator;
import org.rapport.model.simulate.Cohort;
import org.rapport.model.simulate.ParetoNbdSimulator;

/**
 * Fit time with static covariates on 1,000,000 customers in continuous time (issue 17 items 4 and 6):
 * two binary covariates, four groups of 250,000 customers, each simulated at its own parameters
 * (&gamma;<sub>trans</sub> = (0.4, &minus;0.3), &gamma;<sub>life</sub> = (0.3, &minus;0.4), CLVTools' links); every repeat
 * buyer is a distinct row. The measured time is {@link StaticCovariates#fit}: the fit without covariates,
 * the fit with them and both sets of standard errors. Target: under 5 s on 2 cores. {@link #main} also
 * prints the process CPU time, the figure to read on a shared machine (wall time / 2 cores bound it below).
 * <pre>
 * java -jar rapport-bench/target/benchmarks.jar CovariateFitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class CovariateFitBenchmark {
    @Param({"bgnbd", "pnbd"})
    public String model;

    private CovariateTable table;

    @Setup
    public void setUp() {
        double[][] zs = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
        int per = 250_000;
        int n = per * zs.length;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] bigT = new double[n];
        double[][] z = new double[n][];
        for (int g = 0; g < zs.length; g++) {
            double trans = 0.4 * zs[g][0] - 0.3 * zs[g][1];
            double life = 0.3 * zs[g][0] - 0.4 * zs[g][1];
            Cohort c = model.equals("pnbd")
                    ? ParetoNbdSimulator.of(0.553, 10.578 * Math.exp(-trans), 0.606, 11.669 * Math.exp(-life))
                            .simulate(per, 20_261_208L + g)
                    : BgNbdSimulator.of(0.243, 4.414 * Math.exp(-trans), 0.793 * Math.exp(life), 2.426 * Math.exp(life))
                            .simulate(per, 20_261_208L + g);
            System.arraycopy(c.x(), 0, x, g * per, per);
            System.arraycopy(c.tx(), 0, tx, g * per, per);
            System.arraycopy(c.bigT(), 0, bigT, g * per, per);
            for (int i = 0; i < per; i++) {
                z[g * per + i] = zs[g];
            }
        }
        table = CovariateTable.of(List.of("z1", "z2"), x, tx, bigT, z);
    }

    @Benchmark
    public StaticCovariates.Fit fit() {
        return StaticCovariates.fit(model.equals("pnbd") ? ParetoNbd.FAMILY : BgNbd.FAMILY, table,
                MaximumLikelihood.withDefaults());
    }

    /** One run without JMH, printing the fit and its time: {@code java -cp benchmarks.jar org.rapport.bench.CovariateFitBenchmark}. */
    public static void main(String[] args) {
        for (String m : args.length > 0 ? args : new String[] {"bgnbd", "pnbd"}) {
            CovariateFitBenchmark b = new CovariateFitBenchmark();
            b.model = m;
            b.setUp();
            List<Long> ms = new ArrayList<>();
            List<Long> cpu = new ArrayList<>();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            StaticCovariates.Fit f = null;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                f = b.fit();
                ms.add((System.nanoTime() - t0) / 1_000_000);
                cpu.add((os.getProcessCpuTime() - c0) / 1_000_000);
            }
            System.out.println(m + ": wall " + ms + " ms, process CPU " + cpu + " ms; " + f.with().model() + " (without: " + f.without().fitMillis()
                    + " ms, with: " + f.with().fitMillis() + " ms, " + f.with().iterations() + " iterations)");
        }
    }
}
