package org.rapport.store.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.store.FileFormat;
import org.rapport.store.Sql;
import org.rapport.store.StoreException;
import org.rapport.store.ingest.IngestProgress.Stage;

/**
 * The bad rows of one ingest, found and described: which line of the file each starts on (DuckDB gives
 * no line numbers, so a {@link RecordScanner} pass maps its rows to lines), which field is wrong and why,
 * the first ones for the message and all of them for the rejects file.
 */
final class RejectLocator {
    private final IngestRun run;
    private final Connection c;
    private final IngestOptions options;

    RejectLocator(IngestRun run) {
        this.run = run;
        this.c = run.connection();
        this.options = run.options();
    }

    /**
     * Fills a table of problems (line, field, value, reason, raw) for the bad rows, at most {@code limit}
     * bad rows of each sort when failing (only the first ones are shown).
     */
    String locate(Staging st, String duckRejects, long staged, long structural, long limit)
            throws SQLException {
        run.listener().update(Stage.LOCATE, 0, -1);
        String lines = run.temp("lines");
        String rej = run.temp("rej");
        run.execute("CREATE TEMP TABLE " + lines + " (rid BIGINT, line BIGINT, raw VARCHAR)");
        run.execute("CREATE TEMP TABLE " + rej + " (line BIGINT, field VARCHAR, value VARCHAR, reason VARCHAR, raw VARCHAR)");
        String lim = limit == Long.MAX_VALUE ? "" : " LIMIT " + limit;
        if (st.format == FileFormat.PARQUET) {
            run.execute("INSERT INTO " + lines + " SELECT rowid, rec + 1, raw_line FROM " + st.table
                    + " WHERE NOT ok ORDER BY rec" + lim);
        } else if (st.whitespace()) {
            long firstData = st.dialect.header ? 2 : 1;
            int n = st.sourceColumns.size();
            run.update(new Sql().sql("INSERT INTO " + lines + " SELECT rowid, rowid + ").param(firstData)
                    .sql(", raw_line FROM " + st.table + " WHERE NOT ok AND NOT blank ORDER BY rowid" + lim));
            run.update(new Sql().sql("INSERT INTO " + rej + " SELECT line, NULL, NULL, printf(").param(Problem.WRONG_FIELD_COUNT.text)
                    .sql(", ").param(n).sql(", s.nf), l.raw FROM " + st.table + " s JOIN " + lines
                    + " l ON s.rowid = l.rid WHERE s.nf <> ").param(n));
        } else {
            locateCsv(st, lines, rej, duckRejects, staged, structural, limit);
        }
        for (StageColumn col : st.columns) {
            if (col.checked()) {
                insertFieldProblems(st, col, lines, rej);
            }
        }
        run.listener().update(Stage.LOCATE, 1, -1);
        return rej;
    }

