package org.rapport.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.cli.io.AnalysisInputs;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.cli.io.IngestBar;
import org.rapport.cli.job.BatchJob;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.report.HtmlReport;
import org.rapport.pipeline.report.ReportData;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.IngestReport;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rapport analyze FILE}: the main job, ingest + summarise + fit + validate + score + report. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        header = "Analyse a transaction file end to end: load, fit, validate, score, report.",
        description = {"Analyse a transaction file end to end: load it into the store, summarise each customer,",
            "fit and validate the purchase and spend models, score every customer (P(alive), expected",
            "purchases, CLV with interval) and write an HTML report."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (FILE:LINE names the field; nothing written)",
            "3:the data cannot support a model (e.g. no repeat purchases)"})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = {
        "Transactions (CSV or Parquet): customer_id, date, amount, ...; or a folder with transactions.csv",
        "and any of customers, products, life_events, interactions, prospects, feedback, household_links, memberships",
        "(.csv or .parquet), as `rapport simulate` writes."})
    private Path file;

    @Option(names = "--customers", paramLabel = "FILE", description = "Customers file (id, contact, birth date, region, household, channel, wallet, need_* answers).")
    private Path customers;

    @Option(names = "--products", paramLabel = "FILE", description = "Products file (id, brand, category, price, margin_rate, upgrade_of).")
    private Path products;

    @Option(names = "--life-events", paramLabel = "FILE", description = "Life events file (customer, date, type).")
    private Path lifeEvents;

    @Option(names = "--interactions", paramLabel = "FILE", description = "Service interactions file (customer, date, touchpoint, rating).")
    private Path interactions;

    @Option(names = "--prospects", paramLabel = "FILE", description = "Prospects file (id, channel, acquisition probability and cost).")
    private Path prospects;

    @Option(names = "--feedback", paramLabel = "FILE", description = "Feedback file (customer, date, topic, text, rating).")
    private Path feedback;

    @Option(names = "--households", paramLabel = "FILE", description = "Household links file (customer, related customer, relation).")
    private Path households;

    @Option(names = "--memberships", paramLabel = "FILE", description = "Memberships or contracts file (customer, plan, start and end date, monthly fee).")
    private Path memberships;

    @Mixin
    private StoreOption store;

    @Mixin
    private IngestOptionsMixin input;

    @Mixin
    private AnalysisOptionsMixin analysis;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Where to write the report (default: rapport-report.html beside the database).")
    private Path report;

    @Override
    public Integer call() {
        ConsoleProgress progress = ConsoleProgress.forCommand(spec);
        PrintWriter out = spec.commandLine().getOut();
        Map<Kind, Path> named = new EnumMap<>(Kind.class);
        putIf(named, Kind.CUSTOMERS, customers);
        putIf(named, Kind.PRODUCTS, products);
        putIf(named, Kind.LIFE_EVENTS, lifeEvents);
        putIf(named, Kind.INTERACTIONS, interactions);
        putIf(named, Kind.PROSPECTS, prospects);
        putIf(named, Kind.FEEDBACK, feedback);
        putIf(named, Kind.HOUSEHOLD_LINKS, households);
        putIf(named, Kind.MEMBERSHIPS, memberships);
        Map<Kind, Path> files = AnalysisInputs.resolve(file, named);
        AnalysisOptions options = analysis.toOptions().withSource(AnalysisInputs.describe(files));
        IngestOptions ingestOptions = input.toOptions();
        try (RapportStore s = store.openOrCreate()) {
            ingestAll(s, files, ingestOptions, progress);
            ReportData data = runAll(s, options, progress);
            Path html = report != null ? report : AnalysisOptionsMixin.besideDb(store.db(), "rapport-report.html");
            HtmlReport.write(data, html);
            printSummary(out, data, html, store.db());
        }
        return 0;
    }

    /**
     * The batch job after ingest: the pipeline (summarise, fit, validate, score), then every customer
     * analysis after scoring, their sections added to the run's stored report.
     */
    static ReportData runAll(RapportStore s, AnalysisOptions options, ConsoleProgress progress) {
        return BatchJob.run(s, options, "analyze", progress).report();
    }

    private static void putIf(Map<Kind, Path> m, Kind k, Path p) {
        if (p != null) {
            m.put(k, p);
        }
    }

    /**
     * Loads the files, transactions first. The column mapping and the dialect options apply to the
     * transaction file; the other files are read with their own headers and the same error policy.
     * Each load is atomic on its own: a bad customers file leaves the transactions just loaded in place.
     */
    static void ingestAll(RapportStore s, Map<Kind, Path> files, IngestOptions transactionOptions, ConsoleProgress progress) {
        IngestOptions others = IngestOptions.defaults().withOnError(transactionOptions.onError())
                .withPlausibility(transactionOptions.plausibility());
        for (Map.Entry<Kind, Path> e : files.entrySet()) {
            IngestOptions o = e.getKey() == Kind.TRANSACTIONS ? transactionOptions : others;
            IngestReport ingest = Ingestor.of(s).ingest(e.getKey(), e.getValue(), o, new IngestBar(progress));
            progress.finish(e.getKey().table() + ": " + ingest.summary());
        }
    }

    static void printSummary(PrintWriter out, ReportData r, Path html, Path db) {
        out.printf(Locale.ROOT, "customers      %,d%n", r.quality().customers());
        out.printf(Locale.ROOT, "transactions   %,d (%s .. %s)%n", r.quality().transactions(), r.quality().firstDate(), r.quality().lastDate());
        ReportData.Candidate chosen = r.candidates().stream().filter(ReportData.Candidate::chosen).findFirst().orElseThrow();
        out.printf(Locale.ROOT, "model          %s (%s)%n", r.purchaseModel().model(), chosen.reason());
        if (r.validation() != null) {
            out.printf(Locale.ROOT, "holdout error  MAE %.4f, RMSE %.4f, aggregate %+.1f%% (%s .. %s)%n", r.validation().mae(),
                    r.validation().rmse(), 100 * r.validation().aggregateError(), r.validation().calibrationEnd(),
                    r.validation().holdoutEnd());
        } else {
            out.println("holdout error  no holdout period (give --calibration-end DATE to validate)");
        }
        out.printf(Locale.ROOT, "total CLV      %,.2f (mean %,.2f per customer)%n", r.totals().totalClv(), r.totals().meanClv());
        if (r.sections() != null && !r.sections().isEmpty()) {
            out.printf(Locale.ROOT, "analyses       %s%n", String.join(", ", r.sections().stream().map(s -> s.id()).toList()));
        }
        out.printf(Locale.ROOT, "report         %s%n", html);
        out.printf(Locale.ROOT, "database       %s (scores in table customer_scores)%n", db);
        out.flush();
    }
}
