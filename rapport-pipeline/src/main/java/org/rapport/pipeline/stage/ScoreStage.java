package org.rapport.pipeline.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.PredictiveInterval;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;
import org.rapport.pipeline.Progress;

/**
 * Score stage: reads {@code customer_summary} in batches, scores every customer with the final fits
 * (P(alive), expected purchases over the horizon, expected spend per purchase, CLV with its
 * delta-method interval, and the predictive intervals of {@link PredictiveInterval}: the purchases over
 * the horizon and the customer's own expected CLV) and writes {@code customer_scores} in one transaction, so a failed run leaves
 * the previous scores in place. Memory is bounded by the batch size, not the number of customers.
 * Customers are read in (x, T) order so each batch shares the CLV horizon sums, which Clv computes
 * once per distinct (x, T).
 *
 * <p>Margin: {@code --margin RATE} applies one rate to everyone; otherwise each customer's rate is the
 * amount-weighted margin rate of the products they bought (products table), falling back to the
 * average over all priced lines; with no product margins at all, the rate is 1 and CLV is on revenue
 * (the report says so).
 *
 * <p>Spend of customers whose repeat purchases all had zero amount (free items): Gamma-Gamma models
 * positive amounts, so such a customer has no spend observation. They are given m&#772; = the
 * population mean p&gamma;/(q-1), for which E[M | x, m&#772;] = p(&gamma; + x m&#772;)/(px + q - 1) equals
 * that mean for every x: the model's prior expectation, as for a customer with no repeat purchase.
 */
public final class ScoreStage {
    /** Customers scored per batch. */
    static final int BATCH = CustomerScoring.BATCH;

    /**
     * The margin rules as SQL over the store's {@code products} and {@code purchase_lines}: each product's
     * margin rate ({@code product_margin}) and each customer's amount-weighted rate over the lines they
     * bought ({@code customer_margin}). Spark runs the same text over its views of the same names.
     */
    public static final String MARGINS = """
            WITH product_margin AS (
                SELECT product_id, any_value(margin_rate) AS margin_rate
                FROM products WHERE margin_rate IS NOT NULL GROUP BY product_id),
            customer_margin AS (
                SELECT l.customer_id, sum(l.amount * p.margin_rate) / sum(l.amount) AS margin_rate
                FROM purchase_lines l JOIN product_margin p USING (product_id)
                GROUP BY l.customer_id)
            """;

    /** The base's amount-weighted margin rate over every priced line (the rate of a customer without one). */
    public static final String AVERAGE_MARGIN = MARGINS + """
            SELECT sum(l.amount * p.margin_rate) / sum(l.amount)
            FROM purchase_lines l JOIN product_margin p USING (product_id)""";

    private static final String CUSTOMERS = MARGINS + """
            SELECT s.customer_id, s.x, s.t_x, s.t, s.m, coalesce(?, cm.margin_rate, ?) AS margin_rate
            FROM customer_summary s LEFT JOIN customer_margin cm USING (customer_id)
            ORDER BY s.x, s.t, s.customer_id""";

    /**
     * How to score.
     *
     * @param horizon the period for expected purchases, in the model's time unit
     * @param clv the CLV calculator (horizon, discounting, level)
     * @param margin one margin rate for everyone, or null to take it from the products
     */
    public record Options(double horizon, Clv clv, Double margin) {
    }

    /**
     * What was scored.
     *
     * @param customers customers scored
     * @param marginSource where the margin came from, for the report
     */
    public record Result(long customers, String marginSource) {
    }

    private ScoreStage() {
    }

