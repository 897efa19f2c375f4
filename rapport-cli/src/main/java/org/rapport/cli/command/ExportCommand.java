package org.rapport.cli.command;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.export.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rapport export WHAT}: writes a table of the store to CSV or Parquet. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a table of the store: scores (customer_scores), summary (customer_summary), transactions, customers, rejects.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "scores, summary, transactions, customers or rejects.")
    private String what;

    @Mixin
    private StoreOption store;

    @Option(names = "--format", paramLabel = "csv|parquet", defaultValue = "csv", description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file.")
    private Path out;

    @Override
    public Integer call() {
        try (RapportStore s = store.openExisting()) {
            Exporter e = Exporter.of(s).withQuery("scores", "SELECT * FROM customer_scores ORDER BY customer_id")
                    .withQuery("summary", "SELECT * FROM customer_summary ORDER BY customer_id");
            long rows = e.export(what.toLowerCase(Locale.ROOT), out, FileFormat.valueOf(format.toUpperCase(Locale.ROOT)));
            spec.commandLine().getOut().printf(Locale.ROOT, "%,d rows written to %s%n", rows, out);
        }
        return 0;
    }
}
