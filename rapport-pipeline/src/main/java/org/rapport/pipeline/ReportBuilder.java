package org.rapport.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.ScoreStage;
import org.rapport.pipeline.stage.Summarise;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Kind;

/**
 * Assembles the report's data from a run's results and the store's tables. The parts that need no store
 * (settings, notes, the netted-orders query, histogram edges) are public, so Spark's run builds the same
 * report from its own aggregates.
 */
public final class ReportBuilder {
    /** Customers listed in the report's top table. */
    public static final int TOP = 25;
    /** Bins of each histogram. */
    public static final int BINS = 20;
    /** Orders that returns netted to zero or less (over the store's {@code net_lines} view). */
    public static final String NETTED_ORDERS = "SELECT count(*) FROM (SELECT customer_id, order_id, order_day FROM net_lines "
            + "GROUP BY customer_id, order_id, order_day HAVING sum(amount) <= 0) t";

    private ReportBuilder() {
    }

    static ReportData build(RapportStore store, AnalysisOptions o, Analysis.DataRange range, PurchaseHistory.Window w,
                            Summarise.Result summary, FitStage.Outcome fits, ScoreStage.Result scored, Instant started) {
        List<ReportData.Setting> settings = settings(o, w, scored.marginSource());
        List<String> notes = notes(summary.lateCustomers(), store.queryLong(NETTED_ORDERS), fits);
        ReportData.Quality quality = store.queryFirst("""
                SELECT coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0),
                       coalesce(sum(duplicates_skipped), 0)
                FROM loads WHERE kind = ?""", rs -> new ReportData.Quality(rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), range.customers(), range.purchases(), range.first(), range.last(), notes),
                Kind.TRANSACTIONS.name()).orElseThrow();

