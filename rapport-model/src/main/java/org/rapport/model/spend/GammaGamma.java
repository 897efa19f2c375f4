package org.rapport.model.spend;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.rapport.model.ModelException;
import org.rapport.model.data.SpendTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", section on the spend model; Fader &amp; Hardie 2013,
 * "The Gamma-Gamma model of monetary value").
 *
 * <p>A customer's transaction values z<sub>1</sub>, &hellip;, z<sub>x</sub> are i.i.d. Gamma(p, &nu;)
 * (shape p, rate &nu;), so their mean is p/&nu; and the average m&#772; of x of them is Gamma(px, &nu;x).
 * Across customers &nu; ~ Gamma(q, &gamma;) (shape q, rate &gamma;). The symbols are the papers':
 * {@code p, q, gamma} and a customer's {@code x, mbar} (m<sub>x</sub> in the note, {@code zbar} in
 * CDNOW's file). Spend is assumed independent of the purchase process, which is what lets
 * {@link org.rapport.model.value.Clv} multiply the two models' expectations.
 *
 * <ul>
 * <li>Marginal density of m&#772; given x (the likelihood; the 2013 note's marginal distribution of
 *     m<sub>x</sub>, which {@code lifetimes} cites as its equation (1a)):
 *     f(m&#772; | p, q, &gamma;; x) = &Gamma;(px+q) / (&Gamma;(px) &Gamma;(q)) &middot; &gamma;<sup>q</sup>
 *     m&#772;<sup>px-1</sup> x<sup>px</sup> / (&gamma; + x m&#772;)<sup>px+q</sup>.
 *     It is a full density: no term is dropped as a constant, and the log-likelihood of a data set
 *     is the count-weighted sum of its logarithm (the convention of {@code lifetimes}, summed instead
 *     of averaged).</li>
 * <li>Population mean spend per transaction: E[M] = p&gamma; / (q - 1), finite only for q &gt; 1.</li>
 * <li>Conditional expectation (the note's equation (5), as {@code lifetimes} cites it):
 *     E[M | x, m&#772;] = p (&gamma; + x m&#772;) / (px + q - 1)
 *     = (q-1)/(px+q-1) &middot; p&gamma;/(q-1) + px/(px+q-1) &middot; m&#772;, a weighted average of the
 *     population mean and the customer's own average.</li>
 * </ul>
 *
 * <p>On CDNOW's 946 repeat buyers the note reports p = 6.25, q = 3.74, &gamma; = 15.44.
 */
public final class GammaGamma {
    /** The family, for {@link org.rapport.model.fit.MaximumLikelihood#fit}. */
    public static final ModelFamily<SpendTable, GammaGamma> FAMILY = new Family();

    /** Template: a mean that does not exist for these parameters. */
    static final String INFINITE_MEAN = "the expected spend is infinite: p x + q - 1 = %s is not greater than 0"
            + " (p = %s, q = %s, x = %s)";

    private final double p;
    private final double q;
    private final double gamma;
    private final double logNormQ;

    private GammaGamma(double p, double q, double gamma) {
        this.p = p;
        this.q = q;
        this.gamma = gamma;
        this.logNormQ = q * Math.log(gamma) - LogGamma.value(q);
    }

    /**
     * @param p shape of the gamma distribution of one customer's transaction values
     * @param q shape of the gamma distribution of &nu; across customers
     * @param gamma rate of the gamma distribution of &nu; across customers (in currency units)
     * @return the model
     * @throws ModelException if a parameter is not finite and positive
     */
    public static GammaGamma of(double p, double q, double gamma) {
        return new GammaGamma(ModelException.checkPositive("p", p), ModelException.checkPositive("q", q),
                ModelException.checkPositive("gamma", gamma));
    }

    /** @return the family name, {@code gg} */
    public String name() {
        return "gg";
    }

    /** @return {p, q, gamma} */
    public double[] parameters() {
        return new double[] {p, q, gamma};
    }

    /** @return p */
    public double p() {
        return p;
    }

    /** @return q */
    public double q() {
        return q;
    }

    /** @return &gamma; */
    public double gamma() {
        return gamma;
    }

    /**
     * Population mean spend per transaction, E[M] = p&gamma; / (q - 1).
     *
     * @return the mean
     * @throws ModelException if q &le; 1 (the mean is infinite)
     */
    public double meanSpend() {
        return conditionalExpectedAverageSpend(0, 0);
    }

    /**
     * E[M | x, m&#772;] = p (&gamma; + x m&#772;) / (px + q - 1): the expected value of this customer's
     * future transactions given x repeat purchases of average value m&#772;. For x = 0 it is the
     * population mean and {@code mbar} is ignored.
     *
     * @param x repeat purchases, a whole number &ge; 0
     * @param mbar their average value, finite and &gt; 0 when x &gt; 0
     * @return the conditional expected spend per transaction
     * @throws ModelException if the inputs are invalid or px + q &le; 1 (the expectation is infinite)
     */
    public double conditionalExpectedAverageSpend(double x, double mbar) {
        ModelException.checkNonNegative("x", x);
        if (x > 0) {
            SpendTable.check(x, mbar);
        } else {
            mbar = 0;
        }
        double den = p * x + q - 1;
        if (!(den > 0)) {
            throw new ModelException(INFINITE_MEAN, den, p, q, x);
        }
        return p * (gamma + x * mbar) / den;
    }

    /**
     * Log of the marginal density of m&#772; given x (see the class comment).
     *
     * @param x repeat purchases, &ge; 1
     * @param mbar their average value, &gt; 0
     * @return log f(m&#772; | p, q, &gamma;; x)
     * @throws ModelException if the inputs are invalid
     */
    public double logDensity(double x, double mbar) {
        SpendTable.check(x, mbar);
        return new XTerms(p, q, x, false).row(gamma, Math.log(gamma), logNormQ, mbar, null, 1);
    }

    @Override
    public String toString() {
        return "GammaGamma[p=" + p + ", q=" + q + ", gamma=" + gamma + "]";
    }

    /** The terms of the log-density that depend on x (and p, q) alone, once per distinct x. */
    private static final class XTerms {
        final double x;
        final double px;
        final double pxq;
        final double lg;
        final double psiPxq;
        final double psiPx;

        XTerms(double p, double q, double x, boolean gradient) {
            this.x = x;
            px = p * x;
            pxq = px + q;
            lg = LogGamma.value(pxq) - LogGamma.value(px) + px * Math.log(x);
            psiPxq = gradient ? Digamma.value(pxq) : 0;
            psiPx = gradient ? Digamma.value(px) : 0;
        }

        /**
         * One row's log-density times {@code w}; adds w times its gradient in (p, q, gamma) to {@code g}.
         * The q-only terms q ln &gamma; - ln &Gamma;(q) come in as {@code logNormQ}; their derivatives are
         * added once per data set by the caller.
         */
        double row(double gamma, double logGamma, double logNormQ, double mbar, double[] g, double w) {
            double logM = Math.log(mbar);
            double logGxm = Math.log(gamma + x * mbar);
            if (g != null) {
                g[0] += w * x * (psiPxq - psiPx + logM + Math.log(x) - logGxm);
                g[1] += w * (psiPxq - logGxm);
                g[2] += w * (-pxq / (gamma + x * mbar));
            }
            return w * (lg + logNormQ + (px - 1) * logM - pxq * logGxm);
        }
    }

    private static final class Family implements ModelFamily<SpendTable, GammaGamma> {
        @Override
        public String name() {
            return "gg";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("p", "q", "gamma");
        }

        @Override
        public GammaGamma create(double[] params) {
            return of(params[0], params[1], params[2]);
        }

        @Override
        public LogLikelihood logLikelihood(SpendTable data) {
            checkFittable(data);
            double n = data.customers();
            return (params, g) -> {
                double p = params[0];
                double q = params[1];
                double gamma = params[2];
                double logGamma = Math.log(gamma);
                double logNormQ = q * logGamma - LogGamma.value(q);
                if (g != null) {
                    Arrays.fill(g, 0);
                }
                double ll = 0;
                XTerms k = null;
                for (int i = 0; i < data.size(); i++) {
                    double x = data.x(i);
                    if (k == null || k.x != x) {
                        k = new XTerms(p, q, x, g != null);
                    }
                    ll += k.row(gamma, logGamma, logNormQ, data.mbar(i), g, data.count(i));
                }
                if (g != null) {
                    // d/dq and d/dgamma of the per-customer term q ln(gamma) - ln Gamma(q).
                    g[1] += n * (logGamma - Digamma.value(q));
                    g[2] += n * q / gamma;
                }
                return ll;
            };
        }

        /**
         * Method-of-moments-style starts: E[M] = p&gamma;/(q-1) is matched to the mean of m&#772; for
         * several (p, q), then the generic start (1, 1, 1) that {@code lifetimes} uses.
         */
        @Override
        public List<double[]> startingValues(SpendTable data) {
            double m = data.meanSpend();
            return List.of(
                    new double[] {2, 3, m * (3 - 1) / 2},
                    new double[] {5, 5, m * (5 - 1) / 5},
                    new double[] {1, 1, 1},
                    new double[] {0.5, 2, m * (2 - 1) / 0.5});
        }

        @Override
        public double observations(SpendTable data) {
            return data.customers();
        }

        @Override
        public int distinctRows(SpendTable data) {
            return data.size();
        }

        private void checkFittable(SpendTable data) {
            if (data.customers() < 2) {
                throw new ModelException(ModelException.DEGENERATE, name(),
                        "need at least 2 repeat buyers (x > 0), got " + fmt(data.customers()));
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < data.size(); i++) {
                min = Math.min(min, data.mbar(i));
                max = Math.max(max, data.mbar(i));
            }
            if (min == max) {
                throw new ModelException(ModelException.DEGENERATE, name(),
                        "every repeat buyer has the same average spend mbar = " + min
                                + ", so the spread of spend cannot be estimated");
            }
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
