package org.rapport.cli.command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rapport.analytics.segment.Rule;
import org.rapport.analytics.segment.Segment;
import org.rapport.analytics.segment.SegmentAnalysis;
import org.rapport.analytics.segment.SegmentDiscovery;
import org.rapport.analytics.segment.SegmentException;
import org.rapport.analytics.segment.SegmentOptions;
import org.rapport.analytics.segment.SegmentStore;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rapport segments ...}: define segments by rule, discover needs-based clusters, give each a
 * manager, team and budget, and show their KPIs. Every command that prints the segments stores the
 * same JSON document as the {@code segments} result.
 */
@Command(name = "segments", mixinStandardHelpOptions = true,
        header = "Needs-based segments: rules, discovery, managers, budgets and KPIs.",
        description = {"Needs-based segments with managers and budgets: define by rule, discover by clustering,",
            "show profiles and KPIs (customers, equity, average CLV, retention, share of wallet, relationship groups)."},
        subcommands = {SegmentsCommand.Define.class, SegmentsCommand.ListSegments.class, SegmentsCommand.Show.class,
            SegmentsCommand.Discover.class, SegmentsCommand.Set.class, SegmentsCommand.Delete.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (a bad rule shows the position; unknown segment; no scores yet)"})
public final class SegmentsCommand {
    /** The {@code --format} option of the segment commands. */
    static final class FormatOption {
        @Option(names = "--format", paramLabel = "json|table", defaultValue = "table",
                description = "Output format (default: ${DEFAULT-VALUE}).")
        String format;

        boolean json() {
            String f = format.toLowerCase(Locale.ROOT);
            if (!f.equals("json") && !f.equals("table")) {
                throw new IllegalArgumentException("--format must be json or table, not '" + format + "'");
            }
            return f.equals("json");
        }
    }

    /** {@code segments define NAME --rule EXPR}. */
    @Command(name = "define", mixinStandardHelpOptions = true,
            description = {"Define (or redefine) a segment by a rule, e.g.",
                "  --rule \"age < 35 and category_share('baby') > 0.2 and p_alive > 0.5\"",
                "Customers go to the first rule segment (lowest priority number) whose rule is true, else to their",
                "discovered cluster. Giving a discovered segment a rule makes it a rule segment. Customers are",
                "assigned again at once. docs/analytics.md lists the fields and functions."})
    static final class Define extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Segment name: letters, digits, _ . + -")
        String name;
        @Option(names = "--rule", required = true, paramLabel = "EXPR", description = "The rule.")
        String rule;
        @Option(names = "--priority", paramLabel = "N", defaultValue = "100", description = "Lower is tried first (default: ${DEFAULT-VALUE}).")
        int priority;
        @Option(names = "--description", paramLabel = "TEXT", description = "What the segment is for.")
        String description;

        @Override
        public Integer call() {
            boolean json = format.json();
            Rule.parse(rule);
            try (RapportStore s = store.openExisting()) {
                boolean wasDiscovered = SegmentStore.of(s).find(name).map(x -> !x.ruleBased()).orElse(false);
                SegmentStore.of(s).define(name, rule, priority, description);
                return printAfterChange(spec, s, json, name, wasDiscovered ? "defined: '" + name + "' was a discovered segment"
                        + " and is now a rule segment (priority " + priority + "); customers of its former cluster that match"
                        + " no rule are now unassigned" : "defined");
            }
        }
    }

    /** What every subcommand has: the command spec, the store and the output format. */
    abstract static class Subcommand extends StoreCommand {
        @Mixin
        FormatOption format;
    }

    /** {@code segments list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the segments with their KPIs.")
    static final class ListSegments extends Subcommand {

        @Override
        public Integer call() {
            boolean json = format.json();
            try (RapportStore s = store.openExisting()) {
                SegmentAnalysis.Result r = SegmentAnalysis.current(s);
                return print(spec, json, () -> stored(s), out -> {
                    if (r.segments().isEmpty()) {
                        out.println("no segments defined yet: run rapport segments discover, or rapport segments define NAME --rule EXPR");
                    } else {
                        printTable(out, r);
                    }
                });
            }
        }
    }

    /** {@code segments show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one segment: rule or profile, manager, KPIs.")
    static final class Show extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            boolean json = format.json();
            try (RapportStore s = store.openExisting()) {
                if (!Segment.UNASSIGNED.equals(name)) {
                    SegmentStore.of(s).get(name);
                }
                SegmentAnalysis.Result r = SegmentAnalysis.current(s);
                SegmentAnalysis.SegmentSummary one = r.segments().stream().filter(x -> x.segment().name().equals(name))
                        .findFirst().orElseThrow(() -> new SegmentException("no customer is unassigned"));
                return print(spec, json, () -> Results.latest(s, SegmentAnalysis.RESULT).orElseThrow().get("segments")
                        .get(r.segments().indexOf(one)).toString(), out -> printOne(out, one));
            }
        }
    }

    /** {@code segments discover [--k K]}. */
    @Command(name = "discover", mixinStandardHelpOptions = true,
            header = "Discover needs-based segments by clustering customers.",
        description = {"Cluster customers on their needs answers and behaviour (standardised k-means++, k by",
                "silhouette over 2..8 unless --k), name and profile each cluster, and assign customers again."})
    static final class Discover extends Subcommand {
        @Option(names = "--k", paramLabel = "K", description = "Force the number of clusters (2 or more).")
        Integer k;
        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--behaviour-weight", paramLabel = "W", defaultValue = "0.25",
                description = "Weight of the behaviour features against the needs (default: ${DEFAULT-VALUE}).")
        double behaviourWeight;

        @Override
        public Integer call() {
            boolean json = format.json();
            if (k != null && k < 2) {
                throw new IllegalArgumentException("--k must be at least 2, not " + k);
            }
            if (!(behaviourWeight >= 0 && Double.isFinite(behaviourWeight))) {
                throw new IllegalArgumentException("--behaviour-weight must be a number of at least 0, not " + behaviourWeight);
            }
            SegmentDiscovery.Options d = SegmentDiscovery.Options.defaults().withSeed(seed).withBehaviourWeight(behaviourWeight)
                    .withK(k == null ? 0 : k);
            try (RapportStore s = store.openExisting()) {
                SegmentAnalysis.Result r = SegmentAnalysis.run(s, SegmentOptions.defaults().withDiscovery(d).withRediscover(true),
                        ConsoleProgress.forCommand(spec));
                return print(spec, json, () -> stored(s), out -> {
                    out.println(r.discovery().note());
                    out.println("silhouette by k: " + r.discovery().silhouette().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%d=%.3f", e.getKey(), e.getValue())).collect(Collectors.joining(" ")));
                    printTable(out, r);
                });
            }
        }
    }

    /** {@code segments set NAME --manager M --team T --budget B}. */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a segment's manager, team and budget.")
    static final class Set extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--manager", paramLabel = "M")
        String manager;
        @Option(names = "--team", paramLabel = "T")
        String team;
        @Option(names = "--budget", paramLabel = "B")
        Double budget;

        @Override
        public Integer call() {
            boolean json = format.json();
            if (manager == null && team == null && budget == null) {
                throw new IllegalArgumentException("give at least one of --manager, --team, --budget");
            }
            try (RapportStore s = store.openExisting()) {
                SegmentStore.of(s).set(name, manager, team, budget);
                SegmentAnalysis.current(s);
                return printSaved(spec, s, json, name, "updated");
            }
        }
    }

    /** {@code segments delete NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a segment; its customers go to the next matching segment.")
    static final class Delete extends Subcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            boolean json = format.json();
            try (RapportStore s = store.openExisting()) {
                SegmentStore.of(s).delete(name);
                return printAfterChange(spec, s, json, null, "deleted " + name);
            }
        }
    }

    /** Assigns again when scores exist, saves and prints the segments. */
    static int printAfterChange(CommandSpec spec, RapportStore s, boolean json, String name, String what) {
        boolean scored = hasScores(s);
        if (scored) {
            SegmentAnalysis.reassign(s, ConsoleProgress.forCommand(spec));
        } else {
            SegmentAnalysis.current(s);
        }
        int code = printSaved(spec, s, json, name, what);
        if (!scored && !json) {
            spec.commandLine().getOut().println("no scores yet, so no customer is assigned: run rapport analyze first");
            spec.commandLine().getOut().flush();
        }
        return code;
    }

    private static boolean hasScores(RapportStore s) {
        try {
            SegmentAnalysis.requireScores(s);
            return true;
        } catch (SegmentException e) {
            return false;
        }
    }

    private static int printSaved(CommandSpec spec, RapportStore s, boolean json, String name, String what) {
        return print(spec, json, () -> stored(s), out -> {
            out.println(name == null ? what : what + " " + name);
            if (name != null) {
                SegmentAnalysis.current(s).segments().stream().filter(x -> x.segment().name().equals(name)).findFirst()
                        .ifPresent(x -> printOne(out, x));
            }
        });
    }

    /** @return the stored segments document (the JSON every subcommand prints with --format json) */
    private static String stored(RapportStore s) {
        return Results.latestJson(s, SegmentAnalysis.RESULT).orElseThrow();
    }

    /**
     * The one output step of every subcommand: the stored JSON with {@code --format json}, else the table form.
     *
     * @return the exit code, 0
     */
    private static int print(CommandSpec spec, boolean json, java.util.function.Supplier<String> stored,
                             java.util.function.Consumer<PrintWriter> table) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(stored.get());
        } else {
            table.accept(out);
        }
        out.flush();
        return 0;
    }

    static void printTable(PrintWriter out, SegmentAnalysis.Result r) {
        out.printf(Locale.ROOT, "%-26s %-10s %10s %14s %9s %9s %-12s %-10s %12s  %s%n", "segment", "kind", "customers", "equity",
                "avg CLV", "P(alive)", "manager", "team", "budget", "rule / distinctive needs");
        for (SegmentAnalysis.SegmentSummary x : r.segments()) {
            Segment g = x.segment();
            SegmentAnalysis.Kpis k = x.kpis();
            String what = g.rule() != null ? g.rule() : needs(k);
            out.printf(Locale.ROOT, "%-26s %-10s %,10d %,14.2f %9s %9s %-12s %-10s %12s  %s%n", g.name(), g.kind(), k.customers(),
                    k.equity(), num(k.averageClv(), "%,.2f"), num(k.retention(), "%.3f"), dash(g.manager()), dash(g.team()),
                    num(g.budget(), "%,.2f"), what);
        }
        out.printf(Locale.ROOT, "%,d customers, %,d unassigned%n", r.customers(), r.unassigned());
    }

    static void printOne(PrintWriter out, SegmentAnalysis.SegmentSummary x) {
        Segment g = x.segment();
        SegmentAnalysis.Kpis k = x.kpis();
        out.printf(Locale.ROOT, "segment          %s (%s)%n", g.name(), g.kind());
        if (g.rule() != null) {
            out.printf(Locale.ROOT, "rule             %s (priority %s)%n", g.rule(), g.priority());
        }
        if (g.description() != null) {
            out.printf(Locale.ROOT, "description      %s%n", g.description());
        }
        out.printf(Locale.ROOT, "manager, team    %s, %s%n", dash(g.manager()), dash(g.team()));
        out.printf(Locale.ROOT, "budget           %s%n", num(g.budget(), "%,.2f"));
        out.printf(Locale.ROOT, "customers        %,d%n", k.customers());
        out.printf(Locale.ROOT, "equity           %,.2f (average CLV %s)%n", k.equity(), num(k.averageClv(), "%,.2f"));
        out.printf(Locale.ROOT, "retention        mean P(alive) %s, share alive %s%n", num(k.retention(), "%.3f"),
                num(k.shareAlive(), "%.3f"));
        out.printf(Locale.ROOT, "share of wallet  %s%n", k.shareOfWallet() == null ? "- (run rapport wallet)"
                : String.format(Locale.ROOT, "%.3f", k.shareOfWallet()));
        out.printf(Locale.ROOT, "groups           %s%n", k.relationshipGroups() == null ? "- (run rapport groups)"
                : k.relationshipGroups().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "top categories   %s%n", k.topCategories().stream()
                .map(c -> String.format(Locale.ROOT, "%s %.0f%%", c.category(), 100 * c.share())).collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "distinctive needs %s%n", needs(k));
        if (k.lookAlike() > 0 || k.prospects() > 0) {
            out.printf(Locale.ROOT, "look-alike       %,d customers placed without survey answers (mean confidence %s), "
                    + "%,.0f prospects expected%n", k.lookAlike(), num(k.lookAlikeConfidence(), "%.2f"), k.prospects());
        }
    }

    private static String needs(SegmentAnalysis.Kpis k) {
        List<SegmentDiscovery.Distinctive> d = k.distinctiveNeeds();
        return d.isEmpty() ? "-" : d.stream().map(n -> String.format(Locale.ROOT, "%s %+.2f", n.feature(), n.z()))
                .collect(Collectors.joining(", "));
    }

    private static String num(Double v, String fmt) {
        return v == null ? "-" : String.format(Locale.ROOT, fmt, v);
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
