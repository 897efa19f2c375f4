package org.rapport.model.covariates;

import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;

/**
 * Fits a purchase model with static covariates and tests them: first the model without covariates on all
 * customers, then the model with them from that optimum and &gamma; = 0, then the likelihood-ratio test
 * 2 (LL<sub>with</sub> &minus; LL<sub>without</sub>) ~ &chi;<sup>2</sup> with 2k degrees of freedom (k covariates in
 * each of the two processes) under the hypothesis that no covariate matters (Wilks 1938).
 */
public final class StaticCovariates {
    private StaticCovariates() {
    }

    /**
     * @param base the purchase model family (BG/NBD, MBG/NBD or Pareto/NBD)
     * @param data the customers grouped by covariates
     * @param ml the optimiser settings
     * @return both fits and the test
     */
    public static Fit fit(ModelFamily<RfmTable, ? extends PurchaseModel> base, CovariateTable data, MaximumLikelihood ml) {
        FitResult<? extends PurchaseModel> without = ml.fit(base, data.pooled());
        CovariateFamily family = new CovariateFamily(base, data.names(), without.parameters());
        FitResult<CovariateModel> with = ml.fit(family, data);
        return new Fit(without, with);
    }

    /**
     * @param without the fit without covariates
     * @param with the fit with them
     */
    public record Fit(FitResult<? extends PurchaseModel> without, FitResult<CovariateModel> with) {
        /** @return the covariates' names */
        public List<String> covariates() {
            return with.model().covariateNames();
        }

        /** @return the likelihood-ratio statistic 2 (LL<sub>with</sub> &minus; LL<sub>without</sub>), at least 0 */
        public double likelihoodRatio() {
            return Math.max(0, 2 * (with.logLikelihood() - without.logLikelihood()));
        }

        /** @return the test's degrees of freedom, 2k */
        public int degreesOfFreedom() {
            return with.parameters().length - without.parameters().length;
        }

        /** @return P(&chi;<sup>2</sup><sub>2k</sub> &ge; LR): small when the covariates explain the data */
        public double pValue() {
            return ChiSquaredDistribution.of(degreesOfFreedom()).survivalProbability(likelihoodRatio());
        }

        /**
         * @param name {@code trans.NAME} or {@code life.NAME}
         * @return &gamma; for that covariate and process
         */
        public double coefficient(String name) {
            return Math.log(with.parameter(name));
        }

        /** @param name {@code trans.NAME} or {@code life.NAME} @return the standard error of &gamma; */
        public double coefficientStandardError(String name) {
            int i = with.parameterNames().indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no parameter " + name + " in " + with.parameterNames());
            }
            return Math.sqrt(with.logCovariance()[i][i]);
        }

        /**
         * @param name {@code trans.NAME} or {@code life.NAME}
         * @param level the coverage, e.g. 0.95
         * @return the Wald interval &gamma; &plusmn; z se
         */
        public double[] coefficientInterval(String name, double level) {
            double g = coefficient(name);
            double h = FitResult.z(level) * coefficientStandardError(name);
            return new double[] {g - h, g + h};
        }
    }
}
