package org.rapport.cli.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.cli.io.IngestBar;
import org.rapport.cli.io.InputException;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.report.HtmlReport;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.IngestReport;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rapport demo}: {@code analyze} on the CDNOW transaction log shipped in {@code data/cdnow/},
 * with the papers' calibration end (1997-09-30), into a fresh database.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job on the bundled CDNOW log (23,570 customers, 1997-01..1998-06):",
            "calibration to 1997-09-30 as in Fader, Hardie & Lee (2005), holdout to 1998-06-30.",
            "Writes DIR/rapport.duckdb (recreated) and DIR/rapport-report.html."})
public final class DemoCommand implements Callable<Integer> {
    /** The papers' calibration end for CDNOW. */
    static final LocalDate CDNOW_CALIBRATION_END = LocalDate.of(1997, 9, 30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "rapport-demo",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--data", paramLabel = "FILE", description = "The CDNOW log (default: data/cdnow/cdnow_transactions.csv of the installation).")
    private Path data;

    @Override
    public Integer call() throws IOException {
        Path input = data != null ? data : bundled();
        Files.createDirectories(out);
        Path db = out.resolve("rapport.duckdb");
        Files.deleteIfExists(db);
        Files.deleteIfExists(out.resolve("rapport.duckdb.wal"));
        ConsoleProgress progress = ConsoleProgress.forCommand(spec);
        try (RapportStore s = RapportStore.open(db)) {
            IngestReport ingest = Ingestor.of(s).ingest(Kind.TRANSACTIONS, input, IngestOptions.defaults(), new IngestBar(progress));
            progress.finish(ingest.summary());
            Analysis.Result r = Analysis.run(s, AnalysisOptions.defaults().withCalibrationEnd(CDNOW_CALIBRATION_END)
                    .withSource(input.toString()), progress);
            Path html = out.resolve("rapport-report.html");
            HtmlReport.write(r.report(), html);
            AnalyzeCommand.printSummary(spec.commandLine().getOut(), r.report(), html, db);
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
