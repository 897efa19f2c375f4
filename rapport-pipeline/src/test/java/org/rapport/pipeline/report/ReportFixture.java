package org.rapport.pipeline.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;
import org.rapport.pipeline.report.ReportData.Bucket;
import org.rapport.pipeline.report.ReportData.Candidate;
import org.rapport.pipeline.report.ReportData.CustomerRow;
import org.rapport.pipeline.report.ReportData.Histogram;
import org.rapport.pipeline.report.ReportData.ModelSummary;
import org.rapport.pipeline.report.ReportData.Parameter;
import org.rapport.pipeline.report.ReportData.Quality;
import org.rapport.pipeline.report.ReportData.Setting;
import org.rapport.pipeline.report.ReportData.Totals;
import org.rapport.pipeline.report.ReportData.TrackingPoint;
import org.rapport.pipeline.report.ReportData.Validation;

/**
 * Builds {@link ReportData} for rendering tests and for looking at a sample report.
 *
 * <p>{@link #cdnow()} starts from the CDNOW sample (2,357 customers, Fader, Hardie &amp; Lee 2005):
 * the purchase model is a real BG/NBD fit on the calibration summary (Fixtures.cdnow()), and the
 * scores, histograms, top customers, totals, the tracking curve's predicted line and the buckets'
 * predicted means come from that fitted model. Spend uses the published Gamma-Gamma parameters
 * (p = 6.25, q = 3.74, &gamma; = 15.44, with lifetimes' LL &minus;4055.923; no standard errors were
 * published, so they are NaN and show how the report prints a missing value).
 *
 * <p>What the data cannot give is <em>illustrative</em>, and nothing asserts it: the holdout actuals
 * (predicted times a fixed wobble), the error measures, the CLV (52-week expected purchases &times;
 * expected spend &times; margin 0.3, undiscounted) with a &plusmn;20% band, and the data-quality
 * counts. The rendering tests check structure, escaping and formatting, not these numbers.
 */
public final class ReportFixture {
    private static final LocalDate START = LocalDate.of(1997, 1, 1);
    private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    private static final double CALIBRATION_WEEKS = 39;
    private static final double HORIZON_WEEKS = 52;
    private static final double MARGIN = 0.3;

    private String title = "CDNOW customer value";
    private String source = "data/cdnow/cdnow_transactions.csv";
    private List<Setting> options = new ArrayList<>(List.of(new Setting("period", "week"),
            new Setting("calibration end", CALIBRATION_END.toString()), new Setting("horizon", "52 weeks"),
            new Setting("discount rate", "10% a year"), new Setting("margin", "30%")));
    private List<String> notes = new ArrayList<>(List.of("Several purchases on one day count as one transaction.",
            "Counts in this fixture are illustrative."));
    private ModelSummary purchaseModel = Cdnow.SUMMARY;
    private List<Candidate> candidates = new ArrayList<>(Cdnow.candidates());
    private ModelSummary spendModel = gammaGamma();
    private Validation validation = Cdnow.validation();
    private Histogram clvHistogram = Cdnow.CLV_HISTOGRAM;
    private Histogram aliveHistogram = Cdnow.ALIVE_HISTOGRAM;
    private List<CustomerRow> topCustomers = new ArrayList<>(Cdnow.TOP);

    private ReportFixture() {
    }

    /** @return a full report on the CDNOW sample (see the class comment for what is real) */
    public static ReportFixture cdnow() {
        return new ReportFixture();
    }

    /** @param t the title @return this */
    public ReportFixture title(String t) {
        title = t;
        return this;
    }

    /** @param s the source @return this */
    public ReportFixture source(String s) {
        source = s;
        return this;
    }

    /** @param name option name @param value its value @return this */
    public ReportFixture option(String name, String value) {
        options.add(new Setting(name, value));
        return this;
    }

    /** @param n a data-quality note to add @return this */
    public ReportFixture note(String n) {
        notes.add(n);
        return this;
    }