        ReportData.ModelSummary spend = fits.spendFit() == null ? null : ReportData.ModelSummary.of(fits.spendFit(), o.level());
        String source = o.source() != null ? o.source() : String.valueOf(store.file());
        return new ReportData("Rapport: customer lifetime value", started, source, settings, quality,
                ReportData.ModelSummary.of(fits.finalFit(), o.level()), fits.candidates(), spend, fits.validation(),
                clvHistogram(store), aliveHistogram(store), top(store), totals(store), null);
    }

    /**
     * @param o the run's options
     * @param w its window
     * @param marginSource where the margin came from
     * @return the report's settings table
     */
    public static List<ReportData.Setting> settings(AnalysisOptions o, PurchaseHistory.Window w, String marginSource) {
        List<ReportData.Setting> settings = new ArrayList<>();
        settings.add(new ReportData.Setting("period unit", o.unit().name().toLowerCase(Locale.ROOT)));
        settings.add(new ReportData.Setting("calibration end", LocalDate.ofEpochDay(w.calibrationEnd()).toString()));
        settings.add(new ReportData.Setting("holdout end", w.holdoutEnd() > w.calibrationEnd()
                ? LocalDate.ofEpochDay(w.holdoutEnd()).toString() : "no holdout"));
        settings.add(new ReportData.Setting("purchase model", o.model().name().toLowerCase(Locale.ROOT)));
        if (o.model() == FitStage.PurchaseModelChoice.AUTO) {
            settings.add(new ReportData.Setting("model choice by", o.select().name().toLowerCase(Locale.ROOT)));
        }
        settings.add(new ReportData.Setting("repeat purchases counted as", o.count().name().toLowerCase(Locale.ROOT)));
        settings.add(new ReportData.Setting("expected purchases over", String.format(Locale.ROOT, "%.0f days", o.horizonDays())));
        settings.add(new ReportData.Setting("CLV horizon", o.clvMonths() + " months"));
        settings.add(new ReportData.Setting("discount rate", String.format(Locale.ROOT, "%.1f%% a year", 100 * o.annualDiscountRate())));
        settings.add(new ReportData.Setting("margin", marginSource));
        settings.add(new ReportData.Setting("interval level", String.format(Locale.ROOT, "%.0f%%", 100 * o.level())));
        return settings;
    }

    /**
     * @param lateCustomers customers first seen after the calibration end
     * @param netted orders netted to zero or less ({@link #NETTED_ORDERS})
     * @param fits the fits
     * @return the data-quality notes
     */
    public static List<String> notes(long lateCustomers, long netted, FitStage.Outcome fits) {
        List<String> notes = new ArrayList<>();
        if (lateCustomers > 0) {
            notes.add(String.format(Locale.ROOT, "%,d customers first bought after the calibration end: they are scored "
                    + "but not in the fit or the validation", lateCustomers));
        }
        if (netted > 0) {
            notes.add(String.format(Locale.ROOT, "%,d orders netted to zero or less by returns and are not counted as purchases", netted));
        }
        if (fits.spendProblem() != null) {
            notes.add("no spend model, so no CLV: " + fits.spendProblem());
        }
        if (fits.calibrationFit() != fits.finalFit()) {
            StringBuilder p = new StringBuilder();
            fits.calibrationFit().parameterMap().forEach((k, v) ->
                    p.append(p.length() == 0 ? "" : ", ").append(k).append(String.format(Locale.ROOT, " = %.4g", v)));
            notes.add("validation uses the model fitted on the calibration period (" + p
                    + "); scores use the same model refitted on all the data (shown below)");
        }
        return notes;
    }

    /**
     * @param lo the lowest edge
     * @param hi the highest edge
     * @return {@link #BINS} + 1 equal-width edges; a value's bin is floor((v - lo) / width) clamped to the bins
     */
    public static double[] edges(double lo, double hi) {
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            edges[i] = lo + (hi - lo) * i / BINS;
        }
        return edges;
    }

    private static ReportData.Histogram clvHistogram(RapportStore store) {
        double hi = store.queryFirst("SELECT quantile_cont(clv, 0.99) FROM customer_scores WHERE clv IS NOT NULL",
                rs -> rs.getDouble(1)).orElse(0.0);
        if (!(hi > 0)) {
            return null;
        }
        return histogram(store, "CLV", "clv", 0, hi);
    }

    private static ReportData.Histogram aliveHistogram(RapportStore store) {
        return histogram(store, "P(alive)", "p_alive", 0, 1);
    }

    /** Equal-width bins over [lo, hi]; values above hi go to the last bin, below lo to the first. */
    private static ReportData.Histogram histogram(RapportStore store, String label, String column, double lo, double hi) {
        double[] edges = edges(lo, hi);
        long[] counts = new long[BINS];
        // column is one of two constants above, never user input
        store.query("SELECT least(greatest(floor((" + column + " - ?) / ?), 0), ?) AS bin, count(*) FROM customer_scores "
                + "WHERE " + column + " IS NOT NULL GROUP BY bin", rs -> {
                    counts[(int) rs.getLong(1)] += rs.getLong(2);
                    return null;
                }, lo, (hi - lo) / BINS, BINS - 1);
        return new ReportData.Histogram(label, edges, counts);
    }

    private static List<ReportData.CustomerRow> top(RapportStore store) {
        return store.query("""
                SELECT customer_id, x, t_x, t, p_alive, expected_purchases, expected_spend, clv, clv_lower, clv_upper,
                       purchases_lower, purchases_upper, clv_pred_lower, clv_pred_upper
                FROM customer_scores ORDER BY clv DESC NULLS LAST, expected_purchases DESC, customer_id LIMIT ?""",
                rs -> new ReportData.CustomerRow(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getDouble(6), nullable(rs, 7), nullable(rs, 8), nullable(rs, 9), nullable(rs, 10),
                        nullable(rs, 11), nullable(rs, 12), nullable(rs, 13), nullable(rs, 14)),
                TOP);
    }

    private static double nullable(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static ReportData.Totals totals(RapportStore store) {
        return store.queryFirst("""
                SELECT count(*), coalesce(sum(clv), 0), coalesce(avg(clv), 0), sum(expected_purchases), sum(p_alive)
                FROM customer_scores""", rs -> new ReportData.Totals(rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                rs.getDouble(4), rs.getDouble(5))).orElseThrow();
    }
}
