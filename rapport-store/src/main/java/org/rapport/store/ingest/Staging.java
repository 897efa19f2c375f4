package org.rapport.store.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.rapport.store.FileFormat;
import org.rapport.store.Sql;

/**
 * Builds the statement that has DuckDB read the file into a temporary staging table, converting and
 * checking every value on the way, so no row passes through Java on the fast path.
 *
 * <p>The staging table has, per table column {@code x} that the file has: {@code v_x} the converted
 * value, {@code e_x} the {@link Problem#code} of its problem or 0 (for columns that can be bad), and for
 * non-text columns {@code r_x}, the trimmed text, kept only on bad rows. Then {@code a<k>} for customer
 * attribute columns, {@code ok} (the row is good), {@code blank} (an empty line of a one-column or
 * whitespace file, ignored; only those have the column), and by source: {@code nf} and
 * {@code raw_line} for whitespace files, {@code rec} (0-based row number) and {@code raw_line} for
 * Parquet. For delimited files the row's position among the rows DuckDB accepted is
 * the staging table's {@code rowid}, because the table is written in file order
 * ({@code preserve_insertion_order}).
 */
final class Staging {
    static final String DEFAULT_TS = "COALESCE(TRY_CAST(%1$s AS TIMESTAMP), TRY_STRPTIME(%1$s, '%%Y%%m%%d'))";

    final String table;
    final FileFormat format;
    final CsvDialect dialect;
    final List<String> sourceColumns;
    final List<StageColumn> columns;
    final List<Integer> attributes;
    final String dateFormat;
    final Plausibility plausible;
    /** Read with DuckDB's strict mode off: set for files that mix LF and CRLF line ends. */
    boolean lenientLineEnds;
    /** The fast path reads numbers as text and rejects any with {@code _} (else DuckDB's reader takes them). */
    boolean checkUnderscores = true;
    /** The fast path checks ids for control characters (else the file has none: {@link CsvDialect#suspiciousBytes}). */
    boolean checkControls = true;

    /** Words DuckDB reads as dates that no file means as one. */
    static final String SPECIAL_DATES = "('epoch', 'infinity', '+infinity', '-infinity', 'now', 'today', 'tomorrow', "
            + "'yesterday', 'allballs')";
    /** An id with a control character. */
    static final String CONTROL = "'[[:cntrl:]]'";

    Staging(String table, FileFormat format, CsvDialect dialect, List<String> sourceColumns, Kind kind,
            Mapping mapping, String dateFormat, Plausibility plausible) {
        this.plausible = plausible;
        this.table = table;
        this.format = format;
        this.dialect = dialect;
        this.sourceColumns = sourceColumns;
        this.dateFormat = dateFormat;
        List<StageColumn> cols = new ArrayList<>();
        for (ColumnSpec spec : kind.specs()) {
            Integer src = mapping.source.get(spec.name());
            cols.add(new StageColumn(spec.name(), spec, src == null ? -1 : src,
                    src == null ? spec.name() : sourceColumns.get(src)));
        }
        for (int k = 0; k < mapping.needs.size(); k++) {
            int src = mapping.needs.get(k);
            cols.add(new StageColumn("need" + k, ColumnSpec.opt(mapping.needNames.get(k), ColumnSpec.Type.NUMBER),
                    src, sourceColumns.get(src)));
        }
        this.columns = List.copyOf(cols);
        this.attributes = mapping.attributes;
    }

    boolean whitespace() {
        return format == FileFormat.CSV && dialect.whitespace;
    }

    /**
     * The text of file column {@code i} as read (DuckDB gives NULL for an empty field). Values are not
     * trimmed here: trimming every value costs a third of the read, so text columns trim only values
     * that start or end with a space, and conversions retry with the trimmed text only when they fail.
     */
    private String source(int i) {
        if (format == FileFormat.PARQUET) {
            return "CAST(#" + (i + 1) + " AS VARCHAR)";
        }
        if (dialect.whitespace) {
            return "NULLIF(f[" + (i + 1) + "], '')";
        }
        return "c" + i;
    }

    /** {@code x} trimmed of spaces, NULL when nothing is left; cheap when there is nothing to trim. */
    static String trimmed(String x) {
        return trimmed(x, true);
    }

