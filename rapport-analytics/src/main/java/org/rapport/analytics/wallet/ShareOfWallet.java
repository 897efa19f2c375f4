package org.rapport.analytics.wallet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.Segments;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.frame.TextColumn;
import org.rapport.analytics.schema.AnalyticsTables;
import org.rapport.store.RapportStore;

/**
 * Share of wallet: a customer's yearly spend with us while a customer ({@link SpendRate}, column
 * {@code spend_rate}) over their yearly spend in our categories with every firm (the wallet), and the
 * headroom wallet - spend rate.
 *
 * <p><b>Wallet.</b> The survey wallet ({@code customers.survey_wallet}) where the customer answered.
 * Elsewhere it is estimated, by one of two methods:
 * <ul>
 * <li><b>survey regression</b> (used when at least {@link AnalyticsOptions#minSurveyForRegression()}
 *     customers have a survey wallet): least squares of log survey wallet on what we know of every
 *     customer &mdash; region, segment, household size, age and age&sup2;, the need answers, and
 *     behaviour (log yearly spend and its square, log(1 + repeat purchases), log average order value,
 *     log spend rate) &mdash; fitted on
 *     the survey customers and applied to the others; the estimate is never below the customer's own
 *     yearly spend (a wallet holds what we already sell). The surveyed customers are labelled examples
 *     of exactly the quantity wanted, which the look-alike quantile only approximates; 20% of them are
 *     held out of the fit to report the out-of-sample correlation on the log scale.</li>
 * <li><b>look-alike quantile</b> (the "realistic wallet" of Perlich, Rosset, Lawrence &amp; Zadrozny
 *     2007): the q-quantile (default 0.9) of yearly spend among customers of the same segment, region
 *     and household size; a cell with fewer than {@value #MIN_CELL} customers falls back to segment and
 *     region, then segment, then everyone. Used without enough survey answers, and always reported
 *     beside the regression.</li>
 * </ul>
 * Yearly spend (column {@code yearly_spend}, a feature and the floor of the wallet) is total spend over
 * the years from the first purchase to the end of the data (at least a quarter of a year); it is not the
 * share's numerator, since it averages in the time after a customer left.
 *
 * <p>The customers with a wallet are those scored, summarised and in {@code customers}; their features
 * come from a {@link CustomerFrame} (the columns and need answers that the segments loaded, when the
 * after-scoring job hands them over, so the job queries them once), the wallets go back to
 * {@code customer_wallet} by frame row, and the SQL adds the ids, shares and headroom.
 */
public final class ShareOfWallet {
    /** Fewest customers of a look-alike cell. */
    public static final int MIN_CELL = 30;

    /** The region of a customer without one. */
    private static final String UNKNOWN_REGION = "(unknown)";

    /** Most need answers used as features. */
    public static final int MAX_NEEDS = 8;

    /**
     * Writes the wallets from the work table {@code a_wallet_out}: one row of four equally long lists
     * (frame row, wallet, yearly spend, surveyed), an element per customer with a wallet. The frame's
     * rows give the ids, the SQL the shares and headroom; the rows go in in id order, which makes the
     * primary key's index cheaper to build and to write.
     */
    private static final String WRITE = "INSERT INTO customer_wallet " + CustomerFrame.UNIVERSE + """
            , o AS (SELECT unnest(idx) AS idx, unnest(wallet) AS wallet, unnest(yearly) AS yearly, unnest(rate) AS rate,
                           unnest(survey) AS survey
                    FROM a_wallet_out)
            SELECT u.customer_id, o.wallet, CASE WHEN o.survey THEN 'survey' ELSE 'estimated' END, o.yearly,
                   CASE WHEN o.wallet > 0 THEN least(1, o.rate / o.wallet) ELSE 0 END, greatest(0, o.wallet - o.rate), o.rate
            FROM o JOIN u USING (idx) ORDER BY u.customer_id""";

    /** Each frame row's segment as a code of the sorted segment names (the standalone run's segments). */
    private static final String SEGMENT_CODES = CustomerFrame.UNIVERSE + """
            , d AS (SELECT segment, row_number() OVER (ORDER BY segment) - 1 AS code FROM (SELECT DISTINCT segment FROM a_segment))
            SELECT u.idx, d.code FROM u JOIN a_segment s USING (customer_id) JOIN d USING (segment)""";

    private ShareOfWallet() {
    }

