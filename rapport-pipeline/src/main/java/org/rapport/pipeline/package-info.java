/**
 * The batch job over the store: summarise, fit, validate, score, report ({@code Analysis}); run settings, progress, stored results of the analyses after scoring, and the checks of the latest run.
 */
package org.rapport.pipeline;
