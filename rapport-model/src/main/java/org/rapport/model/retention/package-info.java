/**
 * Retention models for contractual settings, where a customer's churn is observed (subscriptions,
 * memberships, cards).
 *
 * <p>{@link org.rapport.model.retention.ShiftedBetaGeometric} is fitted to a cohort's
 * {@link org.rapport.model.data.RetentionSeries} (customers still active at the start of each period) with
 * {@link org.rapport.model.fit.MaximumLikelihood}; it projects survival and retention rates forward and values
 * a customer's remaining relationship (DERL) at a discount rate the user chooses. Periods are whatever the
 * series counts (years in the papers); the discount rate is per period.
 *
 * <p>References:
 * <ol>
 * <li>Fader, P. S. &amp; Hardie, B. G. S. (2007), "How to project customer retention", Journal of Interactive
 *     Marketing 21(1), 76-90, doi:10.1002/dir.20074.</li>
 * <li>Fader, P. S. &amp; Hardie, B. G. S. (2010), "Customer-base valuation in a contractual setting: the perils
 *     of ignoring heterogeneity", Marketing Science 29(1), 85-93, doi:10.1287/mksc.1080.0482.</li>
 * </ol>
 */
package org.rapport.model.retention;
