/**
 * The pipeline's tables (analysis runs, customer summaries and scores, analysis results) and their migrations.
 */
package org.rapport.pipeline.schema;
