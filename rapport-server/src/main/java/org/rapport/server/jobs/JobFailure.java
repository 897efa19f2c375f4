package org.rapport.server.jobs;

import org.rapport.server.Printable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapport.store.ingest.IngestException;
import org.rapport.store.ingest.InputError;

/**
 * The message a failed job keeps ({@code server_jobs}, {@code GET /api/v1/jobs}): it names the file as
 * the client named it and never echoes the file's content. Bad rows are listed as {@code
 * NAME:LINE: field 'F' REASON} without their values; a file that fails as a whole is described by
 * the kind of failure only (the list of a foreign file's columns, a reader's quote of a line, are
 * left out); other messages are kept with control characters escaped ({@link Printable}). The whole
 * message goes to the server log, which only the operator reads.
 */
public final class JobFailure {
    /** Whole-file failures whose fixed part is kept: group 1 is what is shown after the name. */
    private static final List<Pattern> KEEP = List.of(
            Pattern.compile("(no such file|not a regular file|the file is empty|no data rows|the header line is empty)"),
            Pattern.compile("(missing column '[a-z_]{1,64}')( \\(columns: .*)?", Pattern.DOTALL),
            Pattern.compile("(cannot read as (?:csv|parquet|CSV|PARQUET))(:.*)?", Pattern.DOTALL),
            Pattern.compile("(\\d+ records could not be parsed)(.*)?", Pattern.DOTALL),
            Pattern.compile("(cannot read the file)(:.*)?", Pattern.DOTALL));

    private JobFailure() {
    }

    /**
     * @param e the failure
     * @param path the file as the ingest saw it (its real path)
     * @param name the file as the client named it
     * @return the message for the client
     */
    static String message(Throwable e, String path, String name) {
        if (e instanceof IngestException ie) {
            if (ie.errorCount() > 0) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %d bad %s, nothing loaded:", name, ie.errorCount(),
                        ie.errorCount() == 1 ? "row" : "rows"));
                for (InputError err : ie.errors()) {
                    b.append("\n  ").append(InputError.format(name, err.line(), err.field(), null, err.reason()));
                }
                if (ie.errorCount() > ie.errors().size()) {
                    b.append("\n  ... (first ").append(ie.errors().size()).append(" problems shown)");
                }
                return Printable.text(b.toString());
            }
            String m = e.getMessage() == null ? "" : e.getMessage();
            String rest = m.startsWith(path + ": ") ? m.substring(path.length() + 2) : null;
            if (rest != null) {
                for (Pattern p : KEEP) {
                    Matcher x = p.matcher(rest);
                    if (x.matches()) {
                        return name + ": " + x.group(1);
                    }
                }
            }
            return name + ": the file could not be loaded as transactions (the server log has the details)";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Printable.text(m.replace(path, name));
    }
}
