/**
 * Brands: switching between brands as a Markov chain by segment, customer-based brand equity, hand-offs and retirement candidates.
 */
package org.rapport.analytics.brands;
