package org.rapport.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.simulator.PurchaseFamily;
import org.rapport.simulator.SimulationProgress;
import org.rapport.simulator.SimulationReport;
import org.rapport.simulator.WorldFile;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.export.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rapport simulate}: writes a simulated world with known truth (docs/simulator.md). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Simulate a customer base with known truth, for tests and demos.",
        description = {"Simulate a customer base with known truth: transactions (BG/NBD purchases, Gamma-Gamma spend),",
            "customers with needs-based segments, products and brands, life events, interactions, prospects,",
            "feedback and household links, as CSV (and Parquet with --parquet), plus truth.json.",
            "Deterministic for a seed, whatever the number of threads. See docs/simulator.md."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--customers", defaultValue = "10000", description = "Number of customers (default: ${DEFAULT-VALUE}).")
    private int customers;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    private Path out;

    @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
    private Integer threads;

    @Option(names = "--parquet", description = "Also write each table as Parquet (converted by DuckDB).")
    private boolean parquet;

    @Option(names = "--purchase-family", paramLabel = "bgnbd|pnbd|mbgnbd", defaultValue = "bgnbd",
            description = "Model that plants the purchases (default: ${DEFAULT-VALUE}); give its parameters with --purchase-model.")
    private String purchaseFamily;

    @Option(names = "--purchase-model", split = ",", paramLabel = "R,ALPHA,A,B",
            description = "Parameters of the purchase process, time unit one week: R,ALPHA,A,B for bgnbd and mbgnbd, "
                    + "R,ALPHA,S,BETA for pnbd (default: the CDNOW estimates of the family, BG/NBD 0.243,4.414,0.793,2.426, "
                    + "Pareto/NBD 0.553,10.578,0.606,11.669, MBG/NBD 0.525,6.183,0.891,1.614). A smaller ALPHA means more purchases.")
    private double[] purchaseModel;

    @Override
    public Integer call() throws IOException {
        WorldOptions o = WorldOptions.withDefaults().withCustomers(customers).withSeed(seed);
        PurchaseFamily family;
        try {
            family = PurchaseFamily.of(purchaseFamily);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        double[] pm = purchaseModel != null ? purchaseModel : switch (family) {
            case BGNBD -> new double[] {o.r(), o.alpha(), o.a(), o.b()};
            case PNBD -> new double[] {0.553, 10.578, 0.606, 11.669};
            case MBGNBD -> new double[] {0.525, 6.183, 0.891, 1.614};
        };
        if (pm.length != 4) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--purchase-model needs four numbers "
                    + String.join(",", family.parameterNames()).toUpperCase(Locale.ROOT) + ", got " + pm.length);
        }
        o = o.withPurchaseModel(family, pm[0], pm[1], pm[2], pm[3]);
        if (threads != null) {
            o = o.withThreads(threads);
        }
        ConsoleProgress progress = ConsoleProgress.forCommand(spec);
        progress.start("simulate", customers);
        SimulationReport r = WorldSimulator.of(o).simulate(out, (s, done, total) -> {
            if (s == SimulationProgress.Stage.CUSTOMERS) {
                progress.advance(done);
            }
        });
        progress.finish(String.format(Locale.ROOT, "%,d customers, %,d orders in %.1f s", r.customers(), r.orders(),
                r.millis() / 1000.0));
        if (parquet) {
            progress.start("parquet", WorldFile.values().length);
            int n = 0;
            for (WorldFile f : WorldFile.values()) {
                Path csv = out.resolve(f.fileName());
                if (f.fileName().endsWith(".csv") && Files.isRegularFile(csv)) {
                    Exporter.csvToParquet(csv, out.resolve(f.fileName().replaceAll("\\.csv$", ".parquet")));
                }
                progress.advance(++n);
            }
            progress.finish("Parquet copies written");
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "simulated %,d customers (seed %d) into %s%n", r.customers(), seed, out);
        return 0;
    }
}
