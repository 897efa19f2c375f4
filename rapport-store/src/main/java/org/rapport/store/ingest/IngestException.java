package org.rapport.store.ingest;

import java.util.List;
import java.util.Locale;

import org.rapport.store.StoreException;

/**
 * Thrown when an ingest does not publish: the file is missing, empty or lacks a required column, the
 * options do not fit the file, or it has bad rows under {@link OnError#FAIL}. Nothing was written.
 *
 * <p>For bad rows the message lists the first problems, one per line, and the count:
 *
 * <pre>
 * tx.csv: 2 bad rows, nothing loaded (use on-error quarantine to load the good rows):
 *   tx.csv:3: field 'amount': 'abc' is not a number
 *   tx.csv:7: field 'date': '1997-13-01' is not a date
 * </pre>
 */
public final class IngestException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** Template: no such file. */
    public static final String NO_FILE = "%s: no such file";
    /** Template: not a regular file. */
    public static final String NOT_A_FILE = "%s: not a regular file";
    /** Template: an unreadable file. */
    public static final String UNREADABLE = "%s: cannot read the file: %s";
    /** Template: a file with nothing in it. */
    public static final String EMPTY_FILE = "%s: the file is empty";
    /** Template: a header and no data rows. */
    public static final String NO_ROWS = "%s: no data rows";
    /** Template: a required column that is not in the file. */
    public static final String MISSING_COLUMN = "%s: missing column '%s' (columns: %s)";
    /** Template: a mapping whose source column is not in the file. */
    public static final String MAPPED_COLUMN_MISSING = "%s: column '%s' (mapped to '%s') is not in the file (columns: %s)";
    /** Template: a mapping to a column the kind does not have. */
    public static final String UNKNOWN_TARGET = "%s: '%s' is not a column of %s (columns: %s)";
    /** Template: two file columns that match one table column. */
    public static final String AMBIGUOUS_COLUMN = "%s: columns %s all match '%s'; map one with %s=COLUMN";
    /** Template: a header with an empty column name. */
    public static final String EMPTY_HEADER = "%s: the header line is empty";
    /** Template: a date format DuckDB rejects. */
    public static final String BAD_DATE_FORMAT = "%s: date format '%s' is not valid: %s";
    /** Template: the reader failed. */
    public static final String READ_FAILED = "%s: cannot read as %s: %s";
    /** Template: the reader's records could not be matched to lines. */
    public static final String CANNOT_LOCATE =
            "%s: %d records could not be parsed (the first: line %s: %s), and their lines could not be located";
    /** Template: a record longer than DuckDB's line limit. */
    public static final String LINE_TOO_LONG =
            "%s:%s: the record is %s bytes long, more than a line may be (%s bytes); nothing loaded";
    /** Template: bad rows under on-error fail. */
    public static final String BAD_ROWS = "%s: %d bad %s, nothing loaded (use on-error quarantine to load the good rows):";

    /** The first problems, by line. */
    private final transient List<InputError> errors;
    /** The number of bad rows. */
    private final long errorCount;

    /**
     * An ingest that failed as a whole.
     *
     * @param template one of the templates of this class
     * @param args the values for the template
     */
    public IngestException(String template, Object... args) {
        super(template, args);
        this.errors = List.of();
        this.errorCount = 0;
    }

    /**
     * An ingest that failed as a whole because of an underlying failure.
     *
     * @param cause the failure
     * @param template one of the templates of this class
     * @param args the values for the template
     */
    public IngestException(Throwable cause, String template, Object... args) {
        super(cause, template, args);
        this.errors = List.of();
        this.errorCount = 0;
    }

    private IngestException(String message, List<InputError> errors, long errorCount) {
        super("%s", message);
        this.errors = List.copyOf(errors);
        this.errorCount = errorCount;
    }

    /**
     * The exception for bad rows under {@link OnError#FAIL}.
     *
     * @param file the input file as given
     * @param errors the first problems, by line
     * @param badRows how many rows are bad in all
     * @return the exception
     */
    static IngestException badRows(String file, List<InputError> errors, long badRows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, BAD_ROWS, file, badRows,
                badRows == 1 ? "row" : "rows"));
        for (InputError e : errors) {
            b.append("\n  ").append(e.message());
        }
        if (badRows > errors.size()) {
            b.append("\n  ... (first ").append(errors.size()).append(" problems shown)");
        }
        return new IngestException(b.toString(), errors, badRows);
    }

    /**
     * @return the first problems found, by line (empty when the ingest failed as a whole)
     */
    public List<InputError> errors() {
        return errors;
    }

    /**
     * @return the number of bad rows (0 when the ingest failed as a whole)
     */
    public long errorCount() {
        return errorCount;
    }
}
