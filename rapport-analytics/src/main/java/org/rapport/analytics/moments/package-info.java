/**
 * Moments of value: the touchpoints whose ratings move later retention and spend, ranked by the equity at stake.
 */
package org.rapport.analytics.moments;