    /**
     * @param emptyPossible whether {@code x} can be an empty string (DuckDB's CSV reader already gives
     *     NULL for an empty field, Parquet strings can be empty)
     */
    static String trimmed(String x, boolean emptyPossible) {
        return "CASE WHEN starts_with(" + x + ", ' ') OR ends_with(" + x + ", ' ') THEN NULLIF(trim(" + x
                + "), '') ELSE " + (emptyPossible ? "NULLIF(" + x + ", '')" : x) + " END";
    }

    /** Whether the staging table has a {@code blank} column (one-column and whitespace files). */
    boolean hasBlank() {
        return whitespace() || (format == FileFormat.CSV && sourceColumns.size() == 1);
    }

    /** A condition that is true for rows that are not blank lines. */
    String notBlank() {
        return hasBlank() ? "NOT blank" : "true";
    }

    /**
     * {@code CREATE TEMP TABLE <table> AS SELECT ...} reading {@code path}.
     *
     * @param path the absolute file path (bound)
     * @param rejectsTable the name for DuckDB's table of rejected records (delimited files)
     * @param rejectsScan the name for DuckDB's table of reject scans
     */
    Sql create(String path, String rejectsTable, String rejectsScan) {
        Sql sql = new Sql().sql("CREATE TEMP TABLE ").sql(table).sql(" AS SELECT ");
        StringJoiner okTerms = new StringJoiner(" AND ");
        sql.sql(outputColumns(okTerms)).sql(" FROM (SELECT *, ").sql(okTerms.toString()).sql(" AS ok FROM (SELECT *");
        for (StageColumn c : columns) {
            if (c.checked()) {
                sql.sql(", ").sql(problem(c)).sql(" AS e_").sql(c.id());
            }
        }
        sql.sql(" FROM (SELECT *");
        for (StageColumn c : columns) {
            if (c.mapped()) {
                sql.sql(", ");
                typed(sql, c);
                sql.sql(" AS t_").sql(c.id());
            }
        }
        sql.sql(" FROM (SELECT ").sql(rawColumns());
        reader(sql, path, rejectsTable, rejectsScan);
        return sql.sql("))))");
    }

    /**
     * The staging table's columns: typed values, problem codes, raw text of bad rows, attributes and the
     * row's flags; fills {@code okTerms} with what makes a row good.
     */
    private String outputColumns(StringJoiner okTerms) {
        StringJoiner out = new StringJoiner(", ");
        if (hasBlank()) {
            okTerms.add("NOT blank");
        }
        if (whitespace()) {
            okTerms.add("nf = " + sourceColumns.size());
        }
        for (StageColumn c : columns) {
            if (!c.mapped()) {
                continue;
            }
            out.add("t_" + c.id() + " AS v_" + c.id());
            if (c.checked()) {
                out.add("e_" + c.id());
                okTerms.add("e_" + c.id() + " = 0");
            }
        }
        if (okTerms.length() == 0) {
            okTerms.add("true");
        }
        for (StageColumn c : columns) {
            if (c.keepsRaw()) {
                out.add("CASE WHEN ok THEN NULL ELSE trim(r_" + c.id() + ") END AS r_" + c.id());
            }
        }
        for (int k = 0; k < attributes.size(); k++) {
            out.add("r_a" + k + " AS a" + k);
        }
        out.add("ok");
        if (hasBlank()) {
            out.add("blank");
        }
        if (whitespace()) {
            out.add("nf");
        }
        if (format == FileFormat.PARQUET) {
            out.add("rec");
        }
        if (whitespace() || format == FileFormat.PARQUET) {
            out.add("CASE WHEN ok" + (hasBlank() ? " OR blank" : "") + " THEN NULL ELSE raw_line END AS raw_line");
        }
        return out.toString();
    }

    /** The file's columns as read, text trimmed, named r_ID (table columns) and r_aK (attributes). */
    private String rawColumns() {
        StringJoiner raw = new StringJoiner(", ");
        for (StageColumn c : columns) {
            if (c.mapped()) {
                String src = source(c.source());
                raw.add((c.spec().type() == ColumnSpec.Type.TEXT ? trimmed(src) : src) + " AS r_" + c.id());
            }
        }
        for (int k = 0; k < attributes.size(); k++) {
            raw.add(trimmed(source(attributes.get(k))) + " AS r_a" + k);
        }
        if (raw.length() == 0) {
            raw.add("NULL AS r_none");
        }
        return raw.toString();
    }

