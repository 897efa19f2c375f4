/**
 * The model library's small numerics, each written once: {@link org.rapport.model.numeric.Matrices}
 * (Cholesky factor, inverse of a positive definite matrix, least squares by the normal equations,
 * quadratic forms) for the fits' covariances, the intervals' correlated draws and the analytics'
 * regressions; {@link org.rapport.model.numeric.Quantiles} (R's types 6 and 7) for the bootstrap, the
 * predictive intervals and the analytics' summaries.
 */
package org.rapport.model.numeric;
