package org.rapport.pipeline.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.pipeline.report.ReportData;

/**
 * Chooses one purchase model among fitted candidates and says why.
 *
 * <p><b>Criterion ({@code --select}).</b>
 * <ul>
 * <li>{@link Criterion#LOGLIK} (the default): the holdout log-likelihood &Sigma;<sub>i</sub> ln P(Y<sub>i</sub> = y<sub>i</sub> |
 *     x<sub>i</sub>, t<sub>x,i</sub>, T<sub>i</sub>) of each customer's actual holdout count under the model fitted on the
 *     calibration period ({@link PurchaseModel#logConditionalProbabilityOfPurchases}). It is a proper
 *     scoring rule: in expectation it is highest for the model that generated the data. The best model
 *     wins unless another is <i>indistinguishable</i> from it; among the indistinguishable the smallest
 *     calibration BIC wins. Without a holdout period, BIC alone decides.</li>
 * </ul>
 * <b>Indistinguishable</b>: the difference D = &Sigma;<sub>i</sub> d<sub>i</sub> of the two models' holdout
 * log-likelihoods, d<sub>i</sub> the difference for customer i, is below max(2, 1.96 SE(D)), with
 * SE(D) = &radic;(&Sigma;<sub>i</sub> (d<sub>i</sub> &minus; d&#772;)<sup>2</sup>) over customers. The second term is Vuong's (1989)
 * test for non-nested models ("Likelihood ratio tests for model selection and non-nested hypotheses",
 * Econometrica 57(2)) at 5%, applied to the holdout: D is a sum over customers, so its noise grows like
 * &radic;n and a fixed threshold would call chance differences real on large bases. The floor of 2 is the
 * likelihood-ratio threshold (the 5% cut-off of &chi;<sup>2</sup><sub>1</sub> is 3.84 on the deviance scale, 1.92 on
 * the log-likelihood scale), for small bases. On CDNOW-like Pareto/NBD worlds of a few thousand
 * customers MBG/NBD fits the holdout about as well (its dropout toss at the first purchase mimics early
 * exponential dropout); there the test says so and BIC decides.
 * <ul>
 * <li>{@link Criterion#BIC}: the smallest BIC on the calibration data.</li>
 * <li>{@link Criterion#MAE}: the smallest mean absolute error of the per-customer holdout prediction (the
 *     choice before issue 17). The MAE is minimised by the median of each customer's count, which is 0 for
 *     most customers, so it favours the model that predicts fewer purchases; kept for comparison.</li>
 * </ul>
 */
public final class ModelSelection {
    /** Holdout log-likelihoods closer than this to the best are always indistinguishable (BIC decides among them). */
    public static final double INDISTINGUISHABLE = 2.0;
    /** The two-sided 5% normal quantile of Vuong's test. */
    public static final double VUONG_Z = 1.96;

    /** How the candidates are compared. */
    public enum Criterion {
        /** Holdout log-likelihood, BIC among the indistinguishable, BIC without holdout. */
        LOGLIK,
        /** Calibration BIC. */
        BIC,
        /** Holdout mean absolute error (BIC without holdout). */
        MAE
    }

    /**
     * The outcome.
     *
     * @param best index of the chosen fit
     * @param candidates one row per fit, in the order given, with its criteria and reason
     */
    public record Choice(int best, List<ReportData.Candidate> candidates) {
    }

    private ModelSelection() {
    }