    /**
     * Average share of wallet of one segment.
     *
     * @param segment the segment
     * @param customers customers with a wallet
     * @param surveyed of which from the survey
     * @param averageWallet mean wallet
     * @param averageYearlySpend mean yearly spend with us
     * @param averageShare mean share of wallet
     * @param totalHeadroom headroom summed
     */
    public record SegmentWallet(String segment, long customers, long surveyed, double averageWallet,
                                double averageYearlySpend, double averageShare, double totalHeadroom) {
    }

    /**
     * The result, stored as analysis {@code wallet}.
     *
     * @param runId the run
     * @param customers customers with a wallet
     * @param surveyed with a survey wallet
     * @param method {@code survey_regression}, {@code lookalike_quantile} or {@code none}
     * @param quantile the look-alike quantile level
     * @param validationCorrelation survey regression: correlation of log estimate and log survey wallet on
     *     the held-out 20% of survey customers (NaN otherwise)
     * @param lookalikeValidationCorrelation the same for the look-alike quantile
     * @param averageShare mean share of wallet
     * @param totalWallet wallet summed
     * @param totalHeadroom headroom summed
     * @param bySegment segment averages
     * @param notes what the data lacked
     */
    public record Result(long runId, long customers, long surveyed, String method, double quantile,
                         double validationCorrelation, double lookalikeValidationCorrelation, double averageShare,
                         double totalWallet, double totalHeadroom, List<SegmentWallet> bySegment, List<String> notes) {
    }

    /** Per-customer arrays. */
    static final class Data {
        int n;
        int[] row;
        boolean[] held;
        double[] yearly;
        /** yearly spend while a customer ({@link SpendRate}): the share's numerator */
        double[] rate;
        double[] x;
        double[] aov;
        int[] region;
        double[] household;
        double[] age;
        double[] survey;
        double[][] needs;
        int[] segment;
        List<String> regions = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        List<String> needNames = new ArrayList<>();

        /** Allocates the arrays for {@code cap} customers with {@code k} needs. */
        void allocate(int cap, int k) {
            row = new int[cap];
            held = new boolean[cap];
            yearly = new double[cap];
            rate = new double[cap];
            x = new double[cap];
            aov = new double[cap];
            region = new int[cap];
            household = new double[cap];
            age = new double[cap];
            survey = new double[cap];
            segment = new int[cap];
            needs = new double[cap][k];
        }
    }

    /**
     * Computes share of wallet and writes {@code customer_wallet}.
     *
     * @param store the store
     * @param run the latest run
     * @param o options
     * @return the result
     */
    public static Result compute(RapportStore store, RunContext run, AnalyticsOptions o) {
        return compute(store, run, o, null, null);
    }

    /**
     * Computes share of wallet from the job's customers and writes {@code customer_wallet}.
     *
     * @param store the store
     * @param run the latest run
     * @param o options
     * @param frame the customers as the job loaded them (its rows those of {@link CustomerFrame#UNIVERSE}
     *     on this store), or null to load them
     * @param segments each frame row's primary segment as just written to {@code customer_segment}, or
     *     null to read {@code a_segment}; given only with the frame
     * @return the result
     */
    public static Result compute(RapportStore store, RunContext run, AnalyticsOptions o, CustomerFrame frame,
                                 String[] segments) {
        List<String> notes = new ArrayList<>();
        if (!Segments.prepare(store)) {
            notes.add(Segments.NO_SEGMENTS);
        }
        if (!RunContext.hasRows(store, "customers")) {
            notes.add("no customers file loaded (rapport ingest customers FILE): no survey wallets and no features"
                    + " to find look-alikes, so no share of wallet");
            store.inTransaction(c -> {
                AnalyticsTables.recreate(c, AnalyticsTables.CUSTOMER_WALLET);
                return null;
            });
            return new Result(run.runId(), 0, 0, "none", o.walletQuantile(), Double.NaN, Double.NaN, Double.NaN, 0, 0,
                    List.of(), notes);
        }
        CustomerFrame f = frame != null ? frame : CustomerFrame.load(store);
        Data d = load(f, segments != null && frame != null ? segments : segments(store, f.size()));
        d.rate = SpendRate.yearly(run, pick(f.number("x"), d), pick(f.number("recency"), d), pick(f.number("tenure"), d),
                pick(f.number("p_alive"), d), pick(f.number("expected_spend"), d), d.yearly);
        Estimate e = estimate(d, o, notes);
        double[] wallet = new double[d.n];
        for (int i = 0; i < d.n; i++) {
            wallet[i] = d.survey[i] > 0 ? d.survey[i] : Math.max(e.wallet()[i], d.yearly[i]);
        }
        write(store, d, wallet);
        return summarise(run, o, d, wallet, e, notes);
    }

