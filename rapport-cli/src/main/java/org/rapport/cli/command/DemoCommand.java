package org.rapport.cli.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.cli.io.AnalysisInputs;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.cli.io.InputException;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.report.HtmlReport;
import org.rapport.pipeline.report.ReportData;
import org.rapport.simulator.SimulationProgress;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rapport demo}: the main job on bundled sample data, into a fresh database. By default a
 * customer base of 20,000 made by the bundled simulator (seed 2005: the same files on every machine;
 * transactions with products and brands, customers with survey answers, life events, service
 * interactions, prospects, feedback, households; docs/simulator.md), so every analysis has its data.
 * With {@code --cdnow}, the CDNOW log shipped in {@code data/cdnow/} with the papers' calibration end
 * (1997-09-30), whose fitted models match the published tables.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run the main job on bundled sample data and write the HTML report.",
        description = {"Run the main job on bundled sample data into DIR (recreated): by default a simulated",
            "customer base of 20,000 (all data kinds; calibration to 2023-09-30, holdout to 2024-06-29);",
            "with --cdnow the CDNOW log (23,570 customers, calibration to 1997-09-30 as in Fader, Hardie",
            "& Lee 2005). Writes DIR/rapport.duckdb and DIR/rapport-report.html."})
public final class DemoCommand implements Callable<Integer> {
    /** The papers' calibration end for CDNOW. */
    static final LocalDate CDNOW_CALIBRATION_END = LocalDate.of(1997, 9, 30);
    /** Customers of the simulated demo world. */
    static final int WORLD_CUSTOMERS = 20_000;
    /** Seed of the simulated demo world. */
    static final long WORLD_SEED = 2005;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "rapport-demo",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--cdnow", description = "Analyse the bundled CDNOW log instead of the simulated customer base.")
    private boolean cdnow;

    @Option(names = "--data", paramLabel = "FILE", description = "With --cdnow: the CDNOW log (default: data/cdnow/cdnow_transactions.csv of the installation).")
    private Path data;

    @Override
    public Integer call() throws IOException {
        if (data != null && !cdnow) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--data needs --cdnow");
        }
        Files.createDirectories(out);
        Path db = out.resolve("rapport.duckdb");
        Files.deleteIfExists(db);
        Files.deleteIfExists(out.resolve("rapport.duckdb.wal"));
        ConsoleProgress progress = ConsoleProgress.forCommand(spec);
        Map<Kind, Path> files;
        LocalDate calibrationEnd;
        if (cdnow) {
            files = AnalysisInputs.resolve(data != null ? data : bundled(), Map.of());
            calibrationEnd = CDNOW_CALIBRATION_END;
        } else {
            WorldOptions w = WorldOptions.withDefaults().withCustomers(WORLD_CUSTOMERS).withSeed(WORLD_SEED);
            Path world = out.resolve("world");
            progress.start("simulate", WORLD_CUSTOMERS);
            WorldSimulator.of(w).simulate(world, (s, done, total) -> {
                if (s == SimulationProgress.Stage.CUSTOMERS) {
                    progress.advance(done);
                }
            });
            progress.finish(String.format(java.util.Locale.ROOT, "%,d simulated customers in %s", WORLD_CUSTOMERS, world));
            files = AnalysisInputs.resolve(world, Map.of());
            calibrationEnd = w.calibrationEnd();
        }
        try (RapportStore s = RapportStore.open(db)) {
            AnalyzeCommand.ingestAll(s, files, IngestOptions.defaults(), progress);
            ReportData report = AnalyzeCommand.runAll(s, AnalysisOptions.defaults().withCalibrationEnd(calibrationEnd)
                    .withSource(AnalysisInputs.describe(files)), progress);
            Path html = out.resolve("rapport-report.html");
            HtmlReport.write(report, html);
            AnalyzeCommand.printSummary(spec.commandLine().getOut(), report, html, db);
        }
        return 0;
    }

    /** The CDNOW log of the installation: RAPPORT_HOME, else the folder the jar was built in. */
    static Path bundled() {
        String home = System.getenv("RAPPORT_HOME");
        Path rel = Path.of("data", "cdnow", "cdnow_transactions.csv");
        if (home != null && Files.isRegularFile(Path.of(home).resolve(rel))) {
            return Path.of(home).resolve(rel);
        }
        try {
            Path p = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve(rel))) {
                    return d.resolve(rel);
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            throw new UncheckedIOException(new IOException("cannot locate the installation: " + e.getMessage()));
        }
        if (Files.isRegularFile(rel)) {
            return rel;
        }
        throw new InputException(rel, "the bundled CDNOW log was not found; set RAPPORT_HOME to the Rapport folder or pass --data FILE");
    }
}
