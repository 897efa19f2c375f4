package org.rapport.analytics;

import java.util.List;
import org.rapport.analytics.subscription.SubscriptionSection;
import org.rapport.analytics.subscription.Subscriptions;
import org.rapport.analytics.report.AnalyticsSections;
import org.rapport.analytics.segment.SegmentAnalysis;
import org.rapport.analytics.segment.SegmentOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.report.ReportSection;
import org.rapport.store.RapportStore;

/**
 * Every customer analysis after scoring, in the order they depend on each other: segments first
 * (assign each customer: rule segments by priority, else the needs-based clusters, discovered on the
 * first run and kept afterwards so managers keep their segments), then share of wallet, relationship
 * groups, equity, brands, moments and feedback ({@link Analytics}, broken down by those segments), then
 * the segments' KPIs again now that groups and wallets exist. The net purchase lines
 * ({@link Lines}) are materialised once for the whole job, and the customers that the segments load
 * ({@link org.rapport.analytics.frame.CustomerFrame}, with their need answers) are handed to the
 * share of wallet, which so queries none of them again.
 */
public final class AfterScoring {
    /** The tables {@link #run} changes besides {@code analysis_results}: what a batch job journals for it. */
    public static final List<String> TABLES = List.of("customer_groups", "customer_wallet", "segments", "customer_segment",
            "customer_cluster", "customer_cluster_confidence", "customer_subscription");

    private AfterScoring() {
    }

    /**
     * @param analytics the analytics results
     * @param segments the segments with their KPIs
     * @param sections the report's sections
     */
    public record Outcome(Analytics.Result analytics, SegmentAnalysis.Result segments, List<ReportSection> sections) {
    }

    /**
     * @param store a store scored by {@code Analysis.run}
     * @param run the run just scored ({@link RunContext#of}), handed on by the batch job
     * @param segmentOptions segment discovery settings
     * @param options analytics settings
     * @param progress progress
     * @return the results and the report sections
     */
    public static Outcome run(RapportStore store, RunContext run, SegmentOptions segmentOptions, AnalyticsOptions options,
                              Progress progress) {
        // The net purchase lines once for the job: equity, brands and the segments' top categories read them.
        boolean lines = store.hasRows("products");
        if (lines) {
            Lines.refresh(store);
        }
        try {
            SegmentAnalysis.Assignment assigned = SegmentAnalysis.assignWithFrame(store, segmentOptions, progress);
            // Memberships first: the equity adds their residual value.
            progress.start("subscriptions", 1);
            Subscriptions.Result subs = Subscriptions.compute(store, run);
            progress.advance(1);
            progress.finish(subs.members() == 0 ? "subscriptions: no memberships" : String.format(java.util.Locale.ROOT,
                    "subscriptions: %,d memberships, %,d running, residual value %,.0f", subs.members(), subs.active(),
                    subs.residualValue()));
            Analytics.Result a = Analytics.run(store, run, options, progress, lines, assigned);
            // The KPIs once, now that the groups and wallets they count exist.
            SegmentAnalysis.Result s = SegmentAnalysis.current(store, assigned.result().discovery(), lines, assigned);
            List<ReportSection> sections = new java.util.ArrayList<>(AnalyticsSections.of(a, s));
            if (subs.members() > 0) {
                sections.add(SubscriptionSection.of(subs));
            }
            return new Outcome(a, s, sections);
        } finally {
            Lines.drop(store);
        }
    }

    /**
     * With default settings, on the latest run the store holds.
     *
     * @param store a scored store
     * @param progress progress
     * @return the results and the report sections
     * @throws org.rapport.store.StoreException when nothing is scored
     */
    public static Outcome run(RapportStore store, Progress progress) {
        return run(store, RunContext.require(store), SegmentOptions.defaults(), AnalyticsOptions.defaults(), progress);
    }

    /**
     * With default settings.
     *
     * @param store a scored store
     * @param run the run just scored
     * @param progress progress
     * @return the results and the report sections
     */
    public static Outcome run(RapportStore store, RunContext run, Progress progress) {
        return run(store, run, SegmentOptions.defaults(), AnalyticsOptions.defaults(), progress);
    }
}
