package org.rapport.analytics.subscription;

import java.util.ArrayList;
import java.util.List;
import org.rapport.model.interval.Estimate;
import org.rapport.pipeline.report.Fmt;
import org.rapport.pipeline.report.ReportSection;
import org.rapport.pipeline.report.ReportSection.Chart;
import org.rapport.pipeline.report.ReportSection.ChartKind;
import org.rapport.pipeline.report.ReportSection.Series;
import org.rapport.pipeline.report.ReportSection.Table;

/** The report's section on memberships: values only, the report escapes and draws them. */
public final class SubscriptionSection {
    private SubscriptionSection() {
    }

    /**
     * @param r the subscriptions result
     * @return its section
     */
    public static ReportSection of(Subscriptions.Result r) {
        ReportSection.Builder b = ReportSection.builder(Subscriptions.RESULT, "Memberships and contracts")
                .intro("Memberships renewed each month, with one shifted beta-geometric model per plan fitted over every "
                        + "start quarter at once: each member's monthly lapse probability varies by a beta distribution "
                        + "(alpha, beta), so the members who stay are the loyal ones and the lapse rate falls with tenure. "
                        + "A running membership's residual value is its fee times its discounted expected residual "
                        + "lifetime (DERL, months, at " + Fmt.percent(r.monthlyDiscountRate(), false) + " a month; "
                        + "Fader & Hardie 2010).");
        if (r.members() == 0) {
            r.notes().forEach(b::note);
            return b.build();
        }
        b.kpi("Memberships", Fmt.count(r.members()), Fmt.count(r.active()) + " running on " + Fmt.date(r.asOf()))
                .kpi("Expected residual value", Fmt.money(r.residualValue()), r.residualInterval() == null
                        ? "of the running memberships" : "of the running memberships; 95% interval "
                        + Fmt.money(r.residualInterval().lower()) + " to " + Fmt.money(r.residualInterval().upper()));
        List<List<String>> rows = new ArrayList<>();
        for (Subscriptions.PlanFit p : r.plans()) {
            rows.add(List.of(p.plan(), Fmt.count(p.members()), Fmt.count(p.active()), estimate(p.alpha()),
                    estimate(p.beta()), Double.isNaN(p.meanLapse()) ? "no fit" : Fmt.percent(p.meanLapse(), false),
                    Double.isNaN(p.fee()) ? "no fee" : Fmt.money(p.fee()), Fmt.money(p.residualValue()),
                    p.residualInterval() == null ? "no interval" : Fmt.money(p.residualInterval().lower()) + " to "
                            + Fmt.money(p.residualInterval().upper())));
            if (p.note() != null) {
                b.note(p.note());
            }
        }
        b.table(new Table("Per plan: the fitted lapse model with 95% intervals and the running memberships' value",
                List.of("Plan", "Memberships", "Running", "Alpha", "Beta", "Mean monthly lapse", "Fee a month",
                        "Expected residual value", "95% interval"), List.of(false, true, true, true, true, true, true, true,
                        true), rows));
        List<String> quarters = new ArrayList<>();
        double[] observed = new double[r.cohorts().size()];
        double[] predicted = new double[r.cohorts().size()];
        List<List<String>> cohortRows = new ArrayList<>();
        for (int i = 0; i < r.cohorts().size(); i++) {
            Subscriptions.CohortRow c = r.cohorts().get(i);
            quarters.add(c.cohort());
            observed[i] = c.started() == 0 ? 0 : (double) c.active() / c.started();
            predicted[i] = c.started() == 0 ? 0 : c.predictedActive() / c.started();
            cohortRows.add(List.of(c.cohort(), Fmt.count(c.started()), Fmt.count(c.active()),
                    Fmt.fixed(c.predictedActive(), 0), Fmt.percent(observed[i], false), Fmt.percent(predicted[i], false)));
        }
        b.chart(new Chart(ChartKind.LINE, "Share still running by start quarter",
                "Observed against what the fitted plans predict for each quarter's members and their months so far.",
                quarters, "Start quarter", "Share running", List.of(new Series("Observed", observed, null),
                        new Series("Predicted", predicted, null))));
        b.table(new Table("Still running at the end of the data, by start quarter", List.of("Start quarter", "Started",
                "Running", "Predicted running", "Share running", "Predicted share"),
                List.of(false, true, true, true, true, true), cohortRows));
        r.notes().forEach(b::note);
        return b.build();
    }

    private static String estimate(Estimate e) {
        if (e == null) {
            return "no fit";
        }
        return Fmt.sig(e.value(), 3) + " [" + Fmt.sig(e.lower(), 3) + ", " + Fmt.sig(e.upper(), 3) + "]";
    }
}
