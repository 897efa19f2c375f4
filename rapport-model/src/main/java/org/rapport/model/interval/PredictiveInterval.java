package org.rapport.model.interval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.RowBlocks;
import org.rapport.model.numeric.Quantiles;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.Clv;

/**
 * Per-customer intervals that include the customer's own randomness, not only the estimation error of
 * the parameters ({@link Clv#estimates} covers only the latter).
 *
 * <p>Given the parameters, a buy-till-you-die customer's history (x, t<sub>x</sub>, T) updates their latent
 * traits in closed form. They are alive at T with probability P(alive | x, t<sub>x</sub>, T), and if alive
 * (Fader, Hardie &amp; Lee 2005; Fader &amp; Hardie's notes on the conditional PMFs; Batislam et al. 2007):
 * <pre>
 *   &lambda; | alive, history ~ Gamma(r + x, &alpha; + T)                  all three models
 *   p | alive, history ~ Beta(a, b + x)   (BG/NBD),   Beta(a, b + x + 1)   (MBG/NBD)
 *   &mu; | alive, history ~ Gamma(s, &beta; + T)                           (Pareto/NBD)
 *   &nu; | x, m&#772; ~ Gamma(p x + q, &gamma; + x m&#772;),  mean spend &zeta; = p / &nu;        (Gamma-Gamma, Fader, Hardie &amp; Lee 2005b)
 * </pre>
 * Parameter uncertainty enters by drawing J parameter vectors of each fit from its asymptotic normal on
 * the log scale, N(&theta;&#770;, &Sigma;) ({@link FitResult#logCovariance()}), once per batch. Each customer then gets D
 * draws; draw d uses parameter set d mod J, decides alive from that set's P(alive), and draws &lambda;,
 * p (or &mu;) and &zeta; from the posteriors above. The posteriors' shapes depend on x only and their rates
 * on T and m&#772;, so the standardised gamma and beta variates of draw d are drawn once per distinct x
 * (seeded by x) and shared by the customers with that x, each scaling them by their own rates; the
 * alive state and the purchases come from the customer's own stream. From each draw:
 * <ul>
 * <li><b>purchases</b>: a realisation of the customer's purchases in (T, T + t] (t: the purchase horizon,
 *     by default the CLV horizon H L): a
 *     Poisson process of rate &lambda; until a dropout toss with probability p after each purchase (BG/NBD,
 *     MBG/NBD) or until an exponential lifetime of rate &mu; (Pareto/NBD).</li>
 * <li><b>customer CLV</b>: the customer's expected CLV given the drawn traits,
 *     m &zeta; &Sigma;<sub>j=1..Hs</sub> (g(j&Delta;) &minus; g((j&minus;1)&Delta;)) (1+d)<sup>&minus;j/s</sup>, with
 *     g(t) = (1 &minus; e<sup>&minus;&lambda;pt</sup>)/p (BG/NBD, MBG/NBD) or (&lambda;/&mu;)(1 &minus; e<sup>&minus;&mu;t</sup>) (Pareto/NBD),
 *     a geometric sum in closed form; 0 for a customer drawn dead.</li>
 * </ul>
 * The purchases interval is the equal-tailed interval of the draws' counts (lower: the smallest k with
 * a share of draws &le; k of at least (1 &minus; level)/2; upper: the same at (1 + level)/2); the CLV
 * interval is the draws' (1 &minus; level)/2 and (1 + level)/2 quantiles (plotting positions i/(D+1),
 * so that the interval of D exchangeable draws has the nominal coverage on average), except that when
 * more than (1 &minus; level)/2 of the draws are dead (CLV 0) it is [0, level quantile], by the same
 * reasoning as for the counts.
 *
 * <p><b>Reproducible.</b> Customer i of a batch draws from its own stream, seeded from the seed and i;
 * the parameter sets from the seed, the shared variates from the seed and x. The result does not depend on the number of threads.
 * <b>Cost.</b> Per customer J evaluations of P(alive), and per draw a uniform, the purchases in the
 * horizon (an exponential per purchase) and two exponentials for the discounted sum. BG/BB is not supported (discrete time).
 */
