package org.rapport.offers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.pipeline.report.Fmt;
import org.rapport.pipeline.report.ReportSection;
import org.rapport.pipeline.report.ReportSection.Chart;
import org.rapport.pipeline.report.ReportSection.ChartKind;
import org.rapport.pipeline.report.ReportSection.Series;
import org.rapport.pipeline.report.ReportSection.Table;
import org.rapport.store.RapportStore;

/**
 * The offers step of the batch job: the top-K offers of every customer into {@code customer_offers}
 * and, when the run kept a holdout period, the back-test ({@link OfferEvaluation}) stored as
 * {@code offers-evaluation}; with the report's section. Transactions without product ids (e.g. the
 * CDNOW log) give no offers, which the section says.
 */
public final class OffersStage {
    /** Offers kept per customer by the batch job. */
    public static final int TOP = 5;
    /** K of the back-test. */
    public static final int EVALUATION_K = 3;

    /** The tables {@link #run} changes besides {@code analysis_results}: what a batch job journals for it. */
    public static final List<String> TABLES = List.of("customer_offers", "offer_history");

    private OffersStage() {
    }

    /**
     * @param scoring the batch scoring, or null when there were no products
     * @param evaluation the back-test, or null without holdout or products
     * @param section the report's section
     */
    public record Outcome(OfferScoring.Summary scoring, OfferEvaluation evaluation, ReportSection section) {
    }

    /**
     * @param store a scored store
     * @param runId the analysis run
     * @param calibrationEnd the run's calibration end, or null without holdout
     * @param progress progress
     * @return what was done
     */
    public static Outcome run(RapportStore store, long runId, LocalDate calibrationEnd, Progress progress) {
        long withProducts = store.queryLong("SELECT count(*) FROM (SELECT 1 FROM purchase_lines WHERE product_id IS NOT NULL LIMIT 1)");
        if (withProducts == 0) {
            return new Outcome(null, null, ReportSection.builder("offers", "Next best offers")
                    .note("The transactions carry no product ids, so there is nothing to offer: load transactions with a "
                            + "product column (and a products file) for next best offers.").build());
        }
        OfferConfig config = OfferConfig.defaults();
        OfferEngine engine = OfferEngine.load(store, null, config, LocalDate.now());
        OfferScoring.Summary scoring = OfferScoring.run(store, engine, TOP, progress);
        OfferEvaluation evaluation = null;
        String evaluationNote = null;
        if (calibrationEnd != null) {
            try {
                evaluation = OfferEvaluation.run(store, calibrationEnd, EVALUATION_K, config, progress);
                Results.save(store, "offers-evaluation", runId, evaluation);
            } catch (OfferException e) {
                evaluationNote = "No back-test: " + e.getMessage();
            }
        } else {
            evaluationNote = "No back-test: the run has no holdout period (give a calibration end date).";
        }
        return new Outcome(scoring, evaluation, section(store, scoring, evaluation, evaluationNote));
    }

    private static Table reliability(OfferEvaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < e.reliability().size(); i++) {
            Reliability.Row r = e.reliability().get(i);
            Reliability.Row w = i < e.rawReliability().size() ? e.rawReliability().get(i) : null;
            rows.add(List.of(String.format(Locale.ROOT, "%.3f \u2013 %.3f", r.from(), r.to()), Fmt.count(r.offers()), Fmt.probability(r.predicted()),
                    Fmt.probability(r.realised()), w == null ? "" : Fmt.probability(w.predicted()), w == null ? "" : Fmt.probability(w.realised())));
        }
        return new Table("Reliability of the stored offers' propensities: the top " + e.k() + " offers of the " + Fmt.count(e.horizonBuyers())
                + " customers who order within " + e.horizonDays() + " days of " + e.calibrationEnd() + ", by decile of the calibrated "
                + "propensity, against the share taken in those days (raw propensities by their own deciles on the right)",
                List.of("Propensity", "Offers", "Predicted", "Taken", "Raw predicted", "Raw taken"), List.of(false, true, true, true, true, true), rows);
    }

    static ReportSection section(RapportStore store, OfferScoring.Summary s, OfferEvaluation e, String note) {
        ReportSection.Builder b = ReportSection.builder("offers", "Next best offers")
                .intro("Candidates from upgrade and sequence paths, co-purchases, life events, the trusted circle and segment "
                        + "favourites, arbitrated by expected value = P(alive) \u00d7 calibrated propensity \u00d7 margin \u00d7 lever under the eligibility (prerequisites included) and contact rules; "
                        + "every offer carries its reason (docs/offers.md).")
                .kpi("Offers", Fmt.count(s.offers()), "top " + TOP + " per customer")
                .kpi("Customers with offers", Fmt.count(s.customersWithOffers()), "of " + Fmt.count(s.customers()));
        if (e != null) {
            b.kpi("Hit rate@" + e.k(), Fmt.percent(e.hitRateAtK(), false), "back-test; popularity " + Fmt.percent(e.baselineHitRateAtK(), false));
            b.chart(new Chart(ChartKind.BAR, "Back-test on the holdout", "Share of the " + Fmt.count(e.holdoutBuyers())
                    + " holdout buyers who bought one of their top " + e.k() + " offers (engine mined up to " + e.calibrationEnd() + ").",
                    List.of("ours (the stored list)", "ours, by propensity alone", "most popular", "most popular not owned"), null, "hit rate",
                    List.of(Series.of("Hit rate@" + e.k(), e.hitRateAtK(), e.propensityHitRateAtK(), e.baselineHitRateAtK(),
                            e.popularNotOwnedHitRateAtK()))));
            b.kpi("Calibration error", String.format(Locale.ROOT, "%.3f", e.ece()), String.format(Locale.ROOT, "raw propensities %.3f", e.rawEce()));
            b.table(reliability(e));
        }
        if (note != null) {
            b.note(note);
        }
        List<List<String>> bySource = new ArrayList<>();
        store.query("""
                SELECT source, count(*), count(DISTINCT customer_id), avg(propensity), avg(value)
                FROM customer_offers GROUP BY source ORDER BY count(*) DESC""", rs -> bySource.add(List.of(rs.getString(1),
                Fmt.count(rs.getLong(2)), Fmt.count(rs.getLong(3)), Fmt.probability(rs.getDouble(4)), Fmt.money(rs.getDouble(5)))));
        b.table(new Table("Offers by source", List.of("Source", "Offers", "Customers", "Mean propensity", "Mean value"),
                List.of(false, true, true, true, true), bySource));
        List<List<String>> top = new ArrayList<>();
        store.query("""
                SELECT o.customer_id, o.product_id, o.score, o.reason
                FROM customer_offers o JOIN customer_scores s USING (customer_id)
                WHERE o.rank = 1 ORDER BY s.clv DESC NULLS LAST, o.customer_id LIMIT 10""", rs -> top.add(List.of(
                rs.getString(1), rs.getString(2), String.format(Locale.ROOT, "%.2f", rs.getDouble(3)), rs.getString(4))));
        b.table(new Table("First offer of the ten most valuable customers", List.of("Customer", "Offer", "Score", "Reason"),
                List.of(false, false, true, false), top));
        return b.build();
    }
}
