package org.rapport.model.value;

import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.DeltaMethod;
import org.rapport.model.interval.Estimate;
import org.rapport.model.interval.IntervalMethod;
import org.rapport.model.interval.ParametricBootstrap;
import org.rapport.model.spend.GammaGamma;

/**
 * Customer lifetime value on margin: a purchase model for the number of future transactions times a
 * {@link GammaGamma} spend model for their value, discounted per period.
 *
 * <p>With horizon H periods, s steps per period, a period of L model time units, per-period discount
 * rate d, margin rate m and &Delta; = L / s:
 * <pre>
 *   CLV(x, t_x, T, m&#772;) = m &middot; E[M | x, m&#772;] &middot; DET(x, t_x, T)
 *   DET(x, t_x, T)     = &Sigma;<sub>j=1..Hs</sub> (E[Y(j&Delta;) | x, t_x, T] - E[Y((j-1)&Delta;) | x, t_x, T]) / (1 + d)<sup>j/s</sup>
 * </pre>
 * E[Y(t) | &hellip;] is the purchase model's expected number of transactions in (T, T + t], E[M | x, m&#772;]
 * the Gamma-Gamma conditional expected spend per transaction; multiplying the two expectations is
 * exact because the Gamma-Gamma model assumes spend independent of the purchase process. DET is the
 * discounted expected number of transactions. With s = 1 this is the discrete approximation of
 * {@code lifetimes}' {@code customer_lifetime_value(model, frequency, recency, T, monetary_value, time=H,
 * discount_rate=d, freq=...)} with its {@code factor} equal to L (4.345 for a weekly model and monthly
 * periods, 30 for a daily model); {@code lifetimes} has no margin (m = 1). Each step's purchases are
 * discounted as if they all happened at the end of the step; more steps per period (s &gt; 1) move this
 * towards continuous discounting at the force ln(1 + d) / L.
 *
 * <p><b>Work reuse.</b> A customer alive at T buys in the future as a function of (x, T) only; t<sub>x</sub>
 * enters only through P(alive) ({@link PurchaseModel#expectedPurchasesIfAlive}). So
 * <pre>
 *   DET(x, t_x, T) = P(alive | x, t_x, T) &middot; DET<sub>alive</sub>(x, T),
 *   DET<sub>alive</sub>(x, T) = &Sigma;<sub>j=1..Hs</sub> (g(j&Delta;; x, T) - g((j-1)&Delta;; x, T)) / (1 + d)<sup>j/s</sup>,  g(t; x, T) = E[Y(t) | x, T, alive]
 * </pre>
 * DET<sub>alive</sub> costs Hs evaluations of the purchase model (a 2F1 each for BG/NBD) and is computed once
 * per distinct (x, T); P(alive), one closed form, once per distinct (x, t<sub>x</sub>, T); E[M | x, m&#772;] per
 * customer. The same split serves every perturbed model of the delta method and every bootstrap draw.
 * On a daily grid a million customers have a few thousand distinct (x, T) but a hundred thousand
 * distinct (x, t<sub>x</sub>, T). The factorised DET equals the direct sum of increments of
 * E[Y(t) | x, t<sub>x</sub>, T] to rounding (about 1e-15 relative).
 *
 * <p><b>Threads.</b> Instances are immutable and thread-safe: the batch methods may be called
 * concurrently from several threads, on the same or on different batches. {@link #withThreads(int)}
 * also spreads one batch over several threads; results do not depend on the number of threads (each
 * value is computed by the same operations in the same order), and an invalid batch reports the same
 * error. Work per distinct (x, T) is not shared between calls, so fewer, larger batches reuse more:
 * prefer one large batch with {@code withThreads(n)} to n concurrent small ones, and when a base must be
 * scored in batches, order the customers by (x, T) first (SQL {@code ORDER BY x, T}) so that each batch
 * holds few distinct (x, T).
 *
 * <p><b>Intervals</b> ({@link IntervalMethod}) propagate the uncertainty of both fits' parameters,
 * taken as independent (the two likelihoods share no parameter, so the joint covariance is block
 * diagonal):
 * <ul>
 * <li>{@link IntervalMethod#DELTA}: on log CLV = log m + log E[M] + log DET, the variance is
 *     g<sub>P</sub>' &Sigma;<sub>P</sub> g<sub>P</sub> + g<sub>G</sub>' &Sigma;<sub>G</sub> g<sub>G</sub>, where &Sigma; are the fits'
 *     {@link FitResult#logCovariance()}, g<sub>P</sub> the gradient of log DET in the purchase model's
 *     log-parameters by central differences (step {@value #LOG_STEP}) and g<sub>G</sub> the analytic gradient of
 *     log E[M | x, m&#772;] in log(p, q, &gamma;). The interval CLV &middot; exp(&plusmn; z se) is always positive,
 *     except for a customer whose expected purchases underflow to 0 (P(alive) below about 1e-308):
 *     CLV and interval are then exactly 0.</li>
 * <li>{@link IntervalMethod#PARAMETRIC_BOOTSTRAP}: B log-parameter vectors drawn from each fit's normal
 *     approximation N(&theta;&#770;, &Sigma;) with a seeded generator, CLV recomputed for each draw, and the
 *     empirical (1 - level)/2 and (1 + level)/2 quantiles reported. A draw with p x + q &le; 1 has an
 *     infinite expected spend and counts as +&infin;.</li>
 * </ul>
 * Both describe only the estimation error of the parameters. They do <b>not</b> cover the customer's
 * own randomness (the realised value of one customer varies far more than its expectation), nor a
 * wrong model, nor a change in behaviour after the calibration period; check those with a holdout.
 */