    private void locateCsv(Staging st, String lines, String rej, String duckRejects, long staged, long structural,
            long limit) throws SQLException {
        long[] wanted = new long[16];
        int n = 0;
        String lim = limit == Long.MAX_VALUE ? "" : " LIMIT " + limit;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rowid FROM " + st.table + " WHERE NOT ok AND " + st.notBlank()
                        + " ORDER BY rowid" + lim)) {
            while (rs.next()) {
                if (n == wanted.length) {
                    wanted = Arrays.copyOf(wanted, n * 2);
                }
                wanted[n++] = rs.getLong(1);
            }
        }
        DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
        RecordScanner.Counts counts;
        try (DuckDBAppender good = duck.createAppender("temp", "main", lines);
                DuckDBAppender bad = duck.createAppender("temp", "main", rej)) {
            long[] kept = {0};
            RecordScanner scanner = new RecordScanner(run.file(), st.dialect, st.sourceColumns.size());
            counts = scanner.scan(wanted, n, new RecordScanner.Sink() {
                @Override
                public void good(long rid, long line, String raw) throws SQLException {
                    good.beginRow().append(rid).append(line).append(raw).endRow();
                }

                @Override
                public void bad(long line, Problem problem, int fields, String raw) throws SQLException {
                    if (kept[0]++ >= limit) {
                        return;
                    }
                    String reason = problem == Problem.WRONG_FIELD_COUNT
                            ? String.format(java.util.Locale.ROOT, problem.text, st.sourceColumns.size(), fields)
                            : problem.text;
                    bad.beginRow().append(line).appendNull().appendNull().append(reason).append(raw).endRow();
                }
            }, f -> run.listener().update(Stage.LOCATE, f, -1));
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new IngestException(e, IngestException.UNREADABLE, run.label(), StoreException.firstLine(e));
        }
        if (counts.good() != staged || counts.bad() != structural) {
            throw cannotLocate(duckRejects, structural);
        }
    }

    private void insertFieldProblems(Staging st, StageColumn col, String lines, String rej) throws SQLException {
        String value = col.keepsRaw() ? "s.r_" + col.id() : "s.v_" + col.id();
        Sql sql = new Sql().sql("INSERT INTO " + rej + " SELECT l.line, ").param(col.field())
                .sql(", CASE WHEN s.e_" + col.id() + " = " + Problem.EMPTY.code + " THEN NULL ELSE " + value
                        + " END, CASE s.e_" + col.id());
        List<Problem> problems = new ArrayList<>(st.problems(col));
        if (col.id().equals(run.kind().key())) {
            problems.add(Problem.DUPLICATE_KEY);
        }
        for (Problem p : problems) {
            sql.sql(" WHEN " + p.code + " THEN ").param(st.reason(col, p));
        }
        sql.sql(" END, l.raw FROM " + st.table + " s JOIN " + lines + " l ON s.rowid = l.rid WHERE s.e_" + col.id()
                + " <> 0");
        if (st.whitespace()) {
            sql.sql(" AND s.nf = ").param(st.sourceColumns.size());
        }
        run.update(sql);
    }

    List<InputError> firstErrors(String rej) throws SQLException {
        List<InputError> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT line, field, value, reason FROM " + rej + " ORDER BY line, rowid LIMIT ?")) {
            ps.setInt(1, options.maxErrors());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new InputError(run.label(), rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    void writeRejects(String rej, Path out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("COPY (SELECT line, field, value, reason, raw FROM " + rej
                + " ORDER BY line, rowid) TO ? (FORMAT csv, HEADER true)")) {
            ps.setString(1, out.toAbsolutePath().toString());
            ps.execute();
        } catch (SQLException e) {
            String where = out.getFileName().toString().endsWith(".tmp") ? out.resolveSibling(
                    out.getFileName().toString().replaceFirst("\\.tmp$", "")).toString() : out.toString();
            throw new StoreException(e, StoreException.EXPORT_FAILED, "the rejected rows", where,
                    "the folder cannot be written (choose another place with --rejects-file FILE); nothing was loaded");
        }
    }

    IngestException cannotLocate(String duckRejects, long count) throws SQLException {
        String[] firstReject = {"?", "?"};
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT line, error_message FROM " + duckRejects
                        + " ORDER BY line_byte_position LIMIT 1")) {
            if (rs.next()) {
                firstReject[0] = rs.getString(1);
                firstReject[1] = rs.getString(2);
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Maximum line size of (\\d+) bytes exceeded\\. Actual Size:(\\d+)")
                .matcher(firstReject[1] == null ? "" : firstReject[1]);
        if (m.find()) {
            // DuckDB counts this line right: it stops at the record, so the line is that of the file.
            return new IngestException(IngestException.LINE_TOO_LONG, run.label(), firstReject[0],
                    String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(m.group(2))),
                    String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(m.group(1))));
        }
        return new IngestException(IngestException.CANNOT_LOCATE, run.label(), count, firstReject[0], firstReject[1]);
    }
}
