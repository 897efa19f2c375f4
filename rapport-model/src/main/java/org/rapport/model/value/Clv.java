package org.rapport.model.value;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.DistinctRows;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.Cholesky;
import org.rapport.model.interval.Estimate;
import org.rapport.model.interval.IntervalMethod;
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
    /** Fewest customers worth handing to another thread: their work is a closed form each. */
    private static final int CUSTOMER_GRAIN = 4096;
    private static final String NO_COVARIANCE = "no interval for CLV: the covariance of the %s fit is not"
            + " available (its information matrix is not positive definite)";
    private static final String NOT_FINITE_DET = "the %s model gives discounted expected purchases %s for"
            + " x = %s, t_x = %s, T = %s";
    private static final String NO_DELTA = "no delta-method interval for customer %d (x = %s, t_x = %s, T = %s,"
            + " mbar = %s): the variance of log CLV is %s";
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
    private static double checkedAlive(PurchaseModel purchases, double x, double tx, double bigT) {
        double alive = purchases.probabilityAlive(x, tx, bigT);
        RfmTable.check(x, tx, bigT);
        return alive;
    }

    /** DET<sub>alive</sub>(x, T), see the class comment. */
    private double discountedPurchasesIfAlive(PurchaseModel purchases, double x, double bigT) {
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

    private static double checkedDet(PurchaseModel purchases, double det, double x, double tx, double bigT) {
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
        Rows rows = Rows.of(x, tx, bigT, mbar);
        double[] alive = rows.alive(purchases);
        double[] detAlive = new double[rows.pairs()];
        parallel(detAlive.length, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                detAlive[p] = discountedPurchasesIfAlive(purchases, rows.pairX[p], rows.pairT[p]);
            }
        });
        double[] det = new double[rows.size()];
        for (int r = 0; r < det.length; r++) {
            det[r] = checkedDet(purchases, alive[r] * detAlive[rows.pair[r]], rows.x[r], rows.tx[r], rows.bigT[r]);
        }
        double[] out = new double[x.length];
        parallel(out.length, CUSTOMER_GRAIN, (from, to) -> {
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
        Rows rows = Rows.of(x, tx, bigT, mbar);
        return switch (method) {
            case DELTA -> delta(purchases, spend.model(), covP, covG, rows, x, mbar);
            case PARAMETRIC_BOOTSTRAP -> bootstrap(purchases, spend, covP, covG, rows, x, mbar);
        };
    }

    private Scores delta(FitResult<? extends PurchaseModel> purchases, GammaGamma gg, double[][] covP,
                         double[][] covG, Rows rows, double[] x, double[] mbar) {
        PurchaseModel model = purchases.model();
        double[] theta = logs(purchases.parameters());
        int k = theta.length;
        PurchaseModel[] up = new PurchaseModel[k];
        PurchaseModel[] down = new PurchaseModel[k];
        for (int j = 0; j < k; j++) {
            up[j] = create(purchases, theta, j, LOG_STEP);
            down[j] = create(purchases, theta, j, -LOG_STEP);
        }
        double[] alive = rows.alive(model);
        int nr = rows.size();
        double[] det = new double[nr];
        double[] varP = new double[nr];
        Groups byPair = Groups.of(rows.pair, rows.pairs());
        // log DET = log P(alive) + log DET_alive, so its gradient is the sum of the two gradients: the first
        // per distinct (x, t_x, T), the second per distinct (x, T).
        parallel(rows.pairs(), 1, (from, to) -> {
            double[] gAlive = new double[k];
            double[] g = new double[k];
            for (int p = from; p < to; p++) {
                double px = rows.pairX[p];
                double pT = rows.pairT[p];
                double detAlive = discountedPurchasesIfAlive(model, px, pT);
                boolean gradient = false;
                for (int c = byPair.start[p]; c < byPair.start[p + 1]; c++) {
                    int r = byPair.order[c];
                    double rtx = rows.tx[r];
                    det[r] = checkedDet(model, alive[r] * detAlive, px, rtx, pT);
                    if (det[r] == 0) {
                        // P(alive) underflowed: the CLV is 0 at every nearby parameter, so the interval is [0, 0].
                        continue;
                    }
                    if (!gradient) {
                        for (int j = 0; j < k; j++) {
                            gAlive[j] = (Math.log(discountedPurchasesIfAlive(up[j], px, pT))
                                    - Math.log(discountedPurchasesIfAlive(down[j], px, pT))) / (2 * LOG_STEP);
                        }
                        gradient = true;
                    }
                    for (int j = 0; j < k; j++) {
                        g[j] = gAlive[j] + (Math.log(up[j].probabilityAlive(px, rtx, pT))
                                - Math.log(down[j].probabilityAlive(px, rtx, pT))) / (2 * LOG_STEP);
                    }
                    varP[r] = quadraticForm(covP, g);
                }
            }
        });
        double z = FitResult.z(level);
        int n = x.length;
        double[] value = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        double p = gg.p();
        double q = gg.q();
        double gamma = gg.gamma();
        parallel(n, CUSTOMER_GRAIN, (from, to) -> {
            double[] gG = new double[3];
            for (int i = from; i < to; i++) {
                double m = gg.conditionalExpectedAverageSpend(x[i], mbar[i]);
                double xi = x[i];
                double mi = xi > 0 ? mbar[i] : 0;
                double den = p * xi + q - 1;
                // d log E[M|x, mbar] / d log(p, q, gamma), from log p + log(gamma + x mbar) - log(p x + q - 1).
                gG[0] = (q - 1) / den;
                gG[1] = -q / den;
                gG[2] = gamma / (gamma + xi * mi);
                int r = rows.row[i];
                double v = margin * m * det[r];
                value[i] = v;
                if (v == 0) {
                    continue;
                }
                double var = varP[r] + quadraticForm(covG, gG);
                if (!(var >= 0 && var < Double.POSITIVE_INFINITY)) {
                    throw new ModelException(NO_DELTA, i, x[i], rows.tx[r], rows.bigT[r], mbar[i], var);
                }
                double se = Math.sqrt(var);
                lower[i] = v * Math.exp(-z * se);
                upper[i] = v * Math.exp(z * se);
            }
        });
        return new Scores(value, lower, upper, level);
    }

    private Scores bootstrap(FitResult<? extends PurchaseModel> purchases, FitResult<GammaGamma> spend,
                             double[][] covP, double[][] covG, Rows rows, double[] x, double[] mbar) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] thetaP = logs(purchases.parameters());
        double[] thetaG = logs(spend.parameters());
        double[][] lP = cholesky(covP, purchases.modelName());
        double[][] lG = cholesky(covG, spend.modelName());
        PurchaseModel[] models = new PurchaseModel[draws];
        double[][] gg = new double[draws][];
        for (int b = 0; b < draws; b++) {
            models[b] = purchases.family().create(exps(draw(thetaP, lP, normal)));
            gg[b] = exps(draw(thetaG, lG, normal));
        }
        PurchaseModel model = purchases.model();
        GammaGamma fitted = spend.model();
        double[] alive = rows.alive(model);
        int n = x.length;
        double[] spent = new double[n];
        parallel(n, CUSTOMER_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                spent[i] = fitted.conditionalExpectedAverageSpend(x[i], mbar[i]);
            }
        });
        double[] value = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        Groups byRow = Groups.of(rows.row, rows.size());
        Groups byPair = Groups.of(rows.pair, rows.pairs());
        parallel(rows.pairs(), 1, (from, to) -> {
            double[] detAlive = new double[draws];
            double[] det = new double[draws];
            double[] sample = new double[draws];
            for (int p = from; p < to; p++) {
                double px = rows.pairX[p];
                double pT = rows.pairT[p];
                double detAlive0 = discountedPurchasesIfAlive(model, px, pT);
                for (int b = 0; b < draws; b++) {
                    detAlive[b] = discountedPurchasesIfAlive(models[b], px, pT);
                }
                for (int cr = byPair.start[p]; cr < byPair.start[p + 1]; cr++) {
                    int r = byPair.order[cr];
                    double rtx = rows.tx[r];
                    double det0 = checkedDet(model, alive[r] * detAlive0, px, rtx, pT);
                    for (int b = 0; b < draws; b++) {
                        det[b] = checkedDet(models[b], models[b].probabilityAlive(px, rtx, pT) * detAlive[b], px,
                                rtx, pT);
                    }
                    for (int c = byRow.start[r]; c < byRow.start[r + 1]; c++) {
                        int i = byRow.order[c];
                        value[i] = margin * spent[i] * det0;
                        double mi = x[i] > 0 ? mbar[i] : 0;
                        for (int b = 0; b < draws; b++) {
                            double[] pqg = gg[b];
                            double den = pqg[0] * x[i] + pqg[1] - 1;
                            double m = den > 0 ? pqg[0] * (pqg[2] + x[i] * mi) / den : Double.POSITIVE_INFINITY;
                            sample[b] = margin * m * det[b];
                        }
                        Arrays.sort(sample);
                        lower[i] = quantile(sample, (1 - level) / 2);
                        upper[i] = quantile(sample, (1 + level) / 2);
                    }
                }
            }
        });
        return new Scores(value, lower, upper, level);
    }

    /** Linear interpolation between order statistics (R's type 7, numpy's default). */
    private static double quantile(double[] sorted, double prob) {
        double h = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        if (sorted[hi] == Double.POSITIVE_INFINITY) {
            return h == lo ? sorted[lo] : Double.POSITIVE_INFINITY;
        }
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
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

    private static <M> M create(FitResult<M> fit, double[] theta, int j, double step) {
        double[] t = theta.clone();
        t[j] += step;
        return fit.family().create(exps(t));
    }

    private static double[] draw(double[] mean, double[][] l, ZigguratSampler.NormalizedGaussian normal) {
        int k = mean.length;
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            z[i] = normal.sample();
        }
        double[] out = mean.clone();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                out[i] += l[i][j] * z[j];
            }
        }
        return out;
    }

    private static double[][] cholesky(double[][] c, String model) {
        double[][] l = Cholesky.lower(c);
        if (l == null) {
            throw new ModelException(NO_COVARIANCE, model);
        }
        return l;
    }

    private static double quadraticForm(double[][] c, double[] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                s += g[i] * c[i][j] * g[j];
            }
        }
        return s;
    }

    private static double[] logs(double[] p) {
        double[] t = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            t[i] = Math.log(p[i]);
        }
        return t;
    }

    private static double[] exps(double[] t) {
        double[] p = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            p[i] = Math.exp(t[i]);
        }
        return p;
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

    /**
     * Runs {@code body} over [0, count) in chunks, on up to {@link #threads} threads (the caller is one of
     * them). Chunks are handed out in increasing order; if some fail, the exception of the failing chunk
     * that starts first is rethrown, as a sequential loop would have thrown it. Other threads' writes are
     * visible to the caller on return (the threads are joined).
     *
     * @param grain the fewest indices worth a thread of their own
     */
    private void parallel(int count, int grain, Chunk body) {
        int workers = (int) Math.min(threads, ((long) count + grain - 1) / grain);
        if (workers <= 1) {
            body.run(0, count);
            return;
        }
        int chunk = Math.max(grain, count / (workers * 16));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Failure> failure = new AtomicReference<>();
        Runnable worker = () -> {
            while (true) {
                int from = next.getAndAdd(chunk);
                Failure f = failure.get();
                if (from >= count || (f != null && f.from < from)) {
                    return;
                }
                try {
                    body.run(from, Math.min(count, from + chunk));
                } catch (RuntimeException | Error e) {
                    Failure mine = new Failure(from, e);
                    failure.accumulateAndGet(mine, (a, b) -> a == null || b.from < a.from ? b : a);
                }
            }
        };
        Thread[] helpers = new Thread[workers - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = new Thread(worker, "rapport-clv-" + (t + 1));
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    // The helpers write into the caller's arrays: wait for them, then restore the flag.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Failure f = failure.get();
        if (f != null) {
            if (f.error instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) f.error;
        }
    }

    /** A loop over [from, to). */
    @FunctionalInterface
    private interface Chunk {
        void run(int from, int to);
    }

    private record Failure(int from, Throwable error) {
    }

    /** Indices grouped by a key in [0, groups): a counting sort. */
    private static final class Groups {
        /** start[g] .. start[g + 1] - 1 index {@link #order} for group g. */
        final int[] start;
        /** The indices, grouped by key, in increasing order within a group. */
        final int[] order;

        private Groups(int[] start, int[] order) {
            this.start = start;
            this.order = order;
        }

        static Groups of(int[] key, int groups) {
            int[] start = new int[groups + 1];
            for (int g : key) {
                start[g + 1]++;
            }
            for (int g = 0; g < groups; g++) {
                start[g + 1] += start[g];
            }
            int[] next = Arrays.copyOf(start, groups);
            int[] order = new int[key.length];
            for (int i = 0; i < key.length; i++) {
                order[next[key[i]]++] = i;
            }
            return new Groups(start, order);
        }
    }

    /**
     * The distinct (x, t_x, T) of a batch ("rows") with each customer's row, and the distinct (x, T)
     * ("pairs") with each row's pair.
     */
    private static final class Rows {
        final int[] row;
        final double[] x;
        final double[] tx;
        final double[] bigT;
        final int[] pair;
        final double[] pairX;
        final double[] pairT;

        private Rows(int[] row, double[] x, double[] tx, double[] bigT, int[] pair, double[] pairX, double[] pairT) {
            this.row = row;
            this.x = x;
            this.tx = tx;
            this.bigT = bigT;
            this.pair = pair;
            this.pairX = pairX;
            this.pairT = pairT;
        }

        static Rows of(double[] x, double[] tx, double[] bigT, double[] mbar) {
            int n = x.length;
            if (tx.length != n || bigT.length != n || mbar.length != n) {
                throw new IllegalArgumentException("x, t_x, T and mbar must have the same length");
            }
            DistinctRows d = DistinctRows.of(x, tx, bigT);
            int[] row = new int[n];
            for (int i = 0; i < n; i++) {
                row[i] = d.row(i);
            }
            int nr = d.size();
            double[] dx = new double[nr];
            double[] dtx = new double[nr];
            double[] dT = new double[nr];
            for (int r = 0; r < nr; r++) {
                dx[r] = d.x(r);
                dtx[r] = d.tx(r);
                dT[r] = d.bigT(r);
            }
            // The distinct (x, T): DistinctRows keyed on (x, T, T).
            DistinctRows pairs = DistinctRows.of(dx, dT, dT);
            int[] pair = new int[nr];
            for (int r = 0; r < nr; r++) {
                pair[r] = pairs.row(r);
            }
            double[] px = new double[pairs.size()];
            double[] pT = new double[pairs.size()];
            for (int p = 0; p < px.length; p++) {
                px[p] = pairs.x(p);
                pT[p] = pairs.bigT(p);
            }
            return new Rows(row, dx, dtx, dT, pair, px, pT);
        }

        int size() {
            return x.length;
        }

        int pairs() {
            return pairX.length;
        }

        /**
         * @return P(alive | x, t_x, T) per row, checking each row in order, so that the first invalid
         *     customer is the one reported
         */
        double[] alive(PurchaseModel model) {
            double[] alive = new double[size()];
            for (int r = 0; r < alive.length; r++) {
                alive[r] = checkedAlive(model, x[r], tx[r], bigT[r]);
            }
            return alive;
        }
    }
}
