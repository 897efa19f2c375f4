package org.rapport.pipeline.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.spend.GammaGamma;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.report.ReportData;
import org.rapport.pipeline.validate.HoldoutValidator;

/**
 * Fit stage: fits the candidate purchase models on the calibration data and chooses one, then refits
 * the chosen family on all the data for scoring, and fits Gamma-Gamma for spend.
 *
 * <p>Choice: with a holdout period, the candidate with the smallest mean absolute error of the
 * per-customer holdout prediction wins (it predicts what we use it for); without one, the smallest
 * BIC. {@code --model} names one family and skips the choice.
 */
public final class FitStage {
    /** The purchase models the pipeline can use. */
    public enum PurchaseModelChoice {
        /** Fit BG/NBD and Pareto/NBD, keep the better (holdout MAE, else BIC). */
        AUTO(null),
        /** BG/NBD. */
        BGNBD(BgNbd.FAMILY),
        /** Pareto/NBD. */
        PNBD(ParetoNbd.FAMILY),
        /** MBG/NBD. */
        MBGNBD(MbgNbd.FAMILY);

        private final ModelFamily<RfmTable, ? extends PurchaseModel> family;

        PurchaseModelChoice(ModelFamily<RfmTable, ? extends PurchaseModel> family) {
            this.family = family;
        }

        /** @return the family, null for AUTO */
        public ModelFamily<RfmTable, ? extends PurchaseModel> family() {
            return family;
        }

        /** @return the families AUTO chooses between */
        static List<ModelFamily<RfmTable, ? extends PurchaseModel>> autoCandidates() {
            return List.of(BgNbd.FAMILY, ParetoNbd.FAMILY);
        }
    }

    /**
     * @param calibrationFit the chosen model fitted on the calibration data
     * @param finalFit the chosen family refitted on all the data, used for scores
     * @param spendFit Gamma-Gamma on all the data, or null if it cannot be fitted (then no CLV)
     * @param spendProblem why the spend model could not be fitted, or null
     * @param candidates every candidate with its criterion
     * @param validation holdout validation of the calibration fit, or null without holdout
     */
    public record Outcome(FitResult<? extends PurchaseModel> calibrationFit, FitResult<? extends PurchaseModel> finalFit,
                          FitResult<GammaGamma> spendFit, String spendProblem, List<ReportData.Candidate> candidates,
                          ReportData.Validation validation) {
    }

    private FitStage() {
    }

    /**
     * @param summary the summarise stage's result
     * @param choice which purchase model
     * @param progress progress
     * @return the fits
     * @throws ModelException if no purchase model can be fitted to the data
     */
    public static Outcome run(Summarise.Result summary, PurchaseModelChoice choice, Progress progress) {
        CalibrationData cal = summary.calibration();
        List<ModelFamily<RfmTable, ? extends PurchaseModel>> families =
                choice == PurchaseModelChoice.AUTO ? PurchaseModelChoice.autoCandidates() : List.of(choice.family());
        progress.start("fit", families.size() + 2);
        boolean holdout = cal.window().holdoutEnd() > cal.window().calibrationEnd();
        RfmTable calTable = cal.rfm();
        List<FitResult<? extends PurchaseModel>> fits = new ArrayList<>();
        List<double[]> predictions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        MaximumLikelihood ml = MaximumLikelihood.withDefaults();
        int done = 0;
        for (ModelFamily<RfmTable, ? extends PurchaseModel> f : families) {
            try {
                FitResult<? extends PurchaseModel> fit = ml.fit(f, calTable);
                fits.add(fit);
                predictions.add(holdout ? HoldoutValidator.predictHoldout(cal, fit.model()) : null);
            } catch (ModelException e) {
                failures.add(f.name() + ": " + e.getMessage());
            }
            progress.advance(++done);
        }
        if (fits.isEmpty()) {
            throw new ModelException(ModelException.DEGENERATE, "any purchase model", String.join("; ", failures));
        }
        int best = 0;
        double[] mae = new double[fits.size()];
        for (int i = 0; i < fits.size(); i++) {
            mae[i] = holdout ? meanAbsoluteError(cal, predictions.get(i)) : Double.NaN;
            boolean better = holdout ? mae[i] < mae[best] : fits.get(i).bic() < fits.get(best).bic();
            if (better) {
                best = i;
            }
        }
        List<ReportData.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < fits.size(); i++) {
            String reason;
            if (fits.size() == 1) {
                reason = choice == PurchaseModelChoice.AUTO ? "the only candidate that could be fitted" : "chosen with --model";
            } else if (holdout) {
                reason = String.format(Locale.ROOT, "holdout MAE %.4f %s", mae[i], i == best ? "(smallest)" : "");
            } else {
                reason = String.format(Locale.ROOT, "BIC %.1f %s", fits.get(i).bic(), i == best ? "(smallest; no holdout)" : "");
            }
            candidates.add(new ReportData.Candidate(fits.get(i).modelName(), fits.get(i).bic(), mae[i], i == best, reason.trim()));
        }
        for (String f : failures) {
            candidates.add(new ReportData.Candidate(f.substring(0, f.indexOf(':')), Double.NaN, Double.NaN, false,
                    "could not be fitted: " + f.substring(f.indexOf(':') + 2)));
        }
        FitResult<? extends PurchaseModel> chosen = fits.get(best);
        ReportData.Validation validation = holdout
                ? HoldoutValidator.validate(cal, chosen.model(), predictions.get(best)) : null;
        FitResult<? extends PurchaseModel> finalFit = holdout ? refit(chosen, summary.current()) : chosen;
        progress.advance(++done);
        FitResult<GammaGamma> spendFit = null;
        String spendProblem = null;
        try {
            spendFit = ml.fit(GammaGamma.FAMILY, summary.spend());
        } catch (ModelException e) {
            spendProblem = e.getMessage();
        }
        progress.advance(++done);
        progress.finish(String.format(Locale.ROOT, "%s chosen (%s)%s", chosen.modelName(),
                candidates.get(best).reason(), spendFit == null ? "; no spend model: " + spendProblem : "; Gamma-Gamma fitted"));
        return new Outcome(chosen, finalFit, spendFit, spendProblem, candidates, validation);
    }

    @SuppressWarnings("unchecked")
    private static FitResult<? extends PurchaseModel> refit(FitResult<? extends PurchaseModel> fit, RfmTable all) {
        ModelFamily<RfmTable, ? extends PurchaseModel> f = (ModelFamily<RfmTable, ? extends PurchaseModel>) fit.family();
        return MaximumLikelihood.withDefaults().fit(f, all);
    }

    private static double meanAbsoluteError(CalibrationData cal, double[] predicted) {
        double s = 0;
        for (int i = 0; i < cal.size(); i++) {
            s += cal.weight(i) * Math.abs(predicted[i] - cal.holdout(i));
        }
        return s / cal.customers();
    }
}
