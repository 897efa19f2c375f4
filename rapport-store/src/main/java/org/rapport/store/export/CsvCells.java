package org.rapport.store.export;

/**
 * Text cells of CSV files written for people (exports, campaign lists) are neutralised against
 * formula injection as OWASP's "CSV Injection" guidance says: a text cell that starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading single quote,
 * so a spreadsheet shows it as text instead of running it. Numbers are written as numbers: only text
 * cells are touched, so a negative amount stays {@code -4}.
 */
public final class CsvCells {
    /** The characters that make a spreadsheet read a cell as a formula. */
    public static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvCells() {
    }

    /**
     * @param text a text cell, or null
     * @return the text, with a leading {@code '} if it starts like a formula
     */
    public static String text(String text) {
        return text != null && !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /**
     * @param value a cell of any type
     * @return a text cell neutralised ({@link #text}); any other value as it is
     */
    public static Object cell(Object value) {
        return value instanceof CharSequence s ? text(s.toString()) : value;
    }

    /**
     * The SQL expression that neutralises a text column in DuckDB, for {@code COPY ... TO} (FORMAT csv).
     *
     * @param quotedColumn the column, already quoted as an identifier
     * @return the expression, same value as {@link #text} would give
     */
    static String sql(String quotedColumn) {
        return "CASE WHEN left(" + quotedColumn + ", 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || " + quotedColumn
                + " ELSE " + quotedColumn + " END";
    }
}