    /**
     * The estimated wallets with how they were made.
     *
     * @param wallet the estimate of every customer
     * @param method {@code survey_regression} or {@code lookalike_quantile}
     * @param surveyed customers with a survey wallet
     * @param validation the regression's held-out log correlation (NaN without it)
     * @param lookalikeValidation the look-alike quantile's
     */
    private record Estimate(double[] wallet, String method, int surveyed, double validation, double lookalikeValidation) {
    }

    /** The survey regression when enough customers answered (validated on a held-out fifth), else the look-alike quantile. */
    private static Estimate estimate(Data d, AnalyticsOptions o, List<String> notes) {
        double[] lookalike = WalletEstimators.lookalike(d, o.walletQuantile(), allRows(d.n));
        int surveyed = 0;
        for (int i = 0; i < d.n; i++) {
            if (d.survey[i] > 0) {
                surveyed++;
            }
        }
        if (surveyed < o.minSurveyForRegression()) {
            notes.add(String.format(Locale.ROOT, "%,d survey wallets (fewer than %d): wallets estimated as the %.2f quantile"
                    + " of look-alikes' yearly spend", surveyed, o.minSurveyForRegression(), o.walletQuantile()));
            return new Estimate(lookalike, "lookalike_quantile", surveyed, Double.NaN, Double.NaN);
        }
        // validation: fit on 80% of the survey customers (by a hash of the id, so it is repeatable),
        // measure on the rest, then refit on all of them for the estimates.
        boolean[] train = new boolean[d.n];
        boolean[] test = new boolean[d.n];
        boolean[] all = new boolean[d.n];
        for (int i = 0; i < d.n; i++) {
            boolean s = d.survey[i] > 0;
            train[i] = s && !d.held[i];
            test[i] = s && d.held[i];
            all[i] = s;
        }
        double[] fitted = WalletEstimators.regression(d, train);
        return new Estimate(WalletEstimators.regression(d, all), "survey_regression", surveyed,
                WalletEstimators.logCorrelation(fitted, d.survey, test), WalletEstimators.logCorrelation(lookalike, d.survey, test));
    }

    /** The summaries from the arrays just written (share and headroom as the table's SQL computes them). */
    private static Result summarise(RunContext run, AnalyticsOptions o, Data d, double[] wallet, Estimate e, List<String> notes) {
        int segs = d.segments.size();
        long[] count = new long[segs];
        long[] surveys = new long[segs];
        double[][] sum = new double[segs][4];
        double[] tot = new double[3];
        for (int i = 0; i < d.n; i++) {
            double share = wallet[i] > 0 ? Math.min(1, d.rate[i] / wallet[i]) : 0;
            double headroom = Math.max(0, wallet[i] - d.rate[i]);
            int g = d.segment[i];
            count[g]++;
            surveys[g] += d.survey[i] > 0 ? 1 : 0;
            sum[g][0] += wallet[i];
            sum[g][1] += d.yearly[i];
            sum[g][2] += share;
            sum[g][3] += headroom;
            tot[0] += share;
            tot[1] += wallet[i];
            tot[2] += headroom;
        }
        List<SegmentWallet> seg = new ArrayList<>();
        for (int g = 0; g < segs; g++) {
            if (count[g] > 0) {
                seg.add(new SegmentWallet(d.segments.get(g), count[g], surveys[g], sum[g][0] / count[g], sum[g][1] / count[g],
                        sum[g][2] / count[g], sum[g][3]));
            }
        }
        seg.sort(java.util.Comparator.comparing(SegmentWallet::segment));
        return new Result(run.runId(), d.n, e.surveyed(), e.method(), o.walletQuantile(), e.validation(), e.lookalikeValidation(),
                d.n == 0 ? 0 : tot[0] / d.n, tot[1], tot[2], seg, notes);
    }

