package org.rapport.server.jobs;

import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;
import org.rapport.store.RunJournal;

/**
 * What an analyze job runs after ingest, on the job thread with the store's own connection. The
 * composition root ({@code rapport serve}) plugs in the CLI's batch job (pipeline, every analysis after
 * scoring, offers, under one run journal), so a job does exactly what {@code rapport analyze} does. The
 * server alone knows only the pipeline ({@link #PIPELINE}).
 */
@FunctionalInterface
public interface BatchRunner {
    /** The pipeline alone (summarise, fit, validate, score, report), its tables journaled. */
    BatchRunner PIPELINE = (store, options, job, progress) ->
            RunJournal.atomically(store, job, Analysis.TABLES, () -> Analysis.run(store, options, progress)).runId();

    /**
     * @param store the store (the job thread owns its connection)
     * @param options the analysis settings of the job
     * @param job the job's name, for the message after a recovery
     * @param progress the job's progress
     * @return the id of the run the job saved
     * @throws Exception on failure: the job ends failed with the message, and the previous run stays whole
     */
    long run(RapportStore store, AnalysisOptions options, String job, Progress progress) throws Exception;
}
