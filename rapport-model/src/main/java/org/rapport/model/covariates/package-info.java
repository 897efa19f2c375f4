/**
 * Static (time-invariant) covariates in the purchase models, as in CLVTools and Fader &amp; Hardie's note
 * "Incorporating time-invariant covariates into the Pareto/NBD and BG/NBD models" (2007): a customer with
 * covariates z gets the model's parameters scaled by exp(&plusmn;&gamma;'z) (see {@link
 * org.rapport.model.covariates.Link}). Customers are grouped by their distinct z ({@link
 * org.rapport.model.covariates.CovariateTable}), so the likelihood is the model's own likelihood per group
 * and categorical covariates cost a few evaluations of it. {@link
 * org.rapport.model.covariates.StaticCovariates} fits a model with and without the covariates and tests
 * them by a likelihood ratio.
 */
package org.rapport.model.covariates;
