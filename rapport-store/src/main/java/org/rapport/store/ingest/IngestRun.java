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
    private final RejectLocator locator;

    IngestRun(RapportStore store, Kind kind, Path file, IngestOptions options, IngestProgress listener) {
        this.store = store;
        this.c = store.connection();
        this.kind = kind;
        this.file = file;
        this.label = file.toString();
        this.options = options;
        this.listener = listener;
        this.id = SEQ.incrementAndGet() + "_" + Long.toString(System.nanoTime() & 0xffffffL, 36);
        this.locator = new RejectLocator(this);
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
        if (!stage(st, rejTable)) {
            // LF and CRLF in one file (edited on two systems): DuckDB's strict reader refused it whole.
            dropTemps();
            st.lenientLineEnds = true;
            return stageValidatePublish(st, mapping, started, t0);
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
            throw locator.cannotLocate(rejTable, structural);
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
            rej = locator.locate(st, rejTable, staged, structural, quarantine ? Long.MAX_VALUE : options.maxErrors());
            first = locator.firstErrors(rej);
            if (!quarantine) {
                throw IngestException.badRows(label, first, bad);
            }
        }
        Path rejectsFile = rej == null ? null : options.rejectsFile() != null ? options.rejectsFile()
                : file.resolveSibling(file.getFileName() + ".rejects.csv");
        Publisher.Result result = publishWithRejects(st, mapping, staged - blank - badStaged, rej, rejectsFile, rowsRead,
                bad, started);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        listener.update(Stage.DONE, 1, result.loaded());
        return new IngestReport(file, kind, result.loadId(), rowsRead, result.loaded(), bad, result.duplicates(),
                rejectsFile, mapping.ignored, first, millis);
    }

    /**
     * Reads the file into the staging table.
     *
     * @return false when DuckDB refused a file that mixes LF and CRLF line ends (read it again leniently)
     */
    private boolean stage(Staging st, String rejTable) throws SQLException {
        listener.update(Stage.READ, 0, 0);
        Sql create = st.create(file.toAbsolutePath().toString(), rejTable, temp("duck_scans"));
        try (PreparedStatement ps = c.prepareStatement(create.text())) {
            Sql.bind(ps, create.params());
            ProgressPoller.execute(ps, Stage.READ, listener);
            return true;
        } catch (SQLException e) {
            if (!st.lenientLineEnds && st.format == FileFormat.CSV && StoreException.firstLine(e).contains("state machine")
                    && CsvDialect.mixedLineEnds(file)) {
                return false;
            }
            throw new IngestException(e, IngestException.READ_FAILED, label, st.format, StoreException.firstLine(e));
        }
    }

    /**
     * Publishes the good rows; the rejected ones go to a file beside the input (or {@code --rejects-file})
     * that appears only when the publish commits.
     */
    private Publisher.Result publishWithRejects(Staging st, Mapping mapping, long good, String rej, Path rejectsFile,
                                                long rowsRead, long bad, LocalDateTime started) throws SQLException {
        Path rejectsTmp = null;
        if (rej != null) {
            rejectsTmp = rejectsFile.resolveSibling(rejectsFile.getFileName() + ".tmp");
            locator.writeRejects(rej, rejectsTmp);
        }
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
        return result;
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

    static String rowExpr(Staging st) {
        return st.format == FileFormat.PARQUET ? "rec" : "rowid";
    }

    Connection connection() {
        return c;
    }

    IngestOptions options() {
        return options;
    }

    IngestProgress listener() {
        return listener;
    }

    Kind kind() {
        return kind;
    }

    Path file() {
        return file;
    }

    String label() {
        return label;
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

    void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    void update(Sql sql) throws SQLException {
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
