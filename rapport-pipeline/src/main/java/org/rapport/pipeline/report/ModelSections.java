package org.rapport.pipeline.report;

import static org.rapport.pipeline.report.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rapport.pipeline.report.Html.Column;
import org.rapport.pipeline.report.Html.Row;
import org.rapport.pipeline.report.ReportData.Bucket;
import org.rapport.pipeline.report.ReportData.Candidate;
import org.rapport.pipeline.report.ReportData.ModelSummary;
import org.rapport.pipeline.report.ReportData.Parameter;
import org.rapport.pipeline.report.ReportData.Validation;

/** The report's sections on the fitted models: purchase model and its candidates, spend model, holdout validation. */
final class ModelSections {
    private ModelSections() {
    }

    static void purchaseModel(StringBuilder out, ModelSummary m, List<Candidate> candidates) {
        HtmlReport.open(out, "purchase-model", "Purchase model: " + HtmlReport.modelName(m.model()));
        modelBody(out, m);
        out.append("<h3>Candidate models</h3>\n");
        Candidate chosen = candidates.stream().filter(Candidate::chosen).findFirst().orElse(null);
        if (chosen != null && chosen.reason() != null) {
            out.append("<p><strong>").append(esc(HtmlReport.modelName(chosen.model()))).append("</strong> was chosen: ")
                    .append(esc(chosen.reason())).append("</p>\n");
        }
        if (candidates.isEmpty()) {
            out.append("<p class=\"explain\">Only this model was fitted (no comparison).</p>\n");
        } else {
            List<Row> rows = new ArrayList<>();
            for (Candidate c : candidates) {
                rows.add(new Row(c.chosen() ? "chosen" : null, List.of(HtmlReport.modelName(c.model()),
                        Fmt.fixed(c.holdoutLogLikelihood(), 1), Fmt.fixed(c.bic(), 1), Fmt.fixed(c.holdoutMae(), 4),
                        c.chosen() ? "\u2713 chosen" : "", Objects.toString(c.reason(), ""))));
            }
            Html.table(out, null, List.of(Column.text("Model"),
                    Column.num("Holdout log-likelihood", "sum over customers of ln P(actual holdout purchases | calibration history); higher is better"),
                    Column.num("BIC", "on the calibration data; lower is better"),
                    Column.num("Holdout MAE", "mean absolute error of holdout purchases per customer (not a criterion by default)"),
                    Column.text("Chosen"), Column.text("Reason")), rows);
            out.append("<p class=\"explain\">With a holdout period the model under which the customers' actual holdout ")
                    .append("purchases are most likely wins; models whose holdout log-likelihood is closer to the best ")
                    .append("than max(2, 1.96 standard errors of the difference) are indistinguishable (Vuong's test) and ")
                    .append("the smaller BIC decides between them. Without a holdout, BIC decides. ")
                    .append("The MAE is shown but not used: it rewards predicting fewer purchases.</p>\n");
        }
        out.append("</section>\n");
    }

    static void spendModel(StringBuilder out, ModelSummary m) {
        if (m == null) {
            HtmlReport.open(out, "spend-model", "Spend model");
            out.append("<p class=\"notice\">No spend model was fitted for this run, so expected spend per ")
                    .append("purchase could not be modelled; see the data-quality notes.</p>\n</section>\n");
            return;
        }
        HtmlReport.open(out, "spend-model", "Spend model: " + HtmlReport.modelName(m.model()));
        modelBody(out, m);
        out.append("</section>\n");
    }

