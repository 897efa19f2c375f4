package org.rapport.store.ingest;

/**
 * One problem in an input file, located by file and physical line.
 *
 * @param file the input file as given
 * @param line the 1-based physical line where the record starts (header and blank lines counted, a
 *     quoted line break counts as a line); for Parquet the 1-based row number
 * @param field the column as named in the file, or {@code null} for a problem with the whole record
 * @param value the value as read (trimmed), or {@code null} when empty or not applicable
 * @param reason what is wrong, e.g. {@code "is not a number"}
 */
public record InputError(String file, long line, String field, String value, String reason) {

    /**
     * @return {@code FILE:LINE: field 'amount': 'abc' is not a number}, or {@code FILE:LINE: field
     *     'customer_id' is empty}, or {@code FILE:LINE: expected 4 fields, found 3}
     */
    public String message() {
        return format(file, line, field, value, reason);
    }

    @Override
    public String toString() {
        return message();
    }

    /**
     * Formats a problem the way {@link #message()} does.
     *
     * @param file the file
     * @param line the line
     * @param field the field or {@code null}
     * @param value the value or {@code null}
     * @param reason the reason
     * @return the message
     */
    public static String format(String file, long line, String field, String value, String reason) {
        StringBuilder b = new StringBuilder().append(file).append(':').append(line).append(": ");
        if (field != null) {
            b.append("field '").append(field).append('\'');
            b.append(value == null ? " " : ": '" + shown(value) + "' ");
        }
        return b.append(reason).toString();
    }

    /** The longest value a message quotes whole. */
    static final int SHOWN = 80;

    /**
     * A value as a message quotes it: control characters written as {@code \xNN} (a terminal or a log
     * never receives raw bytes from a file), long values cut with their length.
     *
     * @param value the value
     * @return the printable form
     */
    public static String shown(String value) {
        StringBuilder b = new StringBuilder();
        int n = value.length();
        for (int i = 0; i < Math.min(n, SHOWN); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                b.append(String.format("\\x%02x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        if (n > SHOWN) {
            b.append(String.format(java.util.Locale.ROOT, "... (%,d characters)", n));
        }
        return b.toString();
    }
}
