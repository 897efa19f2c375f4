package org.rapport.cli.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rapport.analytics.AfterScoring;
import org.rapport.analytics.RunContext;
import org.rapport.offers.OffersStage;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.report.ReportSection;
import org.rapport.store.RapportStore;
import org.rapport.store.RunJournal;

/**
 * The batch job after ingest, the one orchestration that {@code rapport analyze}, {@code rapport demo}
 * and the server's analyze jobs run: summarise, fit, validate and score ({@link Analysis}), then every
 * customer analysis ({@link AfterScoring}) and the offers ({@link OffersStage}), then the run's report
 * saved once with their sections. Each step gets what the one before produced (the typed
 * {@link Analysis.Result} and the {@link RunContext} built from it); nothing is read back from the store.
 * The whole job changes its tables under one run journal: a failure or a kill leaves the previous run whole.
 */
public final class BatchJob {
    /** Every table the job changes, journaled as one unit. */
    public static final List<String> TABLES = tables();

    private BatchJob() {
    }

    /**
     * What the job produced.
     *
     * @param run the pipeline's run (id, fits, settings)
     * @param context the run as the analyses saw it
     * @param report the run's report with every analysis' section, as stored
     */
    public record Outcome(Analysis.Result run, RunContext context, ReportData report) {
    }

    /**
     * Runs the job on what the store holds.
     *
     * @param store a store with transactions ingested
     * @param options the analysis settings
     * @param name the job's name, for the message after a recovery (e.g. {@code analyze})
     * @param progress progress
     * @return what the job produced
     */
    public static Outcome run(RapportStore store, AnalysisOptions options, String name, Progress progress) {
        return RunJournal.atomically(store, name, TABLES, () -> {
            Analysis.Result run = Analysis.run(store, options, progress);
            RunContext context = RunContext.of(run);
            AfterScoring.Outcome after = AfterScoring.run(store, context, progress);
            ReportData base = run.report().withoutSections();
            LocalDate calibrationEnd = base.validation() == null ? null : base.validation().calibrationEnd();
            OffersStage.Outcome offers = OffersStage.run(store, run.runId(), calibrationEnd, progress);
            List<ReportSection> sections = new ArrayList<>(after.sections());
            sections.add(offers.section());
            ReportData report = base.withSections(sections);
            Analysis.saveReport(store, run.runId(), report);
            return new Outcome(run, context, report);
        });
    }

    private static List<String> tables() {
        Set<String> all = new LinkedHashSet<>(Analysis.TABLES);
        all.addAll(AfterScoring.TABLES);
        all.addAll(OffersStage.TABLES);
        return List.copyOf(all);
    }
}