public final class Clv {
    /** Step in log-parameter space for the central differences of the delta method. */
    public static final double LOG_STEP = 1e-4;

    private static final int MAX_STEPS = 1_000_000;
    private static final String NO_COVARIANCE = "no interval for CLV: the covariance of the %s fit is not"
            + " available (its information matrix is not positive definite)";
    private static final String NOT_FINITE_DET = "the %s model gives discounted expected purchases %s for"
            + " x = %s, t_x = %s, T = %s";
    private static final Clv DEFAULT = new Clv(12, 0.01, 1, 1, 1, 0.95, 1000, 20_100_101L, 1);

    private final int horizon;
    private final double discountRate;
    private final double margin;
    private final double periodLength;
    private final int stepsPerPeriod;
    private final double level;
    private final int draws;
    private final long seed;
    private final int threads;
    private final BatchScorer batch;
    /** discount[j] = (1 + d)^(-j/s), j = 0..Hs. */
    private final double[] discount;

    private Clv(int horizon, double discountRate, double margin, double periodLength, int stepsPerPeriod,
                double level, int draws, long seed, int threads) {
        if ((long) horizon * stepsPerPeriod > MAX_STEPS) {
            throw new IllegalArgumentException("horizon x stepsPerPeriod = " + (long) horizon * stepsPerPeriod
                    + " exceeds " + MAX_STEPS);
        }
        this.horizon = horizon;
        this.discountRate = discountRate;
        this.margin = margin;
        this.periodLength = periodLength;
        this.stepsPerPeriod = stepsPerPeriod;
        this.level = level;
        this.draws = draws;
        this.seed = seed;
        this.threads = threads;
        this.batch = BatchScorer.of(threads);
        int n = horizon * stepsPerPeriod;
        discount = new double[n + 1];
        double log1d = Math.log1p(discountRate);
        for (int j = 0; j <= n; j++) {
            discount[j] = Math.exp(-log1d * j / stepsPerPeriod);
        }
    }

