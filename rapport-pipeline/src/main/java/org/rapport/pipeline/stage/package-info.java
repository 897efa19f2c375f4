/**
 * The stages of the batch job: per-customer summaries, the fits and the choice between candidate models, and the scores written back to the store.
 */
package org.rapport.pipeline.stage;