    /**
     * Whether {@link #createTyped} can be tried: a delimited file (not whitespace-separated, not one
     * column), default date formats, and no file column feeding two table columns of different types.
     */
    boolean typedEligible() {
        if (format != FileFormat.CSV || dialect.whitespace || hasBlank() || dateFormat != null) {
            return false;
        }
        String[] types = readerTypes();
        return types != null;
    }

    /** The type DuckDB's reader gives each file column on the fast path, or {@code null} on a conflict. */
    private String[] readerTypes() {
        String[] types = new String[sourceColumns.size()];
        for (StageColumn c : columns) {
            if (!c.mapped()) {
                continue;
            }
            String t = switch (c.spec().type()) {
                case TEXT -> "VARCHAR";
                // Numbers as text when the file has an underscore: the reader would take '1_000' as 1000.
                case NUMBER -> checkUnderscores ? "VARCHAR" : "DOUBLE";
                case TIMESTAMP, DATE -> "TIMESTAMP";
            };
            if (types[c.source()] != null && !types[c.source()].equals(t)) {
                return null;
            }
            types[c.source()] = t;
        }
        for (int i = 0; i < types.length; i++) {
            if (types[i] == null) {
                types[i] = "VARCHAR";
            }
        }
        return types;
    }

    /**
     * The fast path for clean files: DuckDB's reader converts numbers and timestamps itself, which is
     * cheaper than reading text and converting it. The staging table has {@code v_x}, {@code a<k>} and
     * {@code ok} only, the same layout {@link Publisher} reads. It is only trusted when DuckDB rejected
     * nothing and every row is {@code ok}; otherwise the ingest drops it and runs {@link #create}, whose
     * text values give the exact messages. Both paths accept the same values: the reader converts with
     * the same routines as {@code TRY_CAST}, and what it refuses the text path reports.
     */
    Sql createTyped(String path, String rejectsTable, String rejectsScan) {
        String[] types = readerTypes();
        Sql sql = new Sql().sql("CREATE TEMP TABLE ").sql(table).sql(" AS SELECT ");
        StringJoiner out = new StringJoiner(", ");
        StringJoiner ok = new StringJoiner(" AND ");
        StringJoiner inner = new StringJoiner(", ");
        for (StageColumn c : columns) {
            if (!c.mapped()) {
                continue;
            }
            String src = "c" + c.source();
            String t = "t_" + c.id();
            inner.add(switch (c.spec().type()) {
                case TEXT -> trimmed(src, false);
                case DATE -> "CAST(" + src + " AS DATE)";
                case NUMBER -> checkUnderscores ? "TRY_CAST(" + src + " AS DOUBLE)" : src;
                default -> src;
            } + " AS " + t);
            boolean underscores = c.spec().type() == ColumnSpec.Type.NUMBER && checkUnderscores;
            if (underscores) {
                inner.add("contains(" + src + ", '_') AS u_" + c.id());
            }
            out.add(t + " AS v_" + c.id());
            if (c.spec().required()) {
                ok.add(t + " IS NOT NULL");
            }
            plausibleTerm(c, t, underscores, ok);
            if (c.spec().rule() != null) {
                ok.add("NOT coalesce(" + c.spec().rule().badWhen() + ", false)");
            }
        }
        for (int k = 0; k < attributes.size(); k++) {
            inner.add(trimmed("c" + attributes.get(k), false) + " AS a" + k);
            out.add("a" + k);
        }
        if (ok.length() == 0) {
            ok.add("true");
        }
        StringJoiner cols = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < types.length; i++) {
            cols.add("'c" + i + "': '" + types[i] + "'");
        }
        sql.sql(out.toString()).sql(", ").sql(ok.toString()).sql(" AS ok FROM (SELECT ").sql(inner.toString())
                .sql(" FROM read_csv(").param(path)
                .sql(", auto_detect = false, header = ").param(dialect.header)
                .sql(", delim = ").param(String.valueOf(dialect.delimiter))
                .sql(", quote = ").param(dialect.quote == null ? "" : String.valueOf(dialect.quote))
                .sql(", escape = ").param(dialect.escape == null ? "" : String.valueOf(dialect.escape))
                .sql(", comment = '', columns = ").sql(cols.toString())
                .sql(", store_rejects = true, rejects_limit = 1, rejects_table = ").param(rejectsTable)
                .sql(", rejects_scan = ").param(rejectsScan).sql("))");
        return sql;
    }

    /** Adds to {@code ok} the plausibility term of a typed column: anything doubtful sends the file down the text path. */
    private void plausibleTerm(StageColumn c, String t, boolean underscores, StringJoiner ok) {
        switch (c.spec().type()) {
            case NUMBER -> ok.add("(" + t + " IS NULL OR (isfinite(" + t + ") AND abs(" + t + ") <= "
                    + plausible.maxLiteral() + "))" + (underscores ? " AND NOT coalesce(u_" + c.id() + ", false)" : ""));
            case TIMESTAMP, DATE -> ok.add("(" + t + " IS NULL OR (isfinite(" + t + ") AND " + t + " >= "
                    + plausible.startLiteral() + " AND " + t + " < " + plausible.endLiteral() + " AND " + t
                    + " <> TIMESTAMP '1970-01-01'))");
            case TEXT -> {
                if (c.spec().id()) {
                    ok.add("(" + t + " IS NULL OR (length(" + t + ") <= " + Plausibility.MAX_ID_LENGTH
                            + (checkControls ? " AND NOT regexp_matches(" + t + ", " + CONTROL + ")" : "") + "))");
                }
            }
            default -> { }
        }
    }

    /** The reader and the source-specific columns (blank, nf, rec, raw_line). */
    private void reader(Sql sql, String path, String rejectsTable, String rejectsScan) {
        if (format == FileFormat.PARQUET) {
            StringJoiner all = new StringJoiner(", ");
            for (int i = 0; i < sourceColumns.size(); i++) {
                all.add("coalesce(trim(" + source(i) + "), '')");
            }
            sql.sql(", file_row_number AS rec, concat_ws(',', ").sql(all.toString())
                    .sql(") AS raw_line FROM read_parquet(").param(path).sql(", file_row_number = true)");
            return;
        }
        if (dialect.whitespace) {
            sql.sql(", len(f) AS nf, line IS NULL OR f = [''] AS blank, line AS raw_line FROM (SELECT line, "
                    + "regexp_split_to_array(trim(line, chr(32) || chr(9)), '[ \\t]+') AS f FROM read_csv(")
                    .param(path).sql(", auto_detect = false, header = ").param(dialect.header)
                    .sql(", delim = chr(1), quote = '', escape = '', comment = '', columns = {'line': 'VARCHAR'}, "
                            + "store_rejects = true, rejects_table = ").param(rejectsTable)
                    .sql(", rejects_scan = ").param(rejectsScan).sql("))");
            return;
        }
        StringJoiner cols = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < sourceColumns.size(); i++) {
            cols.add("'c" + i + "': 'VARCHAR'");
        }
        sql.sql(hasBlank() ? ", c0 IS NULL OR trim(c0) = '' AS blank" : "").sql(" FROM read_csv(").param(path)
                .sql(", auto_detect = false, header = ").param(dialect.header)
                .sql(", delim = ").param(String.valueOf(dialect.delimiter))
                .sql(", quote = ").param(dialect.quote == null ? "" : String.valueOf(dialect.quote))
                .sql(", escape = ").param(dialect.escape == null ? "" : String.valueOf(dialect.escape))
                .sql(", comment = '', columns = ").sql(cols.toString())
                .sql(lenientLineEnds ? ", strict_mode = false" : "")
                .sql(", store_rejects = true, rejects_table = ").param(rejectsTable)
                .sql(", rejects_scan = ").param(rejectsScan).sql(")");
    }

    /** {@code t_x}: the converted value. */
    private void typed(Sql sql, StageColumn c) {
        String r = "r_" + c.id();
        switch (c.spec().type()) {
            case TEXT -> sql.sql(r);
            case NUMBER -> sql.sql("TRY_CAST(" + r + " AS DOUBLE)");
            case TIMESTAMP -> timestamp(sql, r);
            case DATE -> {
                sql.sql("CAST(");
                timestamp(sql, r);
                sql.sql(" AS DATE)");
            }
        }
    }

    /** The conversion of a date or timestamp; it retries with the trimmed text only when it fails. */
    private void timestamp(Sql sql, String r) {
        if (dateFormat == null) {
            sql.sql("COALESCE(" + String.format(DEFAULT_TS, r) + ", " + String.format(DEFAULT_TS, "trim(" + r + ")") + ")");
        } else {
            sql.sql("COALESCE(TRY_STRPTIME(" + r + ", ").param(dateFormat).sql("), TRY_STRPTIME(trim(" + r + "), ")
                    .param(dateFormat).sql("))");
        }
    }

    /**
     * {@code e_x}: the problem code of the value, 0 when fine. A value that converts is checked for
     * finiteness and the rule; one that does not is empty (NULL or only spaces) or malformed.
     */
    private String problem(StageColumn c) {
        ColumnSpec s = c.spec();
        String r = "r_" + c.id();
        String t = "t_" + c.id();
        int empty = s.required() ? Problem.EMPTY.code : 0;
        StringBuilder b = new StringBuilder("CASE");
        if (s.type() == ColumnSpec.Type.TEXT) {
            b.append(" WHEN ").append(r).append(" IS NULL THEN ").append(empty);
        } else {
            int malformed = s.type() == ColumnSpec.Type.NUMBER ? Problem.NOT_A_NUMBER.code : Problem.NOT_A_DATE.code;
            b.append(" WHEN ").append(t).append(" IS NULL THEN CASE WHEN ").append(r).append(" IS NULL OR trim(")
                    .append(r).append(") = '' THEN ").append(empty).append(" ELSE ").append(malformed).append(" END");
        }
        switch (s.type()) {
            case NUMBER -> b.append(" WHEN contains(").append(r).append(", '_') THEN ").append(Problem.NOT_A_NUMBER.code)
                    .append(" WHEN NOT isfinite(").append(t).append(") THEN ").append(Problem.NOT_FINITE.code)
                    .append(" WHEN abs(").append(t).append(") > ").append(plausible.maxLiteral()).append(" THEN ")
                    .append(Problem.TOO_LARGE.code);
            case TIMESTAMP, DATE -> b.append(" WHEN lower(trim(").append(r).append(")) IN ").append(SPECIAL_DATES)
                    .append(" THEN ").append(Problem.NOT_A_DATE.code).append(" WHEN NOT isfinite(").append(t)
                    .append(") OR ").append(t).append(" < ").append(plausible.startLiteral()).append(" OR ").append(t)
                    .append(" >= ").append(plausible.endLiteral()).append(" THEN ").append(Problem.IMPLAUSIBLE_DATE.code);
            case TEXT -> {
                if (s.id()) {
                    b.append(" WHEN length(").append(r).append(") > ").append(Plausibility.MAX_ID_LENGTH)
                            .append(" OR regexp_matches(").append(r).append(", ").append(CONTROL).append(") THEN ")
                            .append(Problem.BAD_ID.code);
                }
            }
        }
        if (s.rule() != null) {
            b.append(" WHEN ").append(s.rule().badWhen()).append(" THEN ").append(s.rule().problem().code);
        }
        return b.append(" ELSE 0 END::TINYINT").toString();
    }

    /** The reason for a problem code of column {@code c}. */
    String reason(StageColumn c, Problem p) {
        if (p == Problem.NOT_A_DATE && dateFormat != null) {
            return p.text + " in the format '" + dateFormat + "'";
        }
        if (p == Problem.IMPLAUSIBLE_DATE) {
            return p.text + " " + plausible.window();
        }
        if (p == Problem.TOO_LARGE) {
            return p.text + " " + plausible.bound();
        }
        return p.text;
    }

    /** The problems column {@code c} can have. */
    List<Problem> problems(StageColumn c) {
        List<Problem> out = new ArrayList<>();
        ColumnSpec s = c.spec();
        if (s.required()) {
            out.add(Problem.EMPTY);
        }
        if (s.type() == ColumnSpec.Type.NUMBER) {
            out.add(Problem.NOT_A_NUMBER);
            out.add(Problem.NOT_FINITE);
            out.add(Problem.TOO_LARGE);
        } else if (s.type() != ColumnSpec.Type.TEXT) {
            out.add(Problem.NOT_A_DATE);
            out.add(Problem.IMPLAUSIBLE_DATE);
        } else if (s.id()) {
            out.add(Problem.BAD_ID);
        }
        if (s.rule() != null) {
            out.add(s.rule().problem());
        }
        return out;
    }
}
