import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * How small the driver's tables are: distinct rows of the compressed tables, measured on the
 * customer_summary of a DuckDB pipeline run (the same summaries the Spark job compresses).
 *
 *   java -cp ~/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
 *       rapport-bench/scripts/CompressedRows.java /tmp/rb1m/bench.duckdb
 *
 * Or straight from a transactions Parquet file (no store needed; for worlds too big to analyse here),
 * summarised in SQL the way PurchaseHistory does (purchase days, amounts summed per day; no netting, which
 * the simulator's data do not need: they hold no returns):
 *
 *   java -cp ...duckdb_jdbc-2.0.0.1.jar rapport-bench/scripts/CompressedRows.java world/transactions.parquet 2023-09-30
 *
 * Day grid: t_x and T are whole days over the unit (what Rapport fits). Week grid: t_x and T rounded to
 * whole weeks (an option a scale-out could take to shrink the table, at a small cost in precision).
 */
public class CompressedRows {
    public static void main(String[] args) throws Exception {
        boolean parquet = args[0].endsWith(".parquet");
        try (Connection c = DriverManager.getConnection(parquet ? "jdbc:duckdb:" : "jdbc:duckdb:" + args[0] + "?access_mode=read_only");
             Statement s = c.createStatement()) {
            if (parquet) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                String cal = "DATE '" + args[1] + "'";
                s.execute("""
                        CREATE TABLE customer_summary AS
                        WITH daily AS (SELECT customer_id, CAST(ts AS DATE) AS d, sum(amount) AS a
                                       FROM read_parquet('%s') GROUP BY 1, 2),
                        f AS (SELECT customer_id, min(d) AS first, max(d) AS last FROM daily GROUP BY 1),
                        e AS (SELECT max(d) AS last FROM daily)
                        SELECT daily.customer_id, f.first AS first_purchase,
                               CASE WHEN f.first <= %2$s THEN count(*) FILTER (WHERE daily.d > f.first AND daily.d <= %2$s) END AS x_cal,
                               CASE WHEN f.first <= %2$s THEN (max(daily.d) FILTER (WHERE daily.d <= %2$s) - f.first) / 7.0 END AS t_x_cal,
                               CASE WHEN f.first <= %2$s THEN (%2$s - f.first) / 7.0 END AS t_cal,
                               CASE WHEN f.first <= %2$s THEN count(*) FILTER (WHERE daily.d > %2$s) END AS holdout_x,
                               count(*) - 1 AS x, (f.last - f.first) / 7.0 AS t_x, (any_value(e.last) - f.first) / 7.0 AS t,
                               CASE WHEN count(*) > 1 THEN (sum(daily.a) - sum(daily.a) FILTER (WHERE daily.d = f.first)) / (count(*) - 1) END AS m
                        FROM daily JOIN f USING (customer_id) CROSS JOIN e
                        GROUP BY daily.customer_id, f.first, f.last""".formatted(args[0], cal));
            }
            String[][] q = {
                {"customers", "SELECT count(*) FROM customer_summary"},
                {"repeat buyers (x > 0, m > 0)", "SELECT count(*) FROM customer_summary WHERE x > 0 AND m > 0"},
                {"calibration (x, t_x, T), day grid", "SELECT count(*) FROM (SELECT DISTINCT x_cal, t_x_cal, t_cal FROM customer_summary WHERE x_cal IS NOT NULL)"},
                {"calibration (x, t_x, T, holdout x), day grid", "SELECT count(*) FROM (SELECT DISTINCT x_cal, t_x_cal, t_cal, holdout_x FROM customer_summary WHERE x_cal IS NOT NULL)"},
                {"final (x, t_x, T), day grid", "SELECT count(*) FROM (SELECT DISTINCT x, t_x, t FROM customer_summary)"},
                {"final (x, t_x, T), week grid", "SELECT count(*) FROM (SELECT DISTINCT x, round(t_x), round(t) FROM customer_summary)"},
                {"calibration (x, t_x, T, holdout x), week grid", "SELECT count(*) FROM (SELECT DISTINCT x_cal, round(t_x_cal), round(t_cal), holdout_x FROM customer_summary WHERE x_cal IS NOT NULL)"},
                {"spend (x, m)", "SELECT count(*) FROM (SELECT DISTINCT x, m FROM customer_summary WHERE x > 0 AND m > 0)"},
                {"spend (x, m rounded to cents)", "SELECT count(*) FROM (SELECT DISTINCT x, round(m, 2) FROM customer_summary WHERE x > 0 AND m > 0)"},
                {"first-purchase days", "SELECT count(DISTINCT first_purchase) FROM customer_summary"},
                {"max x", "SELECT max(x) FROM customer_summary"},
            };
            for (String[] e : q) {
                try (ResultSet rs = s.executeQuery(e[1])) {
                    rs.next();
                    System.out.printf("%-48s %,d%n", e[0], rs.getLong(1));
                }
            }
        }
    }
}
