package org.rapport.cli.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rapport.cli.io.InputException;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.report.HtmlReport;
import org.rapport.pipeline.report.ReportData;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rapport report}: writes the HTML report of the latest analysis run in the store. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the self-contained HTML report (works offline) of the latest analysis in the store.")
public final class ReportCommand extends StoreCommand {

    @Option(names = "--out", paramLabel = "FILE.html", defaultValue = "report.html", description = "Output file (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() {
        try (RapportStore s = store.openExisting()) {
            ReportData r = Analysis.latestReport(s).orElseThrow(() -> new InputException(store.db(),
                    "no analysis in this database: run rapport analyze FILE first"));
            HtmlReport.write(r, out);
            spec.commandLine().getOut().println("report written to " + out);
        }
        return 0;
    }
}