    /** @param m the purchase model @return this */
    public ReportFixture purchaseModel(ModelSummary m) {
        purchaseModel = m;
        return this;
    }

    /** @param c the candidates @return this */
    public ReportFixture candidates(List<Candidate> c) {
        candidates = c == null ? null : new ArrayList<>(c);
        return this;
    }

    /** @param m the spend model, or null @return this */
    public ReportFixture spendModel(ModelSummary m) {
        spendModel = m;
        return this;
    }

    /** @param v the validation, or null for no holdout @return this */
    public ReportFixture validation(Validation v) {
        validation = v;
        return this;
    }

    /** @param h the CLV histogram @return this */
    public ReportFixture clvHistogram(Histogram h) {
        clvHistogram = h;
        return this;
    }

    /** @param h the P(alive) histogram @return this */
    public ReportFixture aliveHistogram(Histogram h) {
        aliveHistogram = h;
        return this;
    }

    /**
     * @param rank 0-based position in the top-customers table
     * @param id the new customer id
     * @return this
     */
    public ReportFixture customerId(int rank, String id) {
        CustomerRow c = topCustomers.get(rank);
        topCustomers.set(rank, new CustomerRow(id, c.x(), c.tx(), c.bigT(), c.pAlive(), c.expectedPurchases(),
                c.expectedSpend(), c.clv(), c.clvLower(), c.clvUpper(), c.purchasesLower(), c.purchasesUpper(),
                c.clvPredLower(), c.clvPredUpper()));
        return this;
    }

    /** @return the current validation, to derive a changed one */
    public Validation validation() {
        return validation;
    }

    /** @return the report data */
    public ReportData build() {
        return new ReportData(title, Instant.parse("2024-05-01T14:03:27Z"), source, List.copyOf(options),
                new Quality(6919, 6919, 0, 0, 2357, 6696, START, LocalDate.of(1998, 6, 30), List.copyOf(notes)),
                purchaseModel, candidates, spendModel, validation, clvHistogram, aliveHistogram,
                List.copyOf(topCustomers), Cdnow.TOTALS, null, null);
    }

    /** Published Gamma-Gamma on CDNOW (see the class comment); AIC and BIC from LL with k = 3, n = 946. */
    private static ModelSummary gammaGamma() {
        double ll = -4055.923;
        return new ModelSummary("gg", List.of(new Parameter("p", 6.25, Double.NaN, Double.NaN, Double.NaN),
                new Parameter("q", 3.74, Double.NaN, Double.NaN, Double.NaN),
                new Parameter("gamma", 15.44, Double.NaN, Double.NaN, Double.NaN)),
                0.95, ll, 6 - 2 * ll, 3 * Math.log(946) - 2 * ll, 946, true);
    }

    /** Expected spend per purchase, Gamma-Gamma: (p(&gamma; + x zbar)) / (p x + q - 1). */
    static double expectedSpend(double x, double zbar) {
        double p = 6.25;
        double q = 3.74;
        double gamma = 15.44;
        return p * (gamma + x * zbar) / (p * x + q - 1);
    }

