/**
 * Customer lifetime value: a purchase model times a spend model, on margin, discounted.
 *
 * <p>{@link org.rapport.model.value.Clv} is configured once ({@code Clv.withDefaults().withHorizon(..)
 * .withDiscountRate(..).withMargin(..).withPeriodLength(..)}) and shared. It scores one customer or a batch
 * (arrays in, arrays out), with intervals by the delta method or a parametric bootstrap that propagate
 * the uncertainty of both fits' parameters. What the intervals do and do not cover, and the discrete
 * discounting used: {@code docs/models/clv.md}.
 */
package org.rapport.model.value;
