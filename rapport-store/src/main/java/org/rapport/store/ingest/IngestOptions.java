package org.rapport.store.ingest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.rapport.store.FileFormat;

/**
 * How to read an input file. Immutable: each {@code with...} returns a new instance, so one configured
 * instance can be shared.
 *
 * <p>Defaults ({@link #defaults()}): delimiter detected from the first lines ({@code ,} {@code ;} tab
 * {@code |}, else runs of whitespace), quote {@code "} escaped by doubling, a header line, columns matched
 * by name, dates ISO ({@code 1997-01-01}, {@code 1997-01-01 10:30:00}, {@code 1997-01-01T10:30:00}) or
 * {@code 19970101}, {@link OnError#FAIL}, format from the file extension, 10 problems in messages.
 */
public final class IngestOptions {
    private static final IngestOptions DEFAULTS =
            new IngestOptions(null, '"', null, true, Map.of(), null, OnError.FAIL, null, 10, null, null);

    /** The {@link #delimiter()} value that splits fields on runs of spaces and tabs. */
    public static final String WHITESPACE = "whitespace";

    private final String delimiter;
    private final Character quote;
    private final Character escape;
    private final boolean header;
    private final Map<String, String> mapping;
    private final String dateFormat;
    private final OnError onError;
    private final FileFormat format;
    private final int maxErrors;
    private final Path rejectsFile;
    private final Plausibility plausible;

    private IngestOptions(String delimiter, Character quote, Character escape, boolean header,
            Map<String, String> mapping, String dateFormat, OnError onError, FileFormat format, int maxErrors,
            Path rejectsFile, Plausibility plausible) {
        this.plausible = plausible;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.header = header;
        this.mapping = mapping;
        this.dateFormat = dateFormat;
        this.onError = onError;
        this.format = format;
        this.maxErrors = maxErrors;
        this.rejectsFile = rejectsFile;
    }

    /**
     * @return the default options
     */
    public static IngestOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets the field delimiter: one character ({@code ","}, {@code ";"}, {@code "|"}), {@code "\t"} or
     * {@code "tab"} for a tab, or {@code " "}, {@code "space"} or {@link #WHITESPACE} for runs of spaces
     * and tabs (leading and trailing ones ignored, no quoting), as in {@code CDNOW_master.txt}.
     * {@code null} or {@code "auto"} detects it.
     *
     * @param d the delimiter
     * @return new options
     * @throws IllegalArgumentException for anything else
     */
    public IngestOptions withDelimiter(String d) {
        return new IngestOptions(normaliseDelimiter(d), quote, escape, header, mapping, dateFormat, onError, format,
                maxErrors, rejectsFile, plausible);
    }

    /**
     * Sets the quote character; it is also the escape character unless {@link #withEscape(char)} says
     * otherwise (so {@code ""} inside a quoted field is one quote).
     *
     * @param q the quote character
     * @return new options
     */
    public IngestOptions withQuote(char q) {
        checkDialectChar("quote", q);
        return new IngestOptions(delimiter, q, escape, header, mapping, dateFormat, onError, format, maxErrors,
                rejectsFile, plausible);
    }

    /**
     * Reads quote characters as ordinary text.
     *
     * @return new options
     */
    public IngestOptions withoutQuote() {
        return new IngestOptions(delimiter, null, null, header, mapping, dateFormat, onError, format, maxErrors,
                rejectsFile, plausible);
    }

    /**
     * Sets the character that escapes a quote (or itself) inside a quoted field, e.g. {@code '\\'}.
     *
     * @param e the escape character
     * @return new options
     */
    public IngestOptions withEscape(char e) {
        checkDialectChar("escape", e);
        return new IngestOptions(delimiter, quote, e, header, mapping, dateFormat, onError, format, maxErrors,
                rejectsFile, plausible);
    }

    /**
     * @param h whether the first line names the columns; without one the columns are named
     *     {@code column1}, {@code column2}, ... and must be mapped
     * @return new options
     */
    public IngestOptions withHeader(boolean h) {
        return new IngestOptions(delimiter, quote, escape, h, mapping, dateFormat, onError, format, maxErrors,
                rejectsFile, plausible);
    }

    /**
     * Maps a table column to a file column, e.g. {@code withMapping("customer_id", "cust_no")}. Columns
     * not mapped are matched by name, ignoring case, spaces and underscores, then by their aliases
     * ({@link Kind#aliases(String)}). The file column is matched the same way.
     *
     * @param target the table column
     * @param source the file column
     * @return new options
     */
    public IngestOptions withMapping(String target, String source) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        if (target.isBlank() || source.isBlank()) {
            throw new IllegalArgumentException("mapping '" + target + "=" + source + "' has an empty side");
        }
        Map<String, String> m = new LinkedHashMap<>(mapping);
        m.put(target.strip().toLowerCase(Locale.ROOT), source.strip());
        return new IngestOptions(delimiter, quote, escape, header, Collections.unmodifiableMap(m), dateFormat,
                onError, format, maxErrors, rejectsFile, plausible);
    }