    /** Everything computed once from the CDNOW fit. */
    private static final class Cdnow {
        static final FitResult<BgNbd> FIT = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow());
        static final ModelSummary SUMMARY = ModelSummary.of(FIT, 0.95);
        static final List<CustomerRow> SCORES = scores();
        static final List<CustomerRow> TOP = SCORES.stream()
                .sorted(Comparator.comparingDouble(CustomerRow::clv).reversed()).limit(20).toList();
        static final Histogram CLV_HISTOGRAM = histogram("CLV",
                new double[] {0, 5, 10, 25, 50, 100, 250, 500, 1000, 5000}, CustomerRow::clv);
        static final Histogram ALIVE_HISTOGRAM = histogram("P(alive)",
                new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}, CustomerRow::pAlive);
        static final Totals TOTALS = totals();

        private Cdnow() {
        }

        static List<CustomerRow> scores() {
            BgNbd m = FIT.model();
            List<CustomerRow> rows = new ArrayList<>();
            for (double[] v : Fixtures.cdnowRows()) {
                double x = v[1];
                double tx = v[2];
                double bigT = v[3];
                double purchases = m.conditionalExpectedPurchases(HORIZON_WEEKS, x, tx, bigT);
                double spend = expectedSpend(x, v[4]);
                double clv = purchases * spend * MARGIN;
                rows.add(new CustomerRow(String.valueOf((long) v[0]), x, tx, bigT, m.probabilityAlive(x, tx, bigT),
                        purchases, spend, clv, 0.8 * clv, 1.2 * clv, 0, Math.ceil(3 * purchases), 0, 3 * clv));
            }
            return rows;
        }

        static Histogram histogram(String label, double[] edges, java.util.function.ToDoubleFunction<CustomerRow> f) {
            long[] counts = new long[edges.length - 1];
            for (CustomerRow c : SCORES) {
                double v = f.applyAsDouble(c);
                int i = 0;
                while (i < counts.length - 1 && v >= edges[i + 1]) {
                    i++;
                }
                counts[i]++;
            }
            return new Histogram(label, edges, counts);
        }

        static Totals totals() {
            double clv = SCORES.stream().mapToDouble(CustomerRow::clv).sum();
            return new Totals(SCORES.size(), clv, clv / SCORES.size(),
                    SCORES.stream().mapToDouble(CustomerRow::expectedPurchases).sum(),
                    SCORES.stream().mapToDouble(CustomerRow::pAlive).sum());
        }

        static List<Candidate> candidates() {
            // Pareto/NBD from its published LL -9595.0 (FHL 2005), k = 4, n = 2357; holdout LLs and MAEs are illustrative.
            double pnbdBic = 4 * Math.log(2357) + 2 * 9595.0;
            return List.of(
                    new Candidate("bgnbd", -2391.2, SUMMARY.bic(), 0.6127, true, "highest holdout log-likelihood"),
                    new Candidate("pnbd", -2395.8, pnbdBic, 0.6153, false, "holdout log-likelihood 4.6 below bgnbd"));
        }

        /**
         * Predicted: the fitted model. Cumulative repeat transactions at week w are the sum over
         * customers of E[X(w - s)], s = 39 - T the week of the first purchase; bucket means are the
         * mean of E[Y(39) | x, t_x, T]. Actual = predicted times an illustrative wobble.
         */
        static Validation validation() {
            BgNbd m = FIT.model();
            Map<Double, Integer> births = new TreeMap<>();
            for (double[] v : Fixtures.cdnowRows()) {
                births.merge(CALIBRATION_WEEKS - v[3], 1, Integer::sum);
            }
            List<TrackingPoint> tracking = new ArrayList<>();
            for (int w = 1; w <= 78; w++) {
                double predicted = 0;
                for (Map.Entry<Double, Integer> e : births.entrySet()) {
                    predicted += e.getKey() < w ? e.getValue() * m.expectedPurchases(w - e.getKey()) : 0;
                }
                double actual = predicted * (1 + 0.04 * Math.sin(w / 6.0));
                tracking.add(new TrackingPoint(w, START.plusWeeks(w).minusDays(1), actual, predicted));
            }
            int top = 7;
            long[] n = new long[top + 1];
            double[] sum = new double[top + 1];
            for (double[] v : Fixtures.cdnowRows()) {
                int k = (int) Math.min(v[1], top);
                n[k]++;
                sum[k] += m.conditionalExpectedPurchases(CALIBRATION_WEEKS, v[1], v[2], v[3]);
            }
            List<Bucket> buckets = new ArrayList<>();
            for (int k = 0; k <= top; k++) {
                double predicted = sum[k] / n[k];
                buckets.add(new Bucket(k == top ? top + "+" : String.valueOf(k), n[k], predicted * (1 - 0.05 * Math.cos(k)),
                        predicted));
            }
            return new Validation(CALIBRATION_END, LocalDate.of(1998, 6, 30), buckets, tracking,
                    0.6127, 1.2604, -0.0217, -0.0185);
        }
    }
}
