package org.rapport.store.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.Sql;
import org.rapport.store.StoreException;

/**
 * Writes a table, a view or a named query to CSV or Parquet with DuckDB's {@code COPY}:
 * {@code rapport export scores --format parquet --out scores.parquet}.
 *
 * <p>Only names on the allow-list can be exported: the store's tables and views
 * ({@link RapportStore#TABLES}, {@link RapportStore#VIEWS}) and what {@link #withTable(String)} and
 * {@link #withQuery(String, String)} add (the pipeline adds {@code customer_scores} and its queries). The
 * output path is a bound parameter. The file appears whole or not at all: DuckDB writes a temporary file
 * beside it, which is then renamed. In CSV, text columns are neutralised against formula injection
 * ({@link CsvCells}); numbers, dates and Parquet files are written as they are.
 */
public final class Exporter {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final RapportStore store;
    private final Map<String, String> queries;

    private Exporter(RapportStore store, Map<String, String> queries) {
        this.store = store;
        this.queries = queries;
    }

    /**
     * @param store the store to export from
     * @return an exporter that knows the store's base tables and views
     */
    public static Exporter of(RapportStore store) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String t : RapportStore.TABLES) {
            q.put(t, "SELECT * FROM " + Sql.ident(t));
        }
        for (String v : RapportStore.VIEWS) {
            q.put(v, "SELECT * FROM " + Sql.ident(v));
        }
        return new Exporter(Objects.requireNonNull(store, "store"), Collections.unmodifiableMap(q));
    }

    /**
     * Allows a further table or view, e.g. the pipeline's {@code customer_scores}.
     *
     * @param table a lower-case identifier
     * @return a new exporter
     */
    public Exporter withTable(String table) {
        return withQuery(table, "SELECT * FROM " + Sql.ident(checkName(table)));
    }

    /**
     * Allows a named query, e.g. {@code withQuery("scores", "SELECT ... FROM customer_scores ORDER BY clv DESC")}.
     *
     * @param name a lower-case identifier, the name users type
     * @param sql a constant {@code SELECT} of the caller's code, without placeholders
     * @return a new exporter
     */
    public Exporter withQuery(String name, String sql) {
        Map<String, String> q = new LinkedHashMap<>(queries);
        q.put(checkName(name), Objects.requireNonNull(sql, "sql"));
        return new Exporter(store, Collections.unmodifiableMap(q));
    }

    /**
     * @return the names that can be exported, in the order they were added
     */
    public Set<String> names() {
        return queries.keySet();
    }

    /**
     * Exports a table, view or named query.
     *
     * @param name one of {@link #names()}
     * @param out the output file; replaced if it exists
     * @param format CSV (with a header line) or Parquet
     * @return the number of rows written
     * @throws StoreException if the name is not allowed or the export fails
     */
    public long export(String name, Path out, FileFormat format) {
        String sql = queries.get(name);
        if (sql == null) {
            throw new StoreException(StoreException.NOT_ALLOWED, name, "table or query to export",
                    String.join(", ", queries.keySet()));
        }
        String options = format == FileFormat.PARQUET ? "(FORMAT parquet)" : "(FORMAT csv, HEADER true)";
        return copyWhole(store, () -> "COPY (" + (format == FileFormat.CSV ? neutralised(sql) : sql) + ") TO ? " + options,
                null, name, out);
    }

    /**
     * Runs a {@code COPY ... TO ?} into a temporary file beside the target, then renames it, so the file
     * appears whole or not at all.
     *
     * @param store the store whose connection runs it
     * @param copy makes the statement; its last placeholder is the output path
     * @param source the value of a first placeholder (an input path), or null when there is none
     * @param what what is copied, for the message
     * @param out the target
     * @return the rows copied
     */
    private static long copyWhole(RapportStore store, CopyText copy, String source, Object what, Path out) {
        Path target = out.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (PreparedStatement ps = store.connection().prepareStatement(copy.text())) {
            int i = 1;
            if (source != null) {
                ps.setString(i++, source);
            }
            ps.setString(i, tmp.toString());
            ps.execute();
            long rows = Math.max(0, ps.getLargeUpdateCount());
            move(tmp, target);
            return rows;
        } catch (SQLException e) {
            deleteQuietly(tmp);
            throw new StoreException(e, StoreException.EXPORT_FAILED, what, out, StoreException.firstLine(e));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StoreException(e, StoreException.EXPORT_FAILED, what, out, e.getMessage());
        }
    }

    /**
     * @param sql a constant query of the allow-list
     * @return the same query with every text column passed through {@link CsvCells#sql}; the column
     *     names come from the query's own result (DuckDB's metadata), never from input
     * @throws SQLException if the query cannot be described
     */
    private String neutralised(String sql) throws SQLException {
        StringBuilder cols = new StringBuilder();
        boolean text = false;
        try (PreparedStatement ps = store.connection().prepareStatement("SELECT * FROM (" + sql + ") LIMIT 0");
             java.sql.ResultSet rs = ps.executeQuery()) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String c = Sql.ident(md.getColumnLabel(i));
                boolean isText = md.getColumnType(i) == java.sql.Types.VARCHAR;
                text |= isText;
                cols.append(i > 1 ? ", " : "").append(isText ? CsvCells.sql(c) + " AS " + c : c);
            }
        }
        return text ? "SELECT " + cols + " FROM (" + sql + ")" : sql;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Nothing more to do; the next export replaces it.
        }
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a lower-case identifier");
        }
        return name;
    }

    /**
     * Converts a CSV file (with a header) to Parquet with DuckDB, types detected by its reader; both
     * paths are bound as parameters. Writes to a temporary file and moves it into place.
     *
     * @param csv the CSV file
     * @param parquet the Parquet file to write; replaced if it exists
     * @return the number of rows written
     * @throws StoreException if the conversion fails
     */
    public static long csvToParquet(Path csv, Path parquet) {
        try (RapportStore mem = RapportStore.inMemory(java.util.List.of())) {
            return copyWhole(mem, () -> "COPY (SELECT * FROM read_csv(?, header = true)) TO ? (FORMAT parquet)",
                    csv.toAbsolutePath().toString(), csv, parquet);
        }
    }

    /** The text of a {@code COPY} statement, which may need a query to build. */
    @FunctionalInterface
    private interface CopyText {
        String text() throws SQLException;
    }
}
