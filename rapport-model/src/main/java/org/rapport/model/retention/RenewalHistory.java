package org.rapport.model.retention;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.rapport.model.ModelException;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;

/**
 * The renewals of many contracts that started at different times (several cohorts), for the shifted
 * beta-geometric model: each contract has made n renewals and either lapsed at the next decision
 * (P(T = n + 1)) or is still running when the data end (censored: S(n)). Summed over contracts this is the
 * likelihood of Fader &amp; Hardie's cohort tables (2007, equation B3) with a censoring point per cohort
 * ("Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing
 * Science 29(1), 2010). Contracts with the same (n, lapsed) are one row with a count. Immutable.
 */
public final class RenewalHistory {
    /** The family for {@link org.rapport.model.fit.MaximumLikelihood#fit}, creating a {@link ShiftedBetaGeometric}. */
    public static final ModelFamily<RenewalHistory, ShiftedBetaGeometric> FAMILY = new Family();

    private final int[] renewals;
    private final boolean[] lapsed;
    private final double[] count;
    private final double contracts;

    private RenewalHistory(int[] renewals, boolean[] lapsed, double[] count) {
        this.renewals = renewals;
        this.lapsed = lapsed;
        this.count = count;
        this.contracts = Arrays.stream(count).sum();
    }

    /**
     * @param renewals per contract, the renewals made (0 for a contract that lapsed at its first decision)
     * @param lapsed per contract, whether it ended (else it is still running at the end of the data)
     * @return the history, contracts with the same (renewals, lapsed) grouped
     * @throws ModelException if the arrays differ in length, are empty or a count of renewals is negative
     */
    public static RenewalHistory of(int[] renewals, boolean[] lapsed) {
        if (renewals.length != lapsed.length) {
            throw new ModelException(ModelException.DEGENERATE, "sbg", "renewals and lapsed differ in length ("
                    + renewals.length + " and " + lapsed.length + ")");
        }
        if (renewals.length == 0) {
            throw new ModelException(ModelException.DEGENERATE, "sbg", "no contracts");
        }
        int max = 0;
        for (int n : renewals) {
            if (n < 0) {
                throw new ModelException(ModelException.NEGATIVE, "renewals", n);
            }
            max = Math.max(max, n);
        }
        double[] counts = new double[2 * (max + 1)];
        for (int i = 0; i < renewals.length; i++) {
            counts[2 * renewals[i] + (lapsed[i] ? 1 : 0)]++;
        }
        int rows = 0;
        for (double c : counts) {
            rows += c > 0 ? 1 : 0;
        }
        int[] n = new int[rows];
        boolean[] l = new boolean[rows];
        double[] c = new double[rows];
        int k = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                n[k] = i / 2;
                l[k] = i % 2 == 1;
                c[k++] = counts[i];
            }
        }
        return new RenewalHistory(n, l, c);
    }

    /** @return the number of contracts */
    public double contracts() {
        return contracts;
    }

    /** @return the number of distinct (renewals, lapsed) rows */
    public int rows() {
        return count.length;
    }

    /** @return the contracts that lapsed */
    public double lapsedContracts() {
        double s = 0;
        for (int i = 0; i < count.length; i++) {
            s += lapsed[i] ? count[i] : 0;
        }
        return s;
    }

    /**
     * The log-likelihood and its gradient in (&alpha;, &beta;): a lapse after n renewals contributes
     * ln P(T = n + 1) = ln B(&alpha;+1, &beta;+n) - ln B(&alpha;, &beta;), a running contract ln S(n) =
     * ln B(&alpha;, &beta;+n) - ln B(&alpha;, &beta;).
     */
    double logLikelihood(double alpha, double beta, double[] g) {
        return logLikelihood(alpha, beta, renewals, lapsed, count, g);
    }

    /**
     * The sum over rows of count x (ln P(T = n + 1) for a lapse after n renewals, ln S(n) for a running
     * contract), with its gradient in (&alpha;, &beta;) when {@code g} is not null: the one place the sBG
     * likelihood is written (the cohort table of {@link ShiftedBetaGeometric} is such rows).
     */
    static double logLikelihood(double alpha, double beta, int[] renewals, boolean[] lapsed, double[] count, double[] g) {
        double lbAB = LogBeta.value(alpha, beta);
        double psiAB = g == null ? 0 : Digamma.value(alpha + beta);
        double psiB = g == null ? 0 : Digamma.value(beta);
        if (g != null) {
            Arrays.fill(g, 0);
        }
        double ll = 0;
        for (int i = 0; i < count.length; i++) {
            double c = count[i];
            int n = renewals[i];
            if (c == 0 || !lapsed[i] && n == 0) {
                continue;
            }
            // A lapse after n renewals: B(alpha + 1, beta + n); a running contract: B(alpha, beta + n).
            double a = lapsed[i] ? alpha + 1 : alpha;
            ll += c * (LogBeta.value(a, beta + n) - lbAB);
            if (g != null) {
                double psi = Digamma.value(a + beta + n);
                g[0] += c * ((lapsed[i] ? 1 / alpha : 0) + psiAB - psi);
                g[1] += c * (Digamma.value(beta + n) - psi - psiB + psiAB);
            }
        }
        return ll;
    }

    private static final class Family implements ModelFamily<RenewalHistory, ShiftedBetaGeometric> {
        @Override
        public String name() {
            return "sbg";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("alpha", "beta");
        }

        @Override
        public ShiftedBetaGeometric create(double[] p) {
            return ShiftedBetaGeometric.of(p[0], p[1]);
        }

        /**
         * Rejects histories that cannot identify &alpha; and &beta;: no lapse at all (the churn probability is 0),
         * or lapses at one renewal decision only (the heterogeneity is not identified).
         */
        @Override
        public LogLikelihood logLikelihood(RenewalHistory data) {
            int lapseDecisions = 0;
            for (int i = 0; i < data.count.length; i++) {
                if (data.lapsed[i]) {
                    lapseDecisions++;
                }
            }
            if (lapseDecisions == 0) {
                throw new ModelException(ModelException.DEGENERATE, name(), "no contract lapsed, so the churn "
                        + "probability is 0 and its heterogeneity cannot be estimated");
            }
            if (lapseDecisions == 1) {
                throw new ModelException(ModelException.DEGENERATE, name(), "contracts lapsed at one renewal "
                        + "decision only, so the heterogeneity of the churn probability cannot be estimated");
            }
            return (p, g) -> data.logLikelihood(p[0], p[1], g);
        }

        /** The first start matches the overall lapse rate per decision with &alpha; = 1. */
        @Override
        public List<double[]> startingValues(RenewalHistory data) {
            double decisions = 0;
            for (int i = 0; i < data.count.length; i++) {
                decisions += data.count[i] * (data.renewals[i] + (data.lapsed[i] ? 1 : 0));
            }
            double m = Math.min(Math.max(data.lapsedContracts() / Math.max(decisions, 1), 0.01), 0.99);
            return List.of(new double[] {1, (1 - m) / m}, new double[] {1, 1}, new double[] {0.5, 3},
                    new double[] {10, 10});
        }

        @Override
        public double observations(RenewalHistory data) {
            return data.contracts;
        }

        @Override
        public int distinctRows(RenewalHistory data) {
            return data.rows();
        }
    }
}