    /**
     * @param c a connection to the store, to read the summaries
     * @param w a second connection, to write the scores in one transaction (auto-commit is restored on return)
     * @param fits the fit stage's outcome
     * @param options scoring options
     * @param runId the run the scores belong to
     * @param customers the number of customers, for progress
     * @param progress progress
     * @return what was scored
     * @throws SQLException if the store fails
     */
    public static Result run(Connection c, Connection w, FitStage.Outcome fits, Options options, long runId, long customers,
                             Progress progress) throws SQLException {
        progress.start("score", customers);
        double fallback = 1;
        String marginSource;
        if (options.margin() != null) {
            marginSource = String.format(Locale.ROOT, "--margin %.4g for every customer", options.margin());
        } else {
            Double avg = averageMargin(c);
            if (avg == null) {
                marginSource = "no product margins and no --margin: CLV is on revenue (margin rate 1)";
            } else {
                fallback = avg;
                marginSource = String.format(Locale.ROOT,
                        "each customer's products (amount-weighted margin rate; %.4g where unknown)", avg);
            }
        }
        FitResult<? extends PurchaseModel> purchase = fits.finalFit();
        FitResult<GammaGamma> spend = fits.spendFit();
        CustomerScoring scoring = new CustomerScoring(purchase, spend, options.clv(), options.horizon());
        boolean auto = w.getAutoCommit();
        w.setAutoCommit(false);
        long done = 0;
        try {
            try (Statement st = w.createStatement()) {
                st.executeUpdate("DELETE FROM customer_scores");
            }
            Batch batch = new Batch();
            try (PreparedStatement ps = c.prepareStatement(CUSTOMERS);
                 DuckDBAppender out = ((DuckDBConnection) w).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "customer_scores")) {
                if (options.margin() == null) {
                    ps.setNull(1, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(1, options.margin());
                }
                ps.setDouble(2, fallback);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        batch.add(rs);
                        if (batch.n == BATCH) {
                            done += batch.flush(scoring, runId, out);
                            progress.advance(done);
                        }
                    }
                }
                done += batch.flush(scoring, runId, out);
                out.flush();
            }
            w.commit();
        } catch (SQLException | RuntimeException e) {
            w.rollback();
            throw e;
        } finally {
            w.setAutoCommit(auto);
        }
        progress.advance(done);
        progress.finish(String.format(Locale.ROOT, "%,d customers scored with %s%s", done, purchase.modelName(),
                spend == null ? " (no CLV: no spend model)" : " and Gamma-Gamma"));
        return new Result(done, marginSource);
    }

    private static Double averageMargin(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(AVERAGE_MARGIN)) {
            rs.next();
            double v = rs.getDouble(1);
            return rs.wasNull() ? null : v;
        }
    }

    /** One batch of customers in primitive arrays. */
    private static final class Batch {
        String[] id = new String[BATCH];
        double[] x = new double[BATCH];
        double[] tx = new double[BATCH];
        double[] bigT = new double[BATCH];
        double[] m = new double[BATCH];
        double[] margin = new double[BATCH];
        int n;

        void add(ResultSet rs) throws SQLException {
            id[n] = rs.getString(1);
            x[n] = rs.getInt(2);
            tx[n] = rs.getDouble(3);
            bigT[n] = rs.getDouble(4);
            double mv = rs.getDouble(5);
            m[n] = rs.wasNull() ? Double.NaN : mv;
            margin[n] = rs.getDouble(6);
            n++;
        }

        int flush(CustomerScoring scoring, long runId, DuckDBAppender out) throws SQLException {
            if (n == 0) {
                return 0;
            }
            CustomerScoring.Scores s = scoring.score(Arrays.copyOf(x, n), Arrays.copyOf(tx, n), Arrays.copyOf(bigT, n),
                    Arrays.copyOf(m, n), Arrays.copyOf(margin, n));
            for (int i = 0; i < n; i++) {
                out.beginRow();
                out.append(id[i]);
                out.append(runId);
                out.append((int) x[i]);
                out.append(tx[i]);
                out.append(bigT[i]);
                out.append(s.pAlive()[i]);
                out.append(s.expectedPurchases()[i]);
                appendNullable(out, s.expectedSpend()[i]);
                out.append(margin[i]);
                appendNullable(out, s.clv()[i]);
                appendNullable(out, s.clvLower()[i]);
                appendNullable(out, s.clvUpper()[i]);
                appendNullable(out, s.purchasesLower()[i]);
                appendNullable(out, s.purchasesUpper()[i]);
                appendNullable(out, s.clvPredLower()[i]);
                appendNullable(out, s.clvPredUpper()[i]);
                out.endRow();
            }
            int done = n;
            n = 0;
            return done;
        }

        private static void appendNullable(DuckDBAppender out, double v) throws SQLException {
            if (Double.isFinite(v)) {
                out.append(v);
            } else {
                out.appendNull();
            }
        }
    }
}
