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
 * <p>Choice ({@link ModelSelection}): with a holdout period, the candidate under which the customers'
 * actual holdout counts are most likely wins, the smaller BIC deciding between candidates whose holdout
 * log-likelihoods are indistinguishable (closer than max(2, 1.96 standard errors)); without a holdout,
 * the smallest BIC. {@code --select} changes
 * the criterion, {@code --model} names one family and skips the choice.
 */
public final class FitStage {
    /** The purchase models the pipeline can use. */
    public enum PurchaseModelChoice {
        /** Fit BG/NBD, Pareto/NBD and MBG/NBD, keep one ({@link ModelSelection}: holdout log-likelihood, else BIC). */
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
            return List.of(BgNbd.FAMILY, ParetoNbd.FAMILY, MbgNbd.FAMILY);
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
        return run(summary, choice, ModelSelection.Criterion.LOGLIK, progress);
    }

    /**
     * @param summary the summarise stage's result
     * @param model which purchase model
     * @param criterion how {@link PurchaseModelChoice#AUTO} chooses ({@link ModelSelection})
     * @param progress progress
     * @return the fits
     * @throws ModelException if no purchase model can be fitted to the data
     */
    public static Outcome run(Summarise.Result summary, PurchaseModelChoice model, ModelSelection.Criterion criterion,
                              Progress progress) {
        CalibrationData cal = summary.calibration();
        List<ModelFamily<RfmTable, ? extends PurchaseModel>> families =
                model == PurchaseModelChoice.AUTO ? PurchaseModelChoice.autoCandidates() : List.of(model.family());
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
        ModelSelection.Choice choice = compare(cal, fits, predictions, holdout, criterion);
        int best = choice.best();
        List<ReportData.Candidate> candidates = new ArrayList<>(choice.candidates());
        if (model != PurchaseModelChoice.AUTO) {
            ReportData.Candidate c = candidates.get(0);
            candidates.set(0, new ReportData.Candidate(c.model(), c.holdoutLogLikelihood(), c.bic(), c.holdoutMae(), true,
                    "chosen with --model"));
        }
        for (String f : failures) {
            candidates.add(new ReportData.Candidate(f.substring(0, f.indexOf(':')), Double.NaN, Double.NaN, Double.NaN, false,
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

    /** The candidates' holdout log-likelihoods, their differences' standard errors and MAEs, and the choice. */
    private static ModelSelection.Choice compare(CalibrationData cal, List<FitResult<? extends PurchaseModel>> fits,
                                                 List<double[]> predictions, boolean holdout,
                                                 ModelSelection.Criterion criterion) {
        int n = fits.size();
        double[] logLik = new double[n];
        double[] mae = new double[n];
        double[][] logProb = new double[n][];
        double[][] se = new double[n][n];
        for (int i = 0; i < n; i++) {
            logProb[i] = holdout ? ModelSelection.holdoutLogProbabilities(cal, fits.get(i).model()) : null;
            logLik[i] = holdout ? ModelSelection.weightedSum(cal, logProb[i]) : Double.NaN;
            mae[i] = holdout ? ModelSelection.meanAbsoluteError(cal, predictions.get(i)) : Double.NaN;
            for (int j = 0; j < i && holdout; j++) {
                se[i][j] = se[j][i] = ModelSelection.differenceStandardError(cal, logProb[i], logProb[j]);
            }
        }
        return ModelSelection.choose(fits, logLik, se, mae, holdout, criterion);
    }

    @SuppressWarnings("unchecked")
    private static FitResult<? extends PurchaseModel> refit(FitResult<? extends PurchaseModel> fit, RfmTable all) {
        ModelFamily<RfmTable, ? extends PurchaseModel> f = (ModelFamily<RfmTable, ? extends PurchaseModel>) fit.family();
        return MaximumLikelihood.withDefaults().fit(f, all);
    }

}