    /** The parameter table and fit figures of one model. */
    private static void modelBody(StringBuilder out, ModelSummary m) {
        if (!m.converged()) {
            out.append("<p class=\"notice\">The optimiser did not meet its convergence test: treat these estimates ")
                    .append("with caution.</p>\n");
        }
        String level = Fmt.percent(m.level(), false).replace(".0%", "%");
        List<Row> rows = new ArrayList<>();
        for (Parameter p : HtmlReport.list(m.parameters())) {
            rows.add(Row.of(HtmlReport.symbol(p.name()), Fmt.sig(p.value(), 4), Fmt.sig(p.stdError(), 3), Fmt.sig(p.lower(), 4),
                    Fmt.sig(p.upper(), 4)));
        }
        out.append("<div class=\"grid-2\"><div>");
        Html.table(out, "Parameters with " + level + " intervals", List.of(Column.text("Parameter"),
                Column.num("Estimate"), Column.num("Std. error"), Column.num(level + " lower"),
                Column.num(level + " upper")), rows);
        out.append("</div><div>");
        Html.table(out, "Fit", List.of(Column.text("Measure"), Column.num("Value")), List.of(
                Row.of("Log-likelihood", Fmt.fixed(m.logLikelihood(), 2)),
                Row.of("AIC", Fmt.fixed(m.aic(), 2)),
                Row.of("BIC", Fmt.fixed(m.bic(), 2)),
                Row.of("Customers fitted", Fmt.count(m.customers())),
                Row.of("Converged", m.converged() ? "yes" : "no")));
        out.append("</div></div>\n");
    }

    static void validation(StringBuilder out, Validation v) {
        HtmlReport.open(out, "validation", "Holdout validation");
        if (v == null) {
            out.append("<p class=\"notice\">No holdout period: the model was fitted on all the data, so there is ")
                    .append("no out-of-sample check. Set a calibration end date to keep a holdout period.</p>\n")
                    .append("</section>\n");
            return;
        }
        out.append("<p class=\"meta\">Calibration ends <strong>").append(esc(Fmt.date(v.calibrationEnd())))
                .append("</strong>; the holdout runs to <strong>").append(esc(Fmt.date(v.holdoutEnd())))
                .append("</strong>.</p>\n<div class=\"kpis spaced\">");
        Html.kpi(out, "MAE", Fmt.fixed(v.mae(), 3), "mean absolute error");
        Html.kpi(out, "RMSE", Fmt.fixed(v.rmse(), 3), "root mean squared error");
        Html.kpi(out, "Bias", Fmt.fixed(v.bias(), 3), "mean(predicted \u2212 actual)");
        Html.kpi(out, "Aggregate error", Fmt.percent(v.aggregateError(), true), "total predicted vs actual");
        out.append("</div>\n<h3>Tracking: cumulative repeat transactions</h3>\n");
        if (HtmlReport.list(v.tracking()).isEmpty()) {
            out.append("<p class=\"explain\">No tracking data.</p>\n");
        } else {
            HtmlReport.chart(out, "tracking", "Cumulative repeat transactions, actual and predicted, by period",
                    "Actual (solid) and predicted (dashed) cumulative repeat transactions; the vertical line marks "
                            + "the end of the calibration period.");
        }
        out.append("<h3>Conditional expectations: holdout purchases by calibration frequency</h3>\n");
        List<Bucket> buckets = HtmlReport.list(v.buckets());
        if (buckets.isEmpty()) {
            out.append("<p class=\"explain\">No conditional expectations.</p>\n");
        } else {
            out.append("<div class=\"grid-2\"><div>");
            HtmlReport.chart(out, "conditional", "Mean holdout purchases by calibration purchases, actual and predicted",
                    "Customers grouped by repeat purchases in the calibration period; mean purchases in the holdout "
                            + "(as Fader, Hardie & Lee 2005, figure 4).");
            out.append("</div><div>");
            List<Row> rows = new ArrayList<>();
            for (Bucket b : buckets) {
                rows.add(Row.of(b.label(), Fmt.count(b.customers()), Fmt.fixed(b.actual(), 3), Fmt.fixed(b.predicted(), 3)));
            }
            Html.table(out, null, List.of(Column.text("Calibration purchases"), Column.num("Customers"),
                    Column.num("Actual"), Column.num("Predicted")), rows);
            out.append("</div></div>\n");
        }
        out.append("<p class=\"explain\">MAE and RMSE compare each customer's predicted and actual holdout purchases; ")
                .append("bias is their mean difference; aggregate error is (total predicted \u2212 total actual) / ")
                .append("total actual.</p>\n</section>\n");
    }
}