    /**
     * @return horizon 12 periods, discount rate 0.01 per period, margin 1 (spend is already margin),
     *     period length 1 model time unit, 1 step per period, level 0.95, 1000 bootstrap draws, a fixed seed
     */
    public static Clv withDefaults() {
        return DEFAULT;
    }

    /** @param periods the horizon H in periods, &ge; 1 @return a copy with that horizon */
    public Clv withHorizon(int periods) {
        if (periods < 1) {
            throw new ModelException(ModelException.NOT_STRICTLY_POSITIVE, "horizon", periods);
        }
        return new Clv(periods, discountRate, margin, periodLength, stepsPerPeriod, level, draws, seed, threads);
    }

    /** @param d the discount rate per period, finite and &ge; 0 (0.01 = 1% per period) @return a copy */
    public Clv withDiscountRate(double d) {
        ModelException.checkNonNegative("discount rate", d);
        return new Clv(horizon, d, margin, periodLength, stepsPerPeriod, level, draws, seed, threads);
    }

    /** @param rate the margin as a fraction of spend, finite and &gt; 0 (0.3 = 30%) @return a copy */
    public Clv withMargin(double rate) {
        ModelException.checkPositive("margin", rate);
        return new Clv(horizon, discountRate, rate, periodLength, stepsPerPeriod, level, draws, seed, threads);
    }

    /**
     * @param length model time units per period, finite and &gt; 0 (4.345 for a weekly model and months)
     * @return a copy
     */
    public Clv withPeriodLength(double length) {
        ModelException.checkPositive("period length", length);
        return new Clv(horizon, discountRate, margin, length, stepsPerPeriod, level, draws, seed, threads);
    }

    /** @param steps sub-steps per period for the discounting, &ge; 1 @return a copy */
    public Clv withStepsPerPeriod(int steps) {
        if (steps < 1) {
            throw new ModelException(ModelException.NOT_STRICTLY_POSITIVE, "steps per period", steps);
        }
        return new Clv(horizon, discountRate, margin, periodLength, steps, level, draws, seed, threads);
    }

