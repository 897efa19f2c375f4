/**
 * The customers as columns in memory ({@link org.rapport.analytics.frame.CustomerFrame}), loaded from
 * the store with constant SQL, for rule evaluation and clustering.
 */
package org.rapport.analytics.frame;
