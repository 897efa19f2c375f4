package org.rapport.cli.command;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rapport.analytics.segment.BudgetAllocator;
import org.rapport.analytics.segment.SegmentBudget;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rapport budget allocate --total X}: split a marketing budget across segments by return on equity. */
@Command(name = "budget", mixinStandardHelpOptions = true, description = "Marketing budgets of the segments.",
        subcommands = {BudgetCommand.Allocate.class})
public final class BudgetCommand {
    /** {@code budget allocate}. */
    @Command(name = "allocate", mixinStandardHelpOptions = true,
            header = "Split a marketing budget across segments by return on customer equity.",
        description = {"Split a budget across segments so that the marginal equity gain per unit of budget is equal",
                "in every funded segment; gain g(b) = G (1 - exp(-b/k)), G = recoverable x equity at risk + growth x",
                "equity, k = cost per customer x customers (docs/analytics.md, \"Budget allocation\")."},
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:done", "2:bad input, no scores or no segments yet"})
    static final class Allocate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--total", required = true, paramLabel = "X", description = "The budget to split.")
        double total;
        @Option(names = "--recoverable", paramLabel = "R", defaultValue = "0.5",
                description = "Share of the equity at risk spending can win back (default: ${DEFAULT-VALUE}).")
        double recoverable;
        @Option(names = "--growth", paramLabel = "G", defaultValue = "0.05",
                description = "Share of the equity spending can add (default: ${DEFAULT-VALUE}).")
        double growth;
        @Option(names = "--cost-per-customer", paramLabel = "C", defaultValue = "5",
                description = "Spend per customer reaching 63%% of the attainable gain (default: ${DEFAULT-VALUE}).")
        double cost;
        @Option(names = "--apply", description = "Write each segment's budget into the segments table.")
        boolean apply;
        @Mixin
        StoreOption store;
        @Mixin
        SegmentsCommand.FormatOption format;

        @Override
        public Integer call() {
            boolean json = format.json();
            SegmentBudget.Parameters p = new SegmentBudget.Parameters(recoverable, growth, cost);
            try (RapportStore s = store.openExisting()) {
                SegmentBudget.Result r = SegmentBudget.allocate(s, total, p, apply);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Results.latestJson(s, SegmentBudget.RESULT).orElseThrow());
                } else {
                    out.printf(Locale.ROOT, "%-26s %14s %14s %12s %8s%n", "segment", "budget", "equity gain", "marginal", "ROI");
                    for (BudgetAllocator.Allocation a : r.segments()) {
                        out.printf(Locale.ROOT, "%-26s %,14.2f %,14.2f %12.4f %8s%n", a.segment(), a.budget(), a.expectedGain(),
                                a.marginalReturn(), a.roi() == null ? "-" : String.format(Locale.ROOT, "%.3f", a.roi()));
                    }
                    out.printf(Locale.ROOT, "%-26s %,14.2f %,14.2f %12.4f %8s%n", "total", r.total(), r.expectedGain(), r.lambda(),
                            r.roi() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.roi()));
                    out.printf(Locale.ROOT, "break-even total %,.2f (beyond it a unit of budget adds less than a unit of equity)%n",
                            r.breakEvenTotal());
                    out.println("response curves: " + r.responseNote());
                    r.response().forEach((seg, why) -> out.printf(Locale.ROOT, "  %-24s %s%n", seg, why));
                    if (apply) {
                        out.println("budgets written to the segments");
                    }
                }
                out.flush();
            }
            return 0;
        }
    }
}