    /**
     * Adds several mappings, see {@link #withMapping(String, String)}.
     *
     * @param targetToSource table column to file column
     * @return new options
     */
    public IngestOptions withMapping(Map<String, String> targetToSource) {
        IngestOptions o = this;
        for (Map.Entry<String, String> e : targetToSource.entrySet()) {
            o = o.withMapping(e.getKey(), e.getValue());
        }
        return o;
    }

    /**
     * Parses a command-line mapping such as {@code customer_id=cust_no,amount=value}.
     *
     * @param spec comma-separated {@code target=source} pairs
     * @return the mapping, in order
     * @throws IllegalArgumentException if a pair has no {@code =} or an empty side
     */
    public static Map<String, String> parseMapping(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("mapping '" + pair.strip() + "' is not TARGET=SOURCE");
            }
            m.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return m;
    }

    /**
     * Sets the format of date and timestamp columns, either as a Java pattern ({@code dd/MM/yyyy},
     * {@code yyyyMMdd HH:mm}; letters y M d H m s S) or as a DuckDB strptime format
     * ({@code %d/%m/%Y}). {@code null} restores the default (ISO, or {@code yyyyMMdd}).
     *
     * @param f the format
     * @return new options
     * @throws IllegalArgumentException if a Java pattern uses other letters
     */
    public IngestOptions withDateFormat(String f) {
        String strptime = f == null || f.isBlank() ? null : toStrptime(f.strip());
        return new IngestOptions(delimiter, quote, escape, header, mapping, strptime, onError, format, maxErrors,
                rejectsFile, plausible);
    }

    /**
     * @param e what to do with bad rows
     * @return new options
     */
    public IngestOptions withOnError(OnError e) {
        return new IngestOptions(delimiter, quote, escape, header, mapping, dateFormat, Objects.requireNonNull(e),
                format, maxErrors, rejectsFile, plausible);
    }

    /**
     * @param f the file format, or {@code null} to take it from the extension
     * @return new options
     */
    public IngestOptions withFormat(FileFormat f) {
        return new IngestOptions(delimiter, quote, escape, header, mapping, dateFormat, onError, f, maxErrors,
                rejectsFile, plausible);
    }

    /**
     * @param n how many problems an {@link IngestException} message and {@link IngestReport#firstErrors()}
     *     list, at least 1
     * @return new options
     */
    public IngestOptions withMaxErrors(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxErrors " + n + " is not at least 1");
        }
        return new IngestOptions(delimiter, quote, escape, header, mapping, dateFormat, onError, format, n,
                rejectsFile, plausible);
    }

    /**
     * @param f where quarantined rows are written, or {@code null} for {@code <input>.rejects.csv}
     * @return new options
     */
    public IngestOptions withRejectsFile(Path f) {
        return new IngestOptions(delimiter, quote, escape, header, mapping, dateFormat, onError, format, maxErrors,
                f, plausible);
    }

    /**
     * @param p what values are believed (dates window, number bound, ids), or {@code null} for the defaults
     * @return new options
     */
    public IngestOptions withPlausibility(Plausibility p) {
        return new IngestOptions(delimiter, quote, escape, header, mapping, dateFormat, onError, format, maxErrors,
                rejectsFile, p);
    }

    /** @return what values are believed ({@link Plausibility#defaults()}, as of today, unless set) */
    public Plausibility plausibility() {
        return plausible == null ? Plausibility.defaults() : plausible;
    }

    /** @return the delimiter: one character, {@link #WHITESPACE}, or {@code null} to detect */
    public String delimiter() {
        return delimiter;
    }

    /** @return the quote character, or {@code null} for none */
    public Character quote() {
        return quote;
    }

    /** @return the escape character inside quotes (the quote itself unless set) */
    public Character escape() {
        return escape != null ? escape : quote;
    }

    /** @return whether the first line is a header */
    public boolean header() {
        return header;
    }

    /** @return table column to file column, as given (table columns lower case) */
    public Map<String, String> mapping() {
        return mapping;
    }

    /** @return the strptime date format, or {@code null} for the default */
    public String dateFormat() {
        return dateFormat;
    }

    /** @return what to do with bad rows */
    public OnError onError() {
        return onError;
    }

    /** @return the file format, or {@code null} to take it from the extension */
    public FileFormat format() {
        return format;
    }

    /** @return how many problems messages list */
    public int maxErrors() {
        return maxErrors;
    }

    /** @return the quarantine CSV, or {@code null} for the default beside the input */
    public Path rejectsFile() {
        return rejectsFile;
    }

    @Override
    public String toString() {
        return "IngestOptions[delimiter=" + delimiter + ", quote=" + quote + ", escape=" + escape() + ", header="
                + header + ", mapping=" + mapping + ", dateFormat=" + dateFormat + ", onError=" + onError
                + ", format=" + format + ", maxErrors=" + maxErrors + ", rejectsFile=" + rejectsFile + "]";
    }

    private static String normaliseDelimiter(String d) {
        if (d == null || d.equalsIgnoreCase("auto")) {
            return null;
        }
        if (d.equals(" ") || d.equalsIgnoreCase("space") || d.equalsIgnoreCase(WHITESPACE)) {
            return WHITESPACE;
        }
        if (d.equals("\\t") || d.equalsIgnoreCase("tab")) {
            return "\t";
        }
        if (d.length() != 1) {
            throw new IllegalArgumentException("delimiter '" + d
                    + "' is not one character, 'tab' or 'whitespace'");
        }
        checkDialectChar("delimiter", d.charAt(0));
        return d;
    }

    private static void checkDialectChar(String what, char c) {
        if (c == '\n' || c == '\r' || c == '\0' || c > 127 || Character.isLetterOrDigit(c)) {
            throw new IllegalArgumentException(what + " '" + c + "' must be an ASCII punctuation, space or tab character");
        }
    }

    /** Translates a Java date pattern to strptime; a format with {@code %} is taken as strptime already. */
    static String toStrptime(String f) {
        if (f.indexOf('%') >= 0) {
            return f;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            int j = i;
            while (j < f.length() && f.charAt(j) == c) {
                j++;
            }
            int n = j - i;
            if (Character.isLetter(c)) {
                out.append(switch (c) {
                    case 'y' -> n == 2 ? "%y" : "%Y";
                    case 'M' -> "%m";
                    case 'd' -> "%d";
                    case 'H' -> "%H";
                    case 'm' -> "%M";
                    case 's' -> "%S";
                    case 'S' -> n <= 3 ? "%g" : "%f";
                    default -> throw new IllegalArgumentException("date format '" + f + "': pattern letter '" + c
                            + "' is not supported (use y M d H m s S, or a strptime format with %)");
                });
            } else {
                out.append(f, i, j);
            }
            i = j;
        }
        return out.toString();
    }
}