    /** @param coverage the nominal coverage of intervals, in (0, 1) @return a copy */
    public Clv withLevel(double coverage) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1): " + coverage);
        }
        return new Clv(horizon, discountRate, margin, periodLength, stepsPerPeriod, coverage, draws, seed, threads);
    }

    /** @param b parametric bootstrap draws, &ge; 2 @return a copy */
    public Clv withBootstrapDraws(int b) {
        if (b < 2) {
            throw new IllegalArgumentException("bootstrap draws must be >= 2: " + b);
        }
        return new Clv(horizon, discountRate, margin, periodLength, stepsPerPeriod, level, b, seed, threads);
    }

    /** @param s the seed of the parametric bootstrap's generator @return a copy */
    public Clv withSeed(long s) {
        return new Clv(horizon, discountRate, margin, periodLength, stepsPerPeriod, level, draws, s, threads);
    }

    /**
     * @param n the number of threads a batch method spreads one batch over, &ge; 1 (default 1: the
     *     calling thread only); more than the machine's cores only adds overhead
     * @return a copy
     */
    public Clv withThreads(int n) {
        if (n < 1) {
            throw new ModelException(ModelException.NOT_STRICTLY_POSITIVE, "threads", n);
        }
        return new Clv(horizon, discountRate, margin, periodLength, stepsPerPeriod, level, draws, seed, n);
    }

    /** @return the horizon in periods */
    public int horizon() {
        return horizon;
    }

    /** @return the discount rate per period */
    public double discountRate() {
        return discountRate;
    }

    /** @return the margin rate */
    public double margin() {
        return margin;
    }

    /** @return model time units per period */
    public double periodLength() {
        return periodLength;
    }

    /** @return discounting steps per period */
    public int stepsPerPeriod() {
        return stepsPerPeriod;
    }

    /** @return the nominal coverage of intervals */
    public double level() {
        return level;
    }

    /** @return the number of parametric bootstrap draws */
    public int bootstrapDraws() {
        return draws;
    }

    /** @return the number of threads a batch is spread over */
    public int threads() {
        return threads;
    }

    /** @return the seed of the parametric bootstrap's generator */
    public long seed() {
        return seed;
    }

    /** @return how a batch is grouped and spread over {@link #threads()} threads */
    public BatchScorer batch() {
        return batch;
    }

    /**
     * DET: the discounted expected number of transactions over the horizon (see the class comment).
     *
     * @param purchases the purchase model
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @return DET(x, t_x, T)
     * @throws ModelException if the statistics are invalid or the model's expectations are not finite
     */
    public double discountedPurchases(PurchaseModel purchases, double x, double tx, double bigT) {
        double alive = checkedAlive(purchases, x, tx, bigT);
        return checkedDet(purchases, alive * discountedPurchasesIfAlive(purchases, x, bigT), x, tx, bigT);
    }

    /**
     * P(alive | x, t_x, T), with the statistics checked: by the model's own {@code probabilityAlive} where it
     * checks them (BG/BB's discrete-time rules), else by {@link RfmTable#check}.
     */
    public static double checkedAlive(PurchaseModel purchases, double x, double tx, double bigT) {
        double alive = purchases.probabilityAlive(x, tx, bigT);
        RfmTable.check(x, tx, bigT);
        return alive;
    }

    /**
     * DET<sub>alive</sub>(x, T), see the class comment.
     *
     * @param purchases the purchase model
     * @param x repeat purchases
     * @param bigT length of observation
     * @return the discounted expected purchases of a customer alive at T
     */
    public double discountedPurchasesIfAlive(PurchaseModel purchases, double x, double bigT) {
        int n = horizon * stepsPerPeriod;
        double dt = periodLength / stepsPerPeriod;
        double prev = 0;
        double sum = 0;
        for (int j = 1; j <= n; j++) {
            double ey = purchases.expectedPurchasesIfAlive(j * dt, x, bigT);
            sum += (ey - prev) * discount[j];
            prev = ey;
        }
        return sum;
    }

    /**
     * @param purchases the purchase model, for the message
     * @param det a DET value
     * @param x repeat purchases, for the message
     * @param tx recency, for the message
     * @param bigT length of observation, for the message
     * @return det
     * @throws ModelException if det is not finite and non-negative
     */
    public static double checkedDet(PurchaseModel purchases, double det, double x, double tx, double bigT) {
        if (!(det >= 0 && det < Double.POSITIVE_INFINITY)) {
            throw new ModelException(NOT_FINITE_DET, purchases.name(), det, x, tx, bigT);
        }
        return det;
    }

    /**
     * One customer's CLV, m &middot; E[M | x, m&#772;] &middot; DET(x, t_x, T).
     *
     * @param purchases the purchase model
     * @param spend the spend model
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @param mbar average value of the repeat purchases (ignored when x = 0)
     * @return the CLV, in the currency of {@code mbar}
     * @throws ModelException if the statistics are invalid or the expected spend is infinite
     */
    public double value(PurchaseModel purchases, GammaGamma spend, double x, double tx, double bigT, double mbar) {
        return margin * spend.conditionalExpectedAverageSpend(x, mbar) * discountedPurchases(purchases, x, tx, bigT);
    }

    /**
     * CLV of many customers, reusing DET<sub>alive</sub> per distinct (x, T) and P(alive) per distinct
     * (x, t_x, T).
     *
     * @param purchases the purchase model
     * @param spend the spend model
     * @param x repeat purchases per customer
     * @param tx recency per customer
     * @param bigT length of observation per customer
     * @param mbar average repeat-purchase value per customer
     * @return the CLV per customer, in input order
     * @throws ModelException naming the first invalid customer's field
     */
    public double[] values(PurchaseModel purchases, GammaGamma spend, double[] x, double[] tx, double[] bigT,
                           double[] mbar) {
        BatchScorer.Rows rows = BatchScorer.Rows.of(x, tx, bigT, mbar);
        double[] alive = rows.alive(purchases);
        double[] detAlive = new double[rows.pairs()];
        batch.parallel(detAlive.length, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                detAlive[p] = discountedPurchasesIfAlive(purchases, rows.pairX[p], rows.pairT[p]);
            }
        });
        double[] det = new double[rows.size()];
        for (int r = 0; r < det.length; r++) {
            det[r] = checkedDet(purchases, alive[r] * detAlive[rows.pair[r]], rows.x[r], rows.tx[r], rows.bigT[r]);
        }
        double[] out = new double[x.length];
        batch.parallel(out.length, BatchScorer.CUSTOMER_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = margin * spend.conditionalExpectedAverageSpend(x[i], mbar[i]) * det[rows.row[i]];
            }
        });
        return out;
    }

    /**
     * One customer's CLV with an interval.
     *
     * @param purchases the purchase model's fit
     * @param spend the spend model's fit
     * @param method how to form the interval
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @param mbar average repeat-purchase value
     * @return the CLV at the fitted parameters with its interval at {@link #level()}
     * @throws ModelException if the inputs are invalid or a fit has no covariance
     */
    public Estimate estimate(FitResult<? extends PurchaseModel> purchases, FitResult<GammaGamma> spend,
                             IntervalMethod method, double x, double tx, double bigT, double mbar) {
        return estimates(purchases, spend, method, new double[] {x}, new double[] {tx}, new double[] {bigT},
                new double[] {mbar}).get(0);
    }

    /**
     * CLV of many customers with intervals, reusing the purchase-model work per distinct (x, t_x, T).
     *
     * @param purchases the purchase model's fit
     * @param spend the spend model's fit
     * @param method how to form the intervals
     * @param x repeat purchases per customer
     * @param tx recency per customer
     * @param bigT length of observation per customer
     * @param mbar average repeat-purchase value per customer
     * @return values and bounds per customer, in input order
     * @throws ModelException if the inputs are invalid or a fit has no covariance
     */
    public Scores estimates(FitResult<? extends PurchaseModel> purchases, FitResult<GammaGamma> spend,
                            IntervalMethod method, double[] x, double[] tx, double[] bigT, double[] mbar) {
        double[][] covP = checkedCovariance(purchases);
        double[][] covG = checkedCovariance(spend);
        BatchScorer.Rows rows = BatchScorer.Rows.of(x, tx, bigT, mbar);
        return switch (method) {
            case DELTA -> DeltaMethod.scores(this, purchases, spend.model(), covP, covG, rows, x, mbar);
            case PARAMETRIC_BOOTSTRAP -> ParametricBootstrap.scores(this, purchases, spend, covP, covG, rows, x, mbar);
        };
    }

    private static double[][] checkedCovariance(FitResult<?> fit) {
        double[][] c = fit.logCovariance();
        for (double[] row : c) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new ModelException(NO_COVARIANCE, fit.modelName());
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "Clv[horizon=" + horizon + ", discountRate=" + discountRate + ", margin=" + margin
                + ", periodLength=" + periodLength + ", stepsPerPeriod=" + stepsPerPeriod + ", level=" + level
                + ", bootstrapDraws=" + draws + ", threads=" + threads + "]";
    }

    /**
     * CLV of a batch of customers with intervals, in input order. The arrays are not copied.
     *
     * @param value the CLV at the fitted parameters
     * @param lower the lower bounds
     * @param upper the upper bounds
     * @param level the nominal coverage
     */
    public record Scores(double[] value, double[] lower, double[] upper, double level) {
        /** @return the number of customers */
        public int size() {
            return value.length;
        }

        /** @param i a customer's index @return that customer's estimate */
        public Estimate get(int i) {
            return new Estimate(value[i], lower[i], upper[i], level);
        }
    }
}