    private static boolean[] allRows(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    /**
     * The features of the customers with a wallet (scored, summarised and in {@code customers}), in
     * frame row order; region and segment as codes numbered in order of first appearance.
     *
     * @param f the customers
     * @param segmentOf each frame row's segment (null: {@link Segments#UNASSIGNED})
     * @return the arrays
     */
    static Data load(CustomerFrame f, String[] segmentOf) {
        Data d = new Data();
        double[] pAlive = f.number("p_alive");
        double[] total = f.number("total_spend");
        double[] household = f.number("household_size");
        double[] x = f.number("x");
        double[] firstDays = f.number("first_purchase_days");
        double[] birthDays = f.number("birth_days");
        double[] mod5 = f.number("id_hash_mod5");
        double[] survey = f.number("survey_wallet");
        TextColumn region = f.text("region");
        List<double[]> needs = new ArrayList<>();
        for (Map.Entry<String, double[]> e : f.needs().entrySet()) {
            if (needs.size() < MAX_NEEDS) {
                d.needNames.add(e.getKey());
                needs.add(e.getValue());
            }
        }
        int k = needs.size();
        int cap = 0;
        for (int i = 0; i < f.size(); i++) {
            // scored (p_alive is never null), summarised (nor total_spend), in customers (household size)
            if (!Double.isNaN(pAlive[i]) && !Double.isNaN(total[i]) && !Double.isNaN(household[i])) {
                cap++;
            }
        }
        d.allocate(cap, k);
        Map<String, Integer> regions = new LinkedHashMap<>();
        Map<String, Integer> segs = new LinkedHashMap<>();
        for (int i = 0; i < f.size(); i++) {
            if (Double.isNaN(pAlive[i]) || Double.isNaN(total[i]) || Double.isNaN(household[i])) {
                continue;
            }
            int j = d.n++;
            d.row[j] = i;
            d.yearly[j] = total[i] / Math.max(0.25, (firstDays[i] + 1) / 365.25);
            d.x[j] = x[i];
            d.aov[j] = total[i] / (x[i] + 1);
            String r = region.get(i);
            d.region[j] = regions.computeIfAbsent(r == null ? UNKNOWN_REGION : r, v -> regions.size());
            d.household[j] = household[i];
            d.age[j] = birthDays[i] / 365.25;
            d.survey[j] = survey[i];
            String g = segmentOf[i];
            d.segment[j] = segs.computeIfAbsent(g == null ? Segments.UNASSIGNED : g, v -> segs.size());
            for (int n = 0; n < k; n++) {
                d.needs[j][n] = needs.get(n)[i];
            }
            d.held[j] = mod5[i] == 0;
        }
        d.regions = List.copyOf(regions.keySet());
        d.segments = List.copyOf(segs.keySet());
        return d;
    }

    /** Each frame row's segment from {@code a_segment} (null for a row that is not scored). */
    private static String[] segments(RapportStore store, int n) {
        List<String> names = store.query("SELECT DISTINCT segment FROM a_segment ORDER BY 1", rs -> rs.getString(1));
        String[] out = new String[n];
        store.stream(SEGMENT_CODES, rs -> out[rs.getInt(1)] = names.get(rs.getInt(2)), x -> { });
        return out;
    }

    /** A frame column at the rows of {@code d}. */
    private static double[] pick(double[] column, Data d) {
        double[] out = new double[d.n];
        for (int i = 0; i < d.n; i++) {
            out[i] = column[d.row[i]];
        }
        return out;
    }

    private static void write(RapportStore store, Data d, double[] wallet) {
        // the wallets by frame row go to a temporary work table as one row of four lists (four appender
        // calls instead of four million); one statement unnests them and joins the frame's customer ids
        // while it fills the new table
        long[] idx = new long[d.n];
        boolean[] survey = new boolean[d.n];
        for (int i = 0; i < d.n; i++) {
            idx[i] = d.row[i];
            survey[i] = d.survey[i] > 0;
        }
        store.update("CREATE OR REPLACE TEMP TABLE a_wallet_out (idx BIGINT[], wallet DOUBLE[], yearly DOUBLE[], rate DOUBLE[],"
                + " survey BOOLEAN[])");
        try {
            store.inTransaction(c -> {
                try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "a_wallet_out")) {
                    a.beginRow().append(idx).append(wallet).append(d.yearly).append(d.rate).append(survey).endRow();
                }
                AnalyticsTables.refill(c, AnalyticsTables.CUSTOMER_WALLET, f -> {
                    try (var st = f.createStatement()) {
                        st.executeUpdate(WRITE);
                    }
                });
                return null;
            });
        } finally {
            store.update("DROP TABLE IF EXISTS a_wallet_out");
        }
    }
}
