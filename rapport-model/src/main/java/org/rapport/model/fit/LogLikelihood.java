package org.rapport.model.fit;

/**
 * The total log-likelihood of a data set as a function of a model's natural parameters.
 *
 * <p>Implementations return the sum over customers (not the mean), and fill the gradient with
 * respect to the natural parameters when asked. The optimiser works on log-parameters; it applies
 * the chain rule itself.
 */
@FunctionalInterface
public interface LogLikelihood {
    /**
     * @param params the natural (positive) parameters
     * @param gradient if not {@code null}, receives d LL / d param; its length is the number of parameters
     * @return the total log-likelihood, or {@code -Infinity}/NaN where the model is undefined
     */
    double value(double[] params, double[] gradient);
}
