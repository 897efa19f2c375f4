/**
 * The batch job ({@link org.rapport.cli.job.BatchJob}): the one orchestration of the pipeline, the analyses
 * after scoring and the offers, used by the CLI's {@code analyze} and {@code demo} and, plugged in by
 * {@code serve}, by the server's jobs.
 */
package org.rapport.cli.job;
