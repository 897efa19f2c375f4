/**
 * Customer input to R&amp;D: feedback topics by segment, weighted by the equity of the customers raising them (docs/analytics.md).
 */
package org.rapport.analytics.feedback;
