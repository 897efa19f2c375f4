/**
 * JMH benchmarks of the model library and the offers (fit on CDNOW and on a million customers, scoring, CLV, offer lookups), and their shared data; run from {@code benchmarks.jar} (README, "Benchmarks").
 */
package org.rapport.bench;
