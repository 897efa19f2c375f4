package org.rapport.offers;

import java.util.ArrayList;
import java.util.List;
import org.rapport.analytics.AfterScoring;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.report.ReportSection;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * Everything the batch job does after {@code Analysis.run}: the customer analyses
 * ({@link AfterScoring}: segments, wallet, groups, equity, brands, moments, feedback), then the
 * offers ({@link OffersStage}), and their sections stored with the run's report. {@code rapport
 * analyze}, {@code rapport demo} and the server's analyze job all call this one method.
 */
public final class AfterScoringJob {
    private AfterScoringJob() {
    }

    /**
     * @param store a store scored by {@code Analysis.run}
     * @param progress progress
     * @return the latest run's report with the sections of every analysis
     * @throws StoreException if no run exists
     */
    public static ReportData run(RapportStore store, Progress progress) {
        long runId = Results.latestRunId(store).orElseThrow(() -> new StoreException("no scores yet: run rapport analyze first"));
        ReportData base = Analysis.latestReport(store).orElseThrow().withoutSections();
        AfterScoring.Outcome after = AfterScoring.run(store, progress);
        OffersStage.Outcome offers = OffersStage.run(store, runId,
                base.validation() == null ? null : base.validation().calibrationEnd(), progress);
        List<ReportSection> sections = new ArrayList<>(after.sections());
        sections.add(offers.section());
        ReportData report = base.withSections(sections);
        Analysis.saveReport(store, runId, report);
        return report;
    }
}
