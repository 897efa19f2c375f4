package org.rapport.cli.command;

import java.time.LocalDate;
import java.util.Locale;
import org.rapport.store.FileFormat;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.OnError;
import org.rapport.store.ingest.Plausibility;
import picocli.CommandLine.Option;

/** How to read an input file; shared by {@code ingest} and {@code analyze}. */
public final class IngestOptionsMixin {
    @Option(names = "--map", paramLabel = "COLUMN=SOURCE[,...]",
            description = "Map table columns to the file's columns, e.g. customer_id=cust_no,ts=order_date.")
    String map;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "Field delimiter: a character, 'tab' or 'whitespace' (default: detected).")
    String delimiter;

    @Option(names = "--date-format", paramLabel = "FORMAT",
            description = "strptime format of dates/timestamps, e.g. %%Y%%m%%d or %%d/%%m/%%Y (default: ISO, and yyyymmdd).")
    String dateFormat;

    @Option(names = "--on-error", paramLabel = "fail|quarantine", defaultValue = "fail",
            description = "fail (default): a bad row stops the load, nothing is written, exit code 2. "
                    + "quarantine: good rows load, bad rows go to the rejects table and FILE.rejects.csv.")
    String onError;

    @Option(names = "--input-format", paramLabel = "csv|parquet", description = "Input format (default: from the extension).")
    String format;

    @Option(names = "--no-header", description = "The file has no header row (columns are then column0, column1, ...).")
    boolean noHeader;

    @Option(names = "--rejects-file", paramLabel = "FILE",
            description = "With --on-error quarantine: where the rejected rows go (default: FILE.rejects.csv beside the input).")
    java.nio.file.Path rejectsFile;

    @Option(names = "--earliest-date", paramLabel = "DATE",
            description = "Dates before this day are bad rows (default: 1900-01-01).")
    LocalDate earliest;

    @Option(names = "--latest-date", paramLabel = "DATE",
            description = "Dates after this day are bad rows (default: tomorrow).")
    LocalDate latest;

    @Option(names = "--max-amount", paramLabel = "X",
            description = "Numbers beyond this in absolute value are bad rows (default: 1e9).")
    Double maxAmount;

    /** @return the store's ingest options */
    IngestOptions toOptions() {
        IngestOptions o = IngestOptions.defaults();
        if (map != null) {
            o = o.withMapping(IngestOptions.parseMapping(map));
        }
        if (delimiter != null) {
            o = o.withDelimiter("tab".equalsIgnoreCase(delimiter) ? "\t" : delimiter);
        }
        if (dateFormat != null) {
            o = o.withDateFormat(dateFormat);
        }
        o = o.withOnError(switch (onError.toLowerCase(Locale.ROOT)) {
            case "fail" -> OnError.FAIL;
            case "quarantine" -> OnError.QUARANTINE;
            default -> throw new IllegalArgumentException(
                    "--on-error must be fail or quarantine, not '" + onError + "'");
        });
        if (format != null) {
            o = o.withFormat(switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> FileFormat.CSV;
                case "parquet" -> FileFormat.PARQUET;
                default -> throw new IllegalArgumentException(
                        "--input-format must be csv or parquet, not '" + format + "'");
            });
        }
        if (earliest != null || latest != null || maxAmount != null) {
            Plausibility d = Plausibility.defaults();
            o = o.withPlausibility(new Plausibility(earliest == null ? d.earliest() : earliest,
                    latest == null ? d.latest() : latest, maxAmount == null ? d.maxAbs() : maxAmount));
        }
        if (rejectsFile != null) {
            o = o.withRejectsFile(rejectsFile);
        }
        if (noHeader) {
            o = o.withHeader(false);
        }
        return o;
    }
}