public final class PredictiveInterval {
    private static final int MAX_PURCHASES = 1_000_000;
    private final Clv clv;
    private final int draws;
    private final int parameterSets;
    private final long seed;
    private final double purchaseHorizon;

    private PredictiveInterval(Clv clv, int draws, int parameterSets, long seed, double purchaseHorizon) {
        this.clv = clv;
        this.purchaseHorizon = purchaseHorizon;
        this.draws = draws;
        this.parameterSets = parameterSets;
        this.seed = seed;
    }

    /**
     * @param clv the horizon, period length, discounting steps, discount rate, margin and level
     * @return 100 draws per customer over 10 parameter sets, a fixed seed
     */
    public static PredictiveInterval of(Clv clv) {
        return new PredictiveInterval(clv, 100, 10, 20_170_003L, clv.horizon() * clv.periodLength());
    }

    /** @param d draws per customer, &ge; 10 @return a copy */
    public PredictiveInterval withDraws(int d) {
        if (d < 10) {
            throw new IllegalArgumentException("draws must be >= 10: " + d);
        }
        return new PredictiveInterval(clv, d, parameterSets, seed, purchaseHorizon);
    }

    /** @param j parameter vectors drawn per batch, &ge; 1 @return a copy */
    public PredictiveInterval withParameterSets(int j) {
        if (j < 1) {
            throw new IllegalArgumentException("parameter sets must be >= 1: " + j);
        }
        return new PredictiveInterval(clv, draws, j, seed, purchaseHorizon);
    }

    /** @param s the seed @return a copy */
    public PredictiveInterval withSeed(long s) {
        return new PredictiveInterval(clv, draws, parameterSets, s, purchaseHorizon);
    }

    /**
     * @param t the length of the period for the purchases interval, in model time, &gt; 0 (default: the
     *     CLV horizon, H periods of L)
     * @return a copy
     */
    public PredictiveInterval withPurchaseHorizon(double t) {
        ModelException.checkPositive("purchase horizon", t);
        return new PredictiveInterval(clv, draws, parameterSets, seed, t);
    }

    /** @param family a purchase model's name @return whether it has closed-form posteriors here */
    public static boolean supports(String family) {
        return family.equals("bgnbd") || family.equals("mbgnbd") || family.equals("pnbd");
    }

