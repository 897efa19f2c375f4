package org.rapport.store.ingest;

import java.util.List;

/**
 * One column of a kind's table as ingest sees it.
 *
 * @param name the table column
 * @param type how the text is converted
 * @param required whether the file must have the column and every row a value
 * @param aliases other header names that match, compared after {@link Mapping#normalise(String)}
 * @param rule an extra check, or {@code null}
 */
record ColumnSpec(String name, Type type, boolean required, List<String> aliases, Rule rule) {

    /** How a column's text is converted. */
    enum Type {
        /** Trimmed text; empty is SQL NULL. */
        TEXT("VARCHAR"),
        /** A decimal number with a decimal point, finite. */
        NUMBER("DOUBLE"),
        /** ISO date or date-time, or yyyyMMdd, or the option's format. */
        TIMESTAMP("TIMESTAMP"),
        /** As TIMESTAMP, then the date part. */
        DATE("DATE");

        final String sqlType;

        Type(String sqlType) {
            this.sqlType = sqlType;
        }
    }

    /**
     * A check on a converted value, as a SQL condition that is true when the row is bad. The condition
     * names converted values as {@code t_<column>}, and may only name this column and required ones.
     *
     * @param problem what to report
     * @param badWhen the SQL condition, a constant of this code
     */
    record Rule(Problem problem, String badWhen) {
    }

    static ColumnSpec req(String name, Type type, String... aliases) {
        return new ColumnSpec(name, type, true, List.of(aliases), null);
    }

    static ColumnSpec opt(String name, Type type, String... aliases) {
        return new ColumnSpec(name, type, false, List.of(aliases), null);
    }

    ColumnSpec with(Problem problem, String badWhen) {
        return new ColumnSpec(name, type, required, aliases, new Rule(problem, badWhen));
    }

    /** @return whether a value can be bad (conversion, emptiness or a rule) */
    boolean validated() {
        return required || type != Type.TEXT || rule != null || id();
    }

    /** @return whether the column is an id ({@code *_id}), checked by {@link Plausibility} */
    boolean id() {
        return type == Type.TEXT && name.endsWith("_id");
    }
}
