package org.rapport.model.fit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.rapport.model.interval.Estimate;

/**
 * The outcome of a maximum-likelihood fit: the fitted model and how sure we are of it.
 *
 * <p>Standard errors come from the observed information: the covariance of the log-parameters
 * &theta; = log p is the inverse of minus the Hessian of the total log-likelihood at the optimum, and
 * se(p) = p &middot; se(&theta;) by the delta method. Intervals for parameters are formed on the log
 * scale, exp(&theta; &plusmn; z se(&theta;)), so they stay positive.
 *
 * @param <M> the fitted model type
 */
public final class FitResult<M> {
    private final String modelName;
    private final ModelFamily<?, M> family;
    private final M model;
    private final List<String> names;
    private final double[] params;
    private final double[][] logCovariance;
    private final double logLikelihood;
    private final double observations;
    private final int distinctRows;
    private final int iterations;
    private final boolean converged;
    private final long fitMillis;

    FitResult(ModelFamily<?, M> family, M model, List<String> names, double[] params, double[][] logCovariance,
              double logLikelihood, double observations, int distinctRows, int iterations, boolean converged,
              long fitMillis) {
        this.modelName = family.name();
        this.family = family;
        this.model = model;
        this.names = List.copyOf(names);
        this.params = params.clone();
        this.logCovariance = logCovariance;
        this.logLikelihood = logLikelihood;
        this.observations = observations;
        this.distinctRows = distinctRows;
        this.iterations = iterations;
        this.converged = converged;
        this.fitMillis = fitMillis;
    }

    /**
     * Rebuilds a fit from its parts, for code that ships a fit to another JVM as plain numbers (the
     * Spark job sends {@link #parameters()} and {@link #logCovariance()} to its executors) and must get
     * back the same model and intervals.
     *
     * @param family the family that was fitted
     * @param params its parameters, in the order of {@link ModelFamily#parameterNames()}
     * @param logCovariance the covariance of the log-parameters
     * @param logLikelihood the maximised log-likelihood
     * @param observations the number of observations
     * @param distinctRows the number of distinct rows
     * @param iterations optimiser iterations
     * @param converged whether the optimiser converged
     * @param fitMillis time the fit took
     * @param <M> the model type
     * @return the fit, with {@code family.create(params)} as its model
     */
    public static <M> FitResult<M> restore(ModelFamily<?, M> family, double[] params, double[][] logCovariance,
                                           double logLikelihood, double observations, int distinctRows, int iterations,
                                           boolean converged, long fitMillis) {
        double[][] cov = new double[logCovariance.length][];
        for (int i = 0; i < cov.length; i++) {
            cov[i] = logCovariance[i].clone();
        }
        return new FitResult<>(family, family.create(params), family.parameterNames(), params, cov, logLikelihood,
                observations, distinctRows, iterations, converged, fitMillis);
    }

    /** @return the family name, e.g. {@code bgnbd} */
    public String modelName() {
        return modelName;
    }

    /**
     * @return the family that was fitted; {@code family().create(params)} rebuilds the model at other
     *     parameters (used to propagate parameter uncertainty, e.g. to CLV intervals)
     */
    public ModelFamily<?, M> family() {
        return family;
    }

    /** @return the fitted model */
    public M model() {
        return model;
    }

    /** @return the parameter names in order */
    public List<String> parameterNames() {
        return names;
    }

    /** @return a copy of the fitted parameters in the order of {@link #parameterNames()} */
    public double[] parameters() {
        return params.clone();
    }

    /** @return parameter name to value, in order */
    public Map<String, Double> parameterMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), params[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return parameter name to standard error (NaN where the information matrix is singular) */
    public Map<String, Double> standardErrorMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), standardError(i));
        }
        return Collections.unmodifiableMap(m);
    }

    /** @param name a parameter name @return its value */
    public double parameter(String name) {
        return params[index(name)];
    }

    /** @param i parameter index @return its standard error by the delta method, p &middot; se(log p) */
    public double standardError(int i) {
        return params[i] * Math.sqrt(logCovariance[i][i]);
    }

    /** @param name a parameter name @return its standard error */
    public double standardError(String name) {
        return standardError(index(name));
    }

    /**
     * @param name a parameter name
     * @param level the coverage, e.g. 0.95
     * @return the log-scale Wald interval exp(&theta; &plusmn; z se(&theta;))
     */
    public Estimate interval(String name, double level) {
        int i = index(name);
        double z = z(level);
        double se = Math.sqrt(logCovariance[i][i]);
        double t = Math.log(params[i]);
        return new Estimate(params[i], Math.exp(t - z * se), Math.exp(t + z * se), level);
    }

    /** @return a copy of the covariance matrix of the log-parameters */
    public double[][] logCovariance() {
        double[][] c = new double[logCovariance.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = logCovariance[i].clone();
        }
        return c;
    }

    /** @return the total log-likelihood at the optimum (a sum over customers) */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** @return the number of customers (sum of counts) */
    public double observations() {
        return observations;
    }

    /** @return the number of distinct rows the likelihood was summed over */
    public int distinctRows() {
        return distinctRows;
    }

    /** @return Akaike's information criterion, 2k - 2 LL */
    public double aic() {
        return 2 * params.length - 2 * logLikelihood;
    }

    /** @return the Bayesian information criterion, k ln n - 2 LL */
    public double bic() {
        return params.length * Math.log(observations) - 2 * logLikelihood;
    }

    /** @return optimiser iterations */
    public int iterations() {
        return iterations;
    }

    /** @return whether the optimiser met its convergence test */
    public boolean converged() {
        return converged;
    }

    /** @return wall-clock time of the fit in milliseconds */
    public long fitMillis() {
        return fitMillis;
    }

    /** @param level coverage in (0, 1) @return the two-sided standard normal quantile */
    public static double z(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1): " + level);
        }
        return NormalDistribution.of(0, 1).inverseSurvivalProbability((1 - level) / 2);
    }

    private int index(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no parameter '" + name + "' in " + modelName + "; has " + names);
        }
        return i;
    }

    @Override
    public String toString() {
        return modelName + parameterMap() + " LL=" + logLikelihood;
    }
}
