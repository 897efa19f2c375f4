package org.rapport.cli.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rapport.cli.io.ConsoleProgress;
import org.rapport.cli.io.IngestBar;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestReport;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rapport ingest KIND FILE}: validates a file and loads it into the store atomically. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Load a CSV or Parquet file into the store.",
            "KIND: transactions, customers, products, life_events, interactions, prospects, feedback, household_links, memberships.",
            "The load is atomic: a failed or interrupted load leaves the previous data intact.",
            "Re-loading the same rows does not duplicate them (docs/schema.md, \"Dedupe\")."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:loaded (with --on-error quarantine also when bad rows were set aside: the output says how many and where)",
            "2:bad input (--on-error fail, the default): nothing written"})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "What the file holds.")
    private String kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "The CSV or Parquet file.")
    private Path file;

    @Mixin
    private StoreOption store;

    @Mixin
    private IngestOptionsMixin input;

    @Override
    public Integer call() {
        Kind k = Kind.parse(kind);
        ConsoleProgress progress = ConsoleProgress.forCommand(spec);
        try (RapportStore s = store.openOrCreate()) {
            IngestReport r = Ingestor.of(s).ingest(k, file, input.toOptions(), new IngestBar(progress));
            progress.done();
            spec.commandLine().getOut().println(r.summary());
            if (r.rowsRejected() > 0) {
                spec.commandLine().getOut().println("rejected rows (with reasons): " + r.rejectsFile()
                        + " and the rejects table (load " + r.loadId() + ")");
            }
            if (!r.ignoredColumns().isEmpty()) {
                spec.commandLine().getOut().println("ignored columns: " + String.join(", ", r.ignoredColumns()));
            }
        }
        return 0;
    }
}
