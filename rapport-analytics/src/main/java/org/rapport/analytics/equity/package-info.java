/**
 * Customer equity: current customers' CLV plus prospects' expected value, by segment, brand, channel and cohort, projected month by month (Rust, Lemon &amp; Zeithaml 2004; Blattberg &amp; Deighton 1996).
 */
package org.rapport.analytics.equity;