    /**
     * Intervals for a batch, in input order.
     *
     * @param purchases the purchase model's fit (BG/NBD, MBG/NBD or Pareto/NBD)
     * @param spend the Gamma-Gamma fit, or null (then no CLV interval: NaN)
     * @param x repeat purchases
     * @param tx recency
     * @param bigT length of observation
     * @param mbar average repeat spend (ignored when x = 0; may be null when spend is null)
     * @return the intervals
     * @throws ModelException if a covariance is not available or the family is not supported
     */
    public Intervals predict(FitResult<? extends PurchaseModel> purchases, FitResult<GammaGamma> spend,
                             double[] x, double[] tx, double[] bigT, double[] mbar) {
        String family = purchases.modelName();
        if (!supports(family)) {
            throw new ModelException("no predictive interval for the %s model", family);
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        PurchaseModel[] models = new PurchaseModel[parameterSets];
        double[][] pp = LogNormalDraws.draw(purchases, parameterSets, normal);
        for (int j = 0; j < parameterSets; j++) {
            models[j] = purchases.family().create(pp[j]);
        }
        double[][] gg = spend == null ? null : LogNormalDraws.draw(spend, parameterSets, normal);
        int n = x.length;
        Intervals out = new Intervals(new double[n], new double[n], new double[n], new double[n], clv.level());
        Posterior post = new Posterior(family, pp, gg, clv, purchaseHorizon);
        Map<Double, double[][]> traits = new HashMap<>();
        for (double xi : x) {
            traits.computeIfAbsent(xi + 0.0, v -> post.traits(v, draws, seed));
        }
        RowBlocks.forEach(n, (from, to) -> {
            double[] alive = new double[parameterSets];
            int[] counts = new int[draws];
            double[] values = new double[draws];
            double[] det = new double[1];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < parameterSets; j++) {
                    alive[j] = models[j].probabilityAlive(x[i], tx[i], bigT[i]);
                }
                SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
                double[][] t = traits.get(x[i] + 0.0);
                for (int d = 0; d < draws; d++) {
                    int j = d % parameterSets;
                    boolean isAlive = r.nextDouble() < alive[j];
                    counts[d] = isAlive ? post.purchases(j, t[0][d], t[1][d], bigT[i], r, det) : 0;
                    values[d] = !isAlive || gg == null ? 0 : det[0] * post.meanSpend(j, t[2][d], x[i], mbar[i]);
                }
                out.set(i, counts, values, gg != null);
            }
        });
        return out;
    }

    /**
     * The intervals of a batch. Arrays are in input order and not copied.
     *
     * @param purchasesLower lower bound of the purchases in the horizon
     * @param purchasesUpper upper bound of the purchases in the horizon
     * @param clvLower lower bound of the customer's expected CLV (times the margin of the {@link Clv})
     * @param clvUpper upper bound of the customer's expected CLV
     * @param level the nominal coverage
     */
    public record Intervals(double[] purchasesLower, double[] purchasesUpper, double[] clvLower, double[] clvUpper,
                            double level) {
        /** @return the number of customers */
        public int size() {
            return purchasesLower.length;
        }

        void set(int i, int[] counts, double[] values, boolean withClv) {
            Arrays.sort(counts);
            int d = counts.length;
            double tail = (1 - level) / 2;
            int lower = nearest(counts, tail, true);
            purchasesLower[i] = lower;
            purchasesUpper[i] = nearest(counts, level + below(counts, lower), false);
            if (!withClv) {
                clvLower[i] = Double.NaN;
                clvUpper[i] = Double.NaN;
                return;
            }
            Arrays.sort(values);
            clvLower[i] = Quantiles.type6(values, tail);
            // Drawn dead in more than the lower tail: the interval starts at 0 and holds the level above it.
            clvUpper[i] = Quantiles.type6(values, clvLower[i] == 0 ? level : 1 - tail);
        }

        /**
         * For a lower bound, the k whose share of draws below k is nearest to {@code prob}; for an upper
         * bound, the k whose share of draws at or below k is nearest to {@code prob} (ties: the wider).
         */
        private static int nearest(int[] sorted, double prob, boolean lower) {
            int d = sorted.length;
            int best = lower ? sorted[0] : sorted[d - 1];
            double bestGap = Double.POSITIVE_INFINITY;
            int i = 0;
            while (i < d) {
                int k = sorted[i];
                int j = i;
                while (j < d && sorted[j] == k) {
                    j++;
                }
                // draws below k: i; draws at or below k: j
                double gap = Math.abs((double) (lower ? i : j) / d - prob);
                if (lower ? gap < bestGap : gap < bestGap - 1e-12) {
                    best = k;
                    bestGap = gap;
                }
                i = j;
            }
            return best;
        }

        /** @return the share of the sorted draws below k */
        private static double below(int[] sorted, int k) {
            int i = 0;
            while (i < sorted.length && sorted[i] < k) {
                i++;
            }
            return (double) i / sorted.length;
        }
    }

    /** The draws of one customer's latent traits and what follows from them. Immutable. */
    private static final class Posterior {
        private final boolean pareto;
        private final int extraToss;
        private final double[][] pp;
        private final double[][] gg;
        private final double horizonLength;
        private final double step;
        private final int steps;
        private final double rho;
        private final double margin;
        private final double rhoSteps;

        Posterior(String family, double[][] pp, double[][] gg, Clv clv, double purchaseHorizon) {
            this.pareto = family.equals("pnbd");
            this.extraToss = family.equals("mbgnbd") ? 1 : 0;
            this.pp = pp;
            this.gg = gg;
            this.steps = clv.horizon() * clv.stepsPerPeriod();
            this.step = clv.periodLength() / clv.stepsPerPeriod();
            this.horizonLength = purchaseHorizon;
            this.rho = Math.exp(-Math.log1p(clv.discountRate()) / clv.stepsPerPeriod());
            this.margin = clv.margin();
            this.rhoSteps = Math.pow(rho, steps);
        }

        /**
         * The standardised latent draws shared by the customers with x repeat purchases: for draw d (with
         * parameter set j = d mod J) a Gamma(r<sub>j</sub> + x, 1) variate for &lambda;; the dropout p ~ Beta(a<sub>j</sub>,
         * b<sub>j</sub> + x [+ 1]) or a Gamma(s<sub>j</sub>, 1) variate for &mu;; a Gamma(p<sub>j</sub> x + q<sub>j</sub>, 1) variate for
         * &nu;. Each customer divides by their own &alpha; + T, &beta; + T, &gamma; + x m&#772;: the posteriors' shapes depend
         * on x only, their rates on T and m&#772;.
         */
        double[][] traits(double x, int draws, long seed) {
            SplittableRandom r = new SplittableRandom(seed * 31 + Double.doubleToLongBits(x));
            double[][] t = new double[3][draws];
            int sets = pp.length;
            for (int d = 0; d < draws; d++) {
                double[] p = pp[d % sets];
                t[0][d] = Gammas.gamma(r, p[0] + x);
                t[1][d] = pareto ? Gammas.gamma(r, p[2]) : Gammas.beta(r, p[2], p[3] + x + extraToss);
                if (gg != null) {
                    double[] g = gg[d % sets];
                    t[2][d] = Gammas.gamma(r, g[0] * x + g[1]);
                }
            }
            return t;
        }

        /**
         * A live customer's &lambda; and p (or &mu;) from parameter set j and the shared standardised draws;
         * puts the discounted expected purchases given them in det[0] and returns a realisation of the
         * purchases in the horizon.
         */
        int purchases(int j, double gLambda, double dropDraw, double bigT, SplittableRandom r, double[] det) {
            double[] p = pp[j];
            double lambda = gLambda / (p[1] + bigT);
            double drop;
            double rate;
            double scale;
            if (pareto) {
                drop = dropDraw / (p[3] + bigT);
                rate = drop;
                scale = lambda / drop;
            } else {
                drop = dropDraw;
                rate = lambda * drop;
                scale = 1 / drop;
            }
            det[0] = scale * geometric(rate);
            return pareto ? paretoCount(lambda, drop, r) : betaGeometricCount(lambda, drop, r);
        }

        /** &Sigma;<sub>j=1..n</sub> (e<sup>&minus;&kappa;(j&minus;1)&Delta;</sup> &minus; e<sup>&minus;&kappa;j&Delta;</sup>) &rho;<sup>j</sup> in closed form. */
        private double geometric(double kappa) {
            double oneMinusQ = -Math.expm1(-kappa * step);
            double qr = (1 - oneMinusQ) * rho;
            return oneMinusQ * rho * (1 - Math.exp(-kappa * step * steps) * rhoSteps) / (1 - qr);
        }

        private int betaGeometricCount(double lambda, double p, SplittableRandom r) {
            int y = 0;
            double t = r.nextExponential() / lambda;
            while (t <= horizonLength && y < MAX_PURCHASES) {
                y++;
                if (r.nextDouble() < p) {
                    break;
                }
                t += r.nextExponential() / lambda;
            }
            return y;
        }

        private int paretoCount(double lambda, double mu, SplittableRandom r) {
            double end = Math.min(horizonLength, r.nextExponential() / mu);
            int y = 0;
            double t = r.nextExponential() / lambda;
            while (t <= end && y < MAX_PURCHASES) {
                y++;
                t += r.nextExponential() / lambda;
            }
            return y;
        }

        /** m &zeta;, &zeta; = p<sub>j</sub> / &nu;, &nu; = gNu / (&gamma;<sub>j</sub> + x m&#772;) ~ Gamma(p x + q, &gamma; + x m&#772;). */
        double meanSpend(int j, double gNu, double x, double mbar) {
            double[] g = gg[j];
            double sum = x > 0 ? x * mbar : 0;
            return margin * g[0] * (g[2] + sum) / gNu;
        }
    }
}
