/**
 * Maximum likelihood: a {@code ModelFamily} says how to fit (log-likelihood, gradient, starting values), {@code MaximumLikelihood} fits it by BFGS on log-parameters and returns a {@code FitResult} with the fitted model, standard errors from the observed information and intervals.
 */
package org.rapport.model.fit;
