package org.rapport.store.ingest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.Sql;
import org.rapport.store.StoreException;
import org.rapport.store.ingest.IngestProgress.Stage;

/** One ingest: stage, validate, locate bad rows, publish. Temporary tables are dropped at the end. */
final class IngestRun {
    private static final AtomicLong SEQ = new AtomicLong();

    private final RapportStore store;
    private final Connection c;
    private final Kind kind;
    private final Path file;
    private final String label;
    private final IngestOptions options;
    private final IngestProgress listener;
    private final String id;
    private final List<String> temps = new ArrayList<>();

    IngestRun(RapportStore store, Kind kind, Path file, IngestOptions options, IngestProgress listener) {
        this.store = store;
        this.c = store.connection();
        this.kind = kind;
        this.file = file;
        this.label = file.toString();
        this.options = options;
        this.listener = listener;
        this.id = SEQ.incrementAndGet() + "_" + Long.toString(System.nanoTime() & 0xffffffL, 36);
    }

    IngestReport run() {
        long t0 = System.nanoTime();
        LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC);
        checkFile();
        FileFormat format = options.format() != null ? options.format() : FileFormat.fromFileName(file);
        CsvDialect dialect = format == FileFormat.CSV ? CsvDialect.detect(file, options, label) : null;
        List<String> columns = dialect != null ? dialect.columns : parquetColumns();
        Mapping mapping = Mapping.resolve(kind, columns, options.mapping(), label);
        if (options.dateFormat() != null) {
            checkDateFormat();
        }
        try {
            Staging fast = new Staging(temp("fast"), format, dialect, columns, kind, mapping, options.dateFormat(), options.plausibility());
            if (format == FileFormat.CSV && !dialect.whitespace) {
                boolean[] seen = CsvDialect.suspiciousBytes(file, dialect.delimiter);
                fast.checkUnderscores = seen[0];
                fast.checkControls = seen[1];
            }
            if (fast.typedEligible()) {
                IngestReport r = fastPath(fast, mapping, started, t0);
                if (r != null) {
                    return r;
                }
            }
            Staging st = new Staging(temp("stg"), format, dialect, columns, kind, mapping, options.dateFormat(), options.plausibility());
            return stageValidatePublish(st, mapping, started, t0);
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        } finally {
            dropTemps();
        }
    }

    /**
     * Tries {@link Staging#createTyped}; returns {@code null} (having dropped its tables) when the file has
     * anything to report, so that the text path can report it exactly.
     */
    private IngestReport fastPath(Staging st, Mapping mapping, LocalDateTime started, long t0) throws SQLException {
        String rejTable = temp("duck_rejects");
        String rejScan = temp("duck_scans");
        listener.update(Stage.READ, 0, 0);
        Sql create = st.createTyped(file.toAbsolutePath().toString(), rejTable, rejScan);
        try (PreparedStatement ps = c.prepareStatement(create.text())) {
            Sql.bind(ps, create.params());
            ProgressPoller.execute(ps, Stage.READ, listener);
        } catch (SQLException e) {
            dropTemps();
            return null;
        }
        listener.update(Stage.VALIDATE, 0, -1);
        long rejected = longs("SELECT count(*) FROM " + rejTable)[0];
        String dupes = kind.key() == null ? "0" : "count(*) - count(DISTINCT v_" + kind.key() + ")";
        long[] counts = longs("SELECT count(*), count(*) FILTER (WHERE NOT ok), " + dupes + " FROM " + st.table);
        if (rejected > 0 || counts[0] == 0 || counts[1] > 0 || counts[2] > 0) {
            dropTemps();
            return null;
        }
        long rows = counts[0];
        listener.update(Stage.VALIDATE, 1, rows);
        listener.update(Stage.PUBLISH, 0, 0);
        Publisher.Result result = new Publisher(store, c, kind, st, mapping, this::temp, listener)
                .publish(rows, null, label, rows, 0, started);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        listener.update(Stage.DONE, 1, result.loaded());
        return new IngestReport(file, kind, result.loadId(), rows, result.loaded(), 0, result.duplicates(), null,
                mapping.ignored, List.of(), millis);
    }

    private IngestReport stageValidatePublish(Staging st, Mapping mapping, LocalDateTime started, long t0)
            throws SQLException {
        String rejTable = temp("duck_rejects");
        String rejScan = temp("duck_scans");
        listener.update(Stage.READ, 0, 0);
        Sql create = st.create(file.toAbsolutePath().toString(), rejTable, rejScan);
        try (PreparedStatement ps = c.prepareStatement(create.text())) {
            Sql.bind(ps, create.params());
            ProgressPoller.execute(ps, Stage.READ, listener);
        } catch (SQLException e) {
            if (!st.lenientLineEnds && st.format == FileFormat.CSV && StoreException.firstLine(e).contains("state machine")
                    && CsvDialect.mixedLineEnds(file)) {
                // LF and CRLF in one file (edited on two systems): DuckDB's strict reader refuses it whole.
                dropTemps();
                st.lenientLineEnds = true;
                return stageValidatePublish(st, mapping, started, t0);
            }
            throw new IngestException(e, IngestException.READ_FAILED, label, st.format, StoreException.firstLine(e));
        }
        listener.update(Stage.VALIDATE, 0, -1);
        if (kind.key() != null) {
            markDuplicateKeys(st);
        }
        long[] counts = longs("SELECT count(*), " + (st.hasBlank() ? "count(*) FILTER (WHERE blank)" : "0")
                + ", count(*) FILTER (WHERE NOT ok AND " + st.notBlank() + ") FROM " + st.table);
        long staged = counts[0];
        long blank = counts[1];
        long badStaged = counts[2];
        long structural = st.format == FileFormat.PARQUET ? 0
                : longs("SELECT count(DISTINCT line_byte_position) FROM " + rejTable)[0];
        if (st.whitespace() && structural > 0) {
            throw cannotLocate(rejTable, structural);
        }
        long rowsRead = staged - blank + structural;
        listener.update(Stage.VALIDATE, 1, rowsRead);
        if (rowsRead == 0) {
            throw new IngestException(IngestException.NO_ROWS, label);
        }
        long bad = badStaged + structural;
        boolean quarantine = options.onError() == OnError.QUARANTINE;
        String rej = null;
        List<InputError> first = List.of();
        if (bad > 0) {
            rej = locate(st, rejTable, staged, structural, quarantine ? Long.MAX_VALUE : options.maxErrors());
            first = firstErrors(rej);
            if (!quarantine) {
                throw IngestException.badRows(label, first, bad);
            }
        }
        Path rejectsFile = null;
        Path rejectsTmp = null;
        if (rej != null) {
            rejectsFile = options.rejectsFile() != null ? options.rejectsFile()
                    : file.resolveSibling(file.getFileName() + ".rejects.csv");
            rejectsTmp = rejectsFile.resolveSibling(rejectsFile.getFileName() + ".tmp");
            writeRejects(rej, rejectsTmp);
        }
        long good = staged - blank - badStaged;
        Publisher.Result result;
        try {
            listener.update(Stage.PUBLISH, 0, 0);
            result = new Publisher(store, c, kind, st, mapping, this::temp, listener)
                    .publish(good, rej, label, rowsRead, bad, started);
        } catch (RuntimeException e) {
            deleteQuietly(rejectsTmp);
            throw e;
        }
        if (rejectsTmp != null) {
            try {
                Files.move(rejectsTmp, rejectsFile, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new StoreException(e, StoreException.EXPORT_FAILED, "rejects", rejectsFile, e.getMessage());
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        listener.update(Stage.DONE, 1, result.loaded());
        return new IngestReport(file, kind, result.loadId(), rowsRead, result.loaded(), bad, result.duplicates(),
                rejectsFile, mapping.ignored, first, millis);
    }

    private void checkFile() {
        if (!Files.exists(file)) {
            throw new IngestException(IngestException.NO_FILE, label);
        }
        if (!Files.isRegularFile(file)) {
            throw new IngestException(IngestException.NOT_A_FILE, label);
        }
        if (!Files.isReadable(file)) {
            throw new IngestException(new AccessDeniedException(label), IngestException.UNREADABLE, label,
                    "permission denied");
        }
        try {
            if (Files.size(file) == 0) {
                throw new IngestException(IngestException.EMPTY_FILE, label);
            }
        } catch (IOException e) {
            throw new IngestException(e, IngestException.UNREADABLE, label, e.getMessage());
        }
    }

    private List<String> parquetColumns() {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM read_parquet(?) LIMIT 0")) {
            ps.setString(1, file.toAbsolutePath().toString());
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    names.add(md.getColumnName(i));
                }
                return names;
            }
        } catch (SQLException e) {
            throw new IngestException(e, IngestException.READ_FAILED, label, FileFormat.PARQUET,
                    StoreException.firstLine(e));
        }
    }

    private void checkDateFormat() {
        try (PreparedStatement ps = c.prepareStatement("SELECT TRY_STRPTIME('2000-01-01', ?)")) {
            ps.setString(1, options.dateFormat());
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw new IngestException(e, IngestException.BAD_DATE_FORMAT, label, options.dateFormat(),
                    StoreException.firstLine(e));
        }
    }

    /** Marks every row whose key occurs on an earlier good row of the file. */
    private void markDuplicateKeys(Staging st) throws SQLException {
        String k = "v_" + kind.key();
        execute("UPDATE " + st.table + " SET e_" + kind.key() + " = " + Problem.DUPLICATE_KEY.code
                + ", ok = false WHERE rowid IN (SELECT rid FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY "
                + k + " ORDER BY " + rowExpr(st) + ") AS n FROM " + st.table + " WHERE ok) WHERE n > 1)");
    }

    private static String rowExpr(Staging st) {
        return st.format == FileFormat.PARQUET ? "rec" : "rowid";
    }

    /**
     * Fills a table of problems (line, field, value, reason, raw) for the bad rows, at most {@code limit}
     * bad rows of each sort when failing (only the first ones are shown).
     */
    private String locate(Staging st, String duckRejects, long staged, long structural, long limit)
            throws SQLException {
        listener.update(Stage.LOCATE, 0, -1);
        String lines = temp("lines");
        String rej = temp("rej");
        execute("CREATE TEMP TABLE " + lines + " (rid BIGINT, line BIGINT, raw VARCHAR)");
        execute("CREATE TEMP TABLE " + rej + " (line BIGINT, field VARCHAR, value VARCHAR, reason VARCHAR, raw VARCHAR)");
        String lim = limit == Long.MAX_VALUE ? "" : " LIMIT " + limit;
        if (st.format == FileFormat.PARQUET) {
            execute("INSERT INTO " + lines + " SELECT rowid, rec + 1, raw_line FROM " + st.table
                    + " WHERE NOT ok ORDER BY rec" + lim);
        } else if (st.whitespace()) {
            long firstData = st.dialect.header ? 2 : 1;
            int n = st.sourceColumns.size();
            update(new Sql().sql("INSERT INTO " + lines + " SELECT rowid, rowid + ").param(firstData)
                    .sql(", raw_line FROM " + st.table + " WHERE NOT ok AND NOT blank ORDER BY rowid" + lim));
            update(new Sql().sql("INSERT INTO " + rej + " SELECT line, NULL, NULL, printf(").param(Problem.WRONG_FIELD_COUNT.text)
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
        listener.update(Stage.LOCATE, 1, -1);
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
            RecordScanner scanner = new RecordScanner(file, st.dialect, st.sourceColumns.size());
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
            }, f -> listener.update(Stage.LOCATE, f, -1));
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new IngestException(e, IngestException.UNREADABLE, label, StoreException.firstLine(e));
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
        if (col.id().equals(kind.key())) {
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
        update(sql);
    }

    private List<InputError> firstErrors(String rej) throws SQLException {
        List<InputError> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT line, field, value, reason FROM " + rej + " ORDER BY line, rowid LIMIT ?")) {
            ps.setInt(1, options.maxErrors());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new InputError(label, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    private void writeRejects(String rej, Path out) throws SQLException {
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

    private IngestException cannotLocate(String duckRejects, long count) throws SQLException {
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
            return new IngestException(IngestException.LINE_TOO_LONG, label, firstReject[0],
                    String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(m.group(2))),
                    String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(m.group(1))));
        }
        return new IngestException(IngestException.CANNOT_LOCATE, label, count, firstReject[0], firstReject[1]);
    }

    String temp(String what) {
        String name = what + "_" + id;
        temps.add(name);
        return name;
    }

    private void dropTemps() {
        for (int i = temps.size() - 1; i >= 0; i--) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS temp.main." + temps.get(i));
            } catch (SQLException e) {
                // Temporary tables vanish with the connection anyway.
            }
        }
        temps.clear();
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void update(Sql sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            Sql.bind(ps, sql.params());
            ps.execute();
        }
    }

    private long[] longs(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // A stale .tmp file is harmless and overwritten next time.
            }
        }
    }
}
