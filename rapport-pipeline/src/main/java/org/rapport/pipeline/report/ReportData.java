package org.rapport.pipeline.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.rapport.model.fit.FitResult;
import org.rapport.model.interval.Estimate;

/**
 * Everything the HTML report shows, as plain values: the pipeline fills it from the store, the
 * report renders it. Nothing here knows about DuckDB or HTML.
 *
 * @param title report title
 * @param generatedAt when the report was made
 * @param source the analysed input (file or database)
 * @param options the options of the run (horizon, discount rate, margin, period unit, calibration end)
 * @param quality data-quality summary
 * @param purchaseModel the chosen purchase model
 * @param candidates every purchase model tried, with the criterion that chose between them
 * @param spendModel the spend model (Gamma-Gamma), or null if it could not be fitted
 * @param validation holdout validation, or null when there is no holdout period
 * @param clvHistogram distribution of CLV over customers
 * @param aliveHistogram distribution of P(alive) over customers
 * @param topCustomers the most valuable customers
 * @param totals totals over all customers
 * @param sections the sections of the analyses after scoring (equity, groups, segments, ...), in
 *     order; null or empty when none ran
 * @param covariates the purchase model refitted with static covariates ({@code --covariates}), or null
 */
public record ReportData(
        String title,
        Instant generatedAt,
        String source,
        List<Setting> options,
        Quality quality,
        ModelSummary purchaseModel,
        List<Candidate> candidates,
        ModelSummary spendModel,
        Validation validation,
        Histogram clvHistogram,
        Histogram aliveHistogram,
        List<CustomerRow> topCustomers,
        Totals totals,
        List<ReportSection> sections,
        Covariates covariates) {

    /** @return a copy without the sections of the analyses after scoring */
    public ReportData withoutSections() {
        return new ReportData(title, generatedAt, source, options, quality, purchaseModel, candidates, spendModel,
                validation, clvHistogram, aliveHistogram, topCustomers, totals, null, covariates);
    }

    /**
     * @param more sections to add after the existing ones
     * @return a copy with the sections added
     */
    public ReportData withSections(List<ReportSection> more) {
        List<ReportSection> all = new ArrayList<>(sections == null ? List.of() : sections);
        all.addAll(more);
        return new ReportData(title, generatedAt, source, options, quality, purchaseModel, candidates, spendModel,
                validation, clvHistogram, aliveHistogram, topCustomers, totals, List.copyOf(all), covariates);
    }

    /** @param name option name @param value its value as shown */
    public record Setting(String name, String value) {
    }

    /**
     * @param rowsRead rows read from the input
     * @param rowsLoaded rows loaded
     * @param rowsRejected rows rejected (quarantined)
     * @param duplicatesSkipped rows skipped as duplicates of rows already loaded
     * @param customers distinct customers
     * @param transactions transactions (orders after netting returns)
     * @param firstDate first transaction date
     * @param lastDate last transaction date
     * @param notes free-text remarks (e.g. "12 orders netted to zero by returns")
     */
    public record Quality(long rowsRead, long rowsLoaded, long rowsRejected, long duplicatesSkipped, long customers,
                          long transactions, LocalDate firstDate, LocalDate lastDate, List<String> notes) {
    }

    /**
     * @param name parameter name
     * @param value estimate
     * @param stdError standard error
     * @param lower lower bound of the interval
     * @param upper upper bound
     */
    public record Parameter(String name, double value, double stdError, double lower, double upper) {
    }

    /**
     * @param model model name, e.g. bgnbd
     * @param parameters parameters with intervals
     * @param level interval level, e.g. 0.95
     * @param logLikelihood total log-likelihood
     * @param aic AIC
     * @param bic BIC
     * @param customers customers fitted
     * @param converged whether the optimiser converged
     */
    public record ModelSummary(String model, List<Parameter> parameters, double level, double logLikelihood,
                               double aic, double bic, long customers, boolean converged) {

        /**
         * Summarises a maximum-likelihood fit: each parameter with its standard error and its
         * log-scale Wald interval ({@link FitResult#interval(String, double)}), and the fit's LL, AIC,
         * BIC, number of customers (rounded to a whole number) and convergence flag.
         *
         * @param fit a fit from {@code MaximumLikelihood}
         * @param level interval level in (0, 1), e.g. 0.95
         * @return the summary
         * @throws IllegalArgumentException if {@code level} is not in (0, 1)
         */
        public static ModelSummary of(FitResult<?> fit, double level) {
            FitResult.z(level); // checks the level
            List<Parameter> parameters = new ArrayList<>();
            for (String name : fit.parameterNames()) {
                Estimate e = fit.interval(name, level);
                parameters.add(new Parameter(name, e.value(), fit.standardError(name), e.lower(), e.upper()));
            }
            return new ModelSummary(fit.modelName(), List.copyOf(parameters), level, fit.logLikelihood(), fit.aic(),
                    fit.bic(), Math.round(fit.observations()), fit.converged());
        }
    }

    /**
     * The purchase model refitted with static covariates, and the likelihood-ratio test against it without.
     *
     * @param columns the customer columns asked for
     * @param model the purchase model
     * @param parameters the base parameters (value, standard error, log-scale interval) then the coefficients
     *     &gamma; named {@code trans.COVARIATE} and {@code life.COVARIATE} (value, standard error, Wald interval)
     * @param level the intervals' level
     * @param logLikelihood LL with covariates
     * @param logLikelihoodWithout LL without them (all customers)
     * @param likelihoodRatio 2 (LL &minus; LL without)
     * @param degreesOfFreedom the test's degrees of freedom (2 per covariate)
     * @param pValue P(&chi;<sup>2</sup> &ge; likelihoodRatio)
     * @param customers customers fitted
     */
    public record Covariates(List<String> columns, String model, List<Parameter> parameters, double level,
                             double logLikelihood, double logLikelihoodWithout, double likelihoodRatio,
                             int degreesOfFreedom, double pValue, long customers) {
        /**
         * @param columns the columns asked for
         * @param fit the fits
         * @param level the intervals' level
         * @return the summary
         */
        public static Covariates of(List<String> columns, org.rapport.model.covariates.StaticCovariates.Fit fit,
                                    double level) {
            FitResult<?> with = fit.with();
            double z = FitResult.z(level);
            List<Parameter> parameters = new ArrayList<>();
            for (String name : with.parameterNames()) {
                if (name.startsWith("trans.") || name.startsWith("life.")) {
                    double g = fit.coefficient(name);
                    double se = fit.coefficientStandardError(name);
                    parameters.add(new Parameter(name, g, se, g - z * se, g + z * se));
                } else {
                    Estimate e = with.interval(name, level);
                    parameters.add(new Parameter(name, e.value(), with.standardError(name), e.lower(), e.upper()));
                }
            }
            return new Covariates(List.copyOf(columns), with.modelName(), List.copyOf(parameters), level,
                    with.logLikelihood(), fit.without().logLikelihood(), fit.likelihoodRatio(), fit.degreesOfFreedom(),
                    fit.pValue(), Math.round(with.observations()));
        }
    }

    /**
     * @param model model name
     * @param holdoutLogLikelihood &Sigma; ln P(holdout count | calibration history) over customers, under the
     *     model fitted on the calibration period (NaN without holdout)
     * @param bic its BIC on the calibration data
     * @param holdoutMae its mean absolute error on the holdout (NaN without holdout)
     * @param chosen whether it was chosen
     * @param reason why it was (or was not) chosen
     */
    public record Candidate(String model, double holdoutLogLikelihood, double bic, double holdoutMae, boolean chosen,
                            String reason) {
    }

    /**
     * Holdout validation, as in Fader, Hardie &amp; Lee (2005) figures 2 to 4.
     *
     * @param calibrationEnd last day of the calibration period
     * @param holdoutEnd last day of the holdout period
     * @param buckets conditional expectations by calibration frequency
     * @param tracking cumulative repeat transactions, actual vs predicted, per period
     * @param mae mean absolute error of per-customer holdout purchases
     * @param rmse root mean squared error
     * @param bias mean(predicted - actual)
     * @param aggregateError (total predicted - total actual) / total actual
     */
    public record Validation(LocalDate calibrationEnd, LocalDate holdoutEnd, List<Bucket> buckets, List<TrackingPoint> tracking,
                             double mae, double rmse, double bias, double aggregateError) {
    }

    /**
     * @param label e.g. "0", "1", ..., "7+"
     * @param customers customers in the bucket
     * @param actual mean actual holdout purchases
     * @param predicted mean predicted holdout purchases
     */
    public record Bucket(String label, long customers, double actual, double predicted) {
    }

    /**
     * @param period period index since the start of the data (e.g. week number)
     * @param date the period's end date
     * @param actual cumulative actual repeat transactions
     * @param predicted cumulative predicted repeat transactions
     */
    public record TrackingPoint(int period, LocalDate date, double actual, double predicted) {
    }

    /**
     * @param label what is counted, e.g. "CLV"
     * @param edges bin edges, one more than counts
     * @param counts customers per bin
     */
    public record Histogram(String label, double[] edges, long[] counts) {
    }

    /**
     * @param customerId the customer
     * @param x repeat purchases in calibration
     * @param tx recency
     * @param bigT age
     * @param pAlive P(alive)
     * @param expectedPurchases expected purchases over the horizon
     * @param expectedSpend expected spend per purchase
     * @param clv CLV
     * @param clvLower lower bound
     * @param clvUpper upper bound
     * @param purchasesLower lower bound of the predictive interval of the purchases over the horizon
     * @param purchasesUpper its upper bound
     * @param clvPredLower lower bound of the interval of the customer's own expected CLV
     * @param clvPredUpper its upper bound
     */
    public record CustomerRow(String customerId, double x, double tx, double bigT, double pAlive, double expectedPurchases,
                              double expectedSpend, double clv, double clvLower, double clvUpper, double purchasesLower,
                              double purchasesUpper, double clvPredLower, double clvPredUpper) {
    }

    /**
     * @param customers customers scored
     * @param totalClv sum of CLV
     * @param meanClv mean CLV
     * @param expectedPurchases sum of expected purchases over the horizon
     * @param expectedAlive expected number of customers alive (sum of P(alive))
     */
    public record Totals(long customers, double totalClv, double meanClv, double expectedPurchases, double expectedAlive) {
    }
}
