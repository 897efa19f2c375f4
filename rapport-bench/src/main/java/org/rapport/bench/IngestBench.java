package org.rapport.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.IngestProgress;
import org.rapport.store.ingest.IngestReport;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * Ingest throughput against DuckDB's own {@code CREATE TABLE t AS SELECT * FROM read_csv(...)} on the same
 * generated file in the same run, into an empty database (the first load of a transaction log). The
 * target is a ratio (our rows per second over DuckDB's) of at least 0.7.
 *
 * <p>Each repeat loads into a fresh database file in {@code dir}, DuckDB first on even repeats and ours
 * first on odd ones; the medians are compared. Ours is the whole {@link Ingestor#ingest}: dialect
 * detection, the validating staging read, the bad-row count, the dedupe check and the publish
 * transaction. Opening the store (loading the native library, migrations) is outside both timings.
 *
 * <pre>
 * java -cp rapport-store.jar:duckdb_jdbc.jar org.rapport.store.bench.IngestBench [rows] [dir] [repeats]
 * </pre>
 */
public final class IngestBench {
    private IngestBench() {
    }

    /**
     * @param rows rows generated
     * @param bytes size of the CSV file
     * @param duckdbSeconds median time of DuckDB's CREATE TABLE AS read_csv
     * @param oursSeconds median time of our ingest
     * @param ratio the median over repeats of DuckDB's time over ours in the same repeat (our throughput
     *     relative to DuckDB's: 1 means as fast, 0.7 is the target). Pairing each repeat's two timings
     *     keeps the figure steady when other work on the machine comes and goes.
     */
    public record Result(long rows, long bytes, double duckdbSeconds, double oursSeconds, double ratio) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%,d rows (%.0f MB): DuckDB CTAS read_csv %.2f s (%,.0f rows/s), Rapport ingest %.2f s "
                            + "(%,.0f rows/s), median paired ratio %.2f (target >= 0.70)",
                    rows, bytes / 1e6, duckdbSeconds, rows / duckdbSeconds, oursSeconds, rows / oursSeconds, ratio);
        }
    }

    /**
     * @param args rows (default 1,000,000), folder (default a temporary one), repeats (default 3)
     * @throws IOException if the folder cannot be used
     */
    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("rapport-bench");
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(dir);
        System.out.println(run(rows, dir, repeats, System.out));
    }

    /**
     * Generates the file (or reuses one generated before in {@code dir}) and times both loads.
     *
     * @param rows rows to generate
     * @param dir a folder for the file and the databases
     * @param repeats how many times to time each (at least 1)
     * @param log receives one line per timing
     * @return the medians
     */
    public static Result run(long rows, Path dir, int repeats, PrintStream log) {
        try {
            Path csv = generate(rows, dir);
            double[] duck = new double[repeats];
            double[] ours = new double[repeats];
            double[] stages = new double[2];
            for (int r = 0; r < repeats; r++) {
                if (r % 2 == 0) {
                    duck[r] = duckdb(csv, rows, dir.resolve("duckdb-" + r + ".duckdb"));
                    ours[r] = ours(csv, rows, dir.resolve("rapport-" + r + ".duckdb"), stages);
                } else {
                    ours[r] = ours(csv, rows, dir.resolve("rapport-" + r + ".duckdb"), stages);
                    duck[r] = duckdb(csv, rows, dir.resolve("duckdb-" + r + ".duckdb"));
                }
                log.printf(Locale.ROOT, "repeat %d: DuckDB %.3f s, Rapport %.3f s (read and check %.3f s, publish %.3f s),"
                        + " ratio %.2f%n", r + 1, duck[r], ours[r], stages[0], stages[1], duck[r] / ours[r]);
            }
            double[] ratios = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                ratios[r] = duck[r] / ours[r];
            }
            return new Result(rows, Files.size(csv), median(duck), median(ours), median(ratios));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code bench-<rows>.csv}: customer_id, date, amount, order_id, product_id, quantity; 100,000
     * customers, 1,000 days, 5,000 products, three lines per order. Kept for the next run.
     */
    static Path generate(long rows, Path dir) throws SQLException, IOException {
        Path csv = dir.resolve("bench-" + rows + ".csv");
        if (Files.exists(csv)) {
            return csv;
        }
        Path tmp = dir.resolve("bench-" + rows + ".csv.tmp");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement ps = c.prepareStatement("COPY (SELECT "
                        + "'C' || lpad(((i * 7919) % 100000)::VARCHAR, 6, '0') AS customer_id, "
                        + "(DATE '2020-01-01' + ((i * 31) % 1000)::INTEGER)::VARCHAR AS date, "
                        + "round(((i * 37) % 10000) / 100.0 + 1, 2) AS amount, "
                        + "'O' || (i // 3)::VARCHAR AS order_id, "
                        + "'P' || ((i * 13) % 5000)::VARCHAR AS product_id, "
                        + "1 + i % 4 AS quantity FROM range(?) t(i)) TO ? (HEADER, DELIMITER ',')")) {
            ps.setLong(1, rows);
            ps.setString(2, tmp.toString());
            ps.execute();
        }
        Files.move(tmp, csv);
        return csv;
    }

    private static double duckdb(Path csv, long rows, Path db) throws SQLException, IOException {
        Files.deleteIfExists(db);
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), p)) {
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("CREATE TABLE t AS SELECT * FROM read_csv(?)")) {
                ps.setString(1, csv.toAbsolutePath().toString());
                ps.execute();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                check(rs.getLong(1), rows, "DuckDB");
            }
            return s;
        } finally {
            Files.deleteIfExists(db);
        }
    }

    /** Times our ingest; {@code stages} receives the seconds until publishing started, and of publishing. */
    private static double ours(Path csv, long rows, Path db, double[] stages) throws IOException {
        Files.deleteIfExists(db);
        try (RapportStore store = RapportStore.open(db)) {
            long t0 = System.nanoTime();
            long[] publish = {t0};
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, csv, IngestOptions.defaults(),
                    (stage, fraction, n) -> {
                        if (stage == IngestProgress.Stage.PUBLISH && fraction == 0 && publish[0] == t0) {
                            publish[0] = System.nanoTime();
                        }
                    });
            long t1 = System.nanoTime();
            double s = (t1 - t0) / 1e9;
            stages[0] = (publish[0] - t0) / 1e9;
            stages[1] = (t1 - publish[0]) / 1e9;
            check(r.rowsLoaded(), rows, "Rapport");
            return s;
        } finally {
            Files.deleteIfExists(db);
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + ".wal"));
        }
    }

    private static void check(long got, long want, String who) {
        if (got != want) {
            throw new IllegalStateException(who + " loaded " + got + " rows, not " + want);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