    /**
     * @param data calibration data with holdout counts
     * @param model a model fitted on the calibration period
     * @return per row, ln P(Y = holdout<sub>i</sub> | x<sub>i</sub>, t<sub>x,i</sub>, T<sub>i</sub>), computed once per distinct
     *     (x, t<sub>x</sub>, T, holdout)
     */
    public static double[] holdoutLogProbabilities(CalibrationData data, PurchaseModel model) {
        double t = data.window().holdoutLength();
        Map<List<Double>, Double> memo = new HashMap<>();
        double[] out = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            int k = (int) data.holdout(i);
            double x = data.x(i);
            double tx = data.tx(i);
            double bigT = data.bigT(i);
            out[i] = memo.computeIfAbsent(List.of(x, tx, bigT, (double) k),
                    key -> model.logConditionalProbabilityOfPurchases(k, t, x, tx, bigT));
        }
        return out;
    }

    /**
     * @param data the rows' weights
     * @param logProb per-row values
     * @return &Sigma; w<sub>i</sub> logProb<sub>i</sub>, Kahan-compensated (a million terms of ~&minus;1 would otherwise
     *     lose ~1e-10 relative)
     */
    public static double weightedSum(CalibrationData data, double[] logProb) {
        double sum = 0;
        double compensation = 0;
        for (int i = 0; i < logProb.length; i++) {
            double y = data.weight(i) * logProb[i] - compensation;
            double s = sum + y;
            compensation = (s - sum) - y;
            sum = s;
        }
        return sum;
    }

    /**
     * @param data the rows' weights (customers per row)
     * @param a one model's per-row log-probabilities
     * @param b another's
     * @return SE(D) of the class comment: &radic;(&Sigma; w<sub>i</sub> (d<sub>i</sub> &minus; d&#772;)<sup>2</sup>), d = a &minus; b
     */
    public static double differenceStandardError(CalibrationData data, double[] a, double[] b) {
        double mean = (weightedSum(data, a) - weightedSum(data, b)) / data.customers();
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i] - mean;
            ss += data.weight(i) * d * d;
        }
        return Math.sqrt(ss);
    }

    /**
     * @param data calibration data with holdout counts
     * @param predicted per-customer E[Y | history]
     * @return the customer-weighted mean absolute error
     */
    public static double meanAbsoluteError(CalibrationData data, double[] predicted) {
        double s = 0;
        for (int i = 0; i < data.size(); i++) {
            s += data.weight(i) * Math.abs(predicted[i] - data.holdout(i));
        }
        return s / data.customers();
    }

    /**
     * @param fits the fitted candidates (at least one)
     * @param logLik their holdout log-likelihoods (NaN without holdout)
     * @param se se[i][j] = SE of logLik[i] &minus; logLik[j] ({@link #differenceStandardError}); null without holdout
     * @param mae their holdout MAEs (NaN without holdout)
     * @param holdout whether there is a holdout period
     * @param criterion the criterion
     * @return the choice and the table of criteria
     */
    public static Choice choose(List<FitResult<? extends PurchaseModel>> fits, double[] logLik, double[][] se,
                                double[] mae, boolean holdout, Criterion criterion) {
        int n = fits.size();
        double[] bic = new double[n];
        for (int i = 0; i < n; i++) {
            bic[i] = fits.get(i).bic();
        }
        int bestBic = argMin(bic, null);
        Criterion used = holdout ? criterion : Criterion.BIC;
        String[] reasons = new String[n];
        int best;
        switch (used) {
            case MAE -> {
                best = argMin(mae, null);
                for (int i = 0; i < n; i++) {
                    reasons[i] = i == best ? String.format(Locale.ROOT, "smallest holdout MAE (%.4f; --select mae)", mae[i])
                            : String.format(Locale.ROOT, "holdout MAE %.4f, %.4f above the smallest", mae[i], mae[i] - mae[best]);
                }
            }
            case LOGLIK -> best = byLogLik(fits, logLik, se, bic, reasons);
            default -> {
                best = bestBic;
                String why = holdout ? "--select bic" : "no holdout period";
                for (int i = 0; i < n; i++) {
                    reasons[i] = i == best ? String.format(Locale.ROOT, "smallest calibration BIC (%.1f; %s)", bic[i], why)
                            : String.format(Locale.ROOT, "BIC %.1f above the smallest", bic[i] - bic[best]);
                }
            }
        }
        if (n == 1) {
            reasons[0] = "the only candidate";
        }
        List<ReportData.Candidate> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ReportData.Candidate(fits.get(i).modelName(), logLik[i], bic[i], mae[i], i == best, reasons[i]));
        }
        return new Choice(best, rows);
    }

    /**
     * @param gap holdout log-likelihood of the better model minus the other's, &ge; 0
     * @param se the standard error of that difference
     * @return whether the two are indistinguishable: gap &lt; max(2, 1.96 se)
     */
    public static boolean indistinguishable(double gap, double se) {
        return gap < Math.max(INDISTINGUISHABLE, VUONG_Z * se);
    }

    /** The holdout log-likelihood rule; fills the reasons, returns the winner. */
    private static int byLogLik(List<FitResult<? extends PurchaseModel>> fits, double[] logLik, double[][] se, double[] bic,
                                String[] reasons) {
        int n = fits.size();
        int top = argMin(negate(logLik), null);
        boolean[] close = new boolean[n];
        int closeCount = 0;
        for (int i = 0; i < n; i++) {
            close[i] = i == top || indistinguishable(logLik[top] - logLik[i], se[top][i]);
            closeCount += close[i] ? 1 : 0;
        }
        int best = argMin(bic, close);
        for (int i = 0; i < n; i++) {
            double gap = logLik[top] - logLik[i];
            String bar = i == top ? "" : String.format(Locale.ROOT, "max(2, 1.96 SE) = %.1f",
                    Math.max(INDISTINGUISHABLE, VUONG_Z * se[top][i]));
            if (i == best && closeCount == 1) {
                reasons[i] = n == 1 ? "highest holdout log-likelihood" : String.format(Locale.ROOT,
                        "highest holdout log-likelihood (%.1f), beyond what chance explains against every other candidate",
                        logLik[i]);
            } else if (i == best) {
                reasons[i] = String.format(Locale.ROOT, "holdout log-likelihoods of %s are indistinguishable (differences "
                        + "below max(2, 1.96 standard errors)), so the smallest calibration BIC (%.1f) decides",
                        names(fits, close), bic[i]);
            } else if (close[i] && i == top) {
                reasons[i] = String.format(Locale.ROOT, "highest holdout log-likelihood (%.1f) but indistinguishable from "
                        + "%s, whose BIC is %.1f lower", logLik[i], fits.get(best).modelName(), bic[i] - bic[best]);
            } else if (close[i]) {
                reasons[i] = String.format(Locale.ROOT, "holdout log-likelihood %.1f below %s, within %s: "
                        + "indistinguishable, but BIC %.1f above %s", gap, fits.get(top).modelName(), bar,
                        bic[i] - bic[best], fits.get(best).modelName());
            } else {
                reasons[i] = String.format(Locale.ROOT, "holdout log-likelihood %.1f below %s, beyond %s", gap,
                        fits.get(top).modelName(), bar);
            }
        }
        return best;
    }

    private static String names(List<FitResult<? extends PurchaseModel>> fits, boolean[] close) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < fits.size(); i++) {
            if (close[i]) {
                out.add(fits.get(i).modelName());
            }
        }
        return String.join(", ", out);
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /** @return the index of the smallest value among those allowed (all if null); NaN never wins */
    private static int argMin(double[] v, boolean[] allowed) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if ((allowed == null || allowed[i]) && (best < 0 || v[i] < v[best] || Double.isNaN(v[best]))) {
                best = i;
            }
        }
        return best;
    }
}
