package org.rapport.model.interval;

import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.numeric.Matrices;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.BatchScorer;
import org.rapport.model.value.Clv;

/**
 * CLV intervals by the delta method ({@link IntervalMethod#DELTA}): on log CLV = log m + log E[M] + log DET
 * the variance is g<sub>P</sub>' &Sigma;<sub>P</sub> g<sub>P</sub> + g<sub>G</sub>' &Sigma;<sub>G</sub> g<sub>G</sub>,
 * &Sigma; the fits' log-scale covariances (taken as independent: the two likelihoods share no parameter),
 * g<sub>P</sub> the gradient of log DET in the purchase model's log-parameters by central differences
 * (step {@link Clv#LOG_STEP}), g<sub>G</sub> the analytic gradient of log E[M | x, m&#772;] in log(p, q, &gamma;).
 * The interval is CLV &middot; exp(&plusmn; z se); a customer whose CLV is exactly 0 (P(alive) underflowed)
 * gets [0, 0]. Reference: Casella &amp; Berger, <i>Statistical Inference</i>, 2nd ed., section 5.5.4.
 * The CLV formula and the batching are {@link Clv}'s and {@link BatchScorer}'s.
 */
public final class DeltaMethod {
    private static final String NO_DELTA = "no delta-method interval for customer %d (x = %s, t_x = %s, T = %s,"
            + " mbar = %s): the variance of log CLV is %s";

    private DeltaMethod() {
    }

    /**
     * @param clv the CLV settings (horizon, discounting, margin, level, threads)
     * @param purchases the purchase model's fit
     * @param gg the spend model
     * @param covP the purchase fit's log covariance, checked finite
     * @param covG the spend fit's log covariance, checked finite
     * @param rows the batch's distinct histories
     * @param x repeat purchases per customer
     * @param mbar mean repeat spend per customer
     * @return values and bounds per customer, in input order
     * @throws ModelException if a customer's variance is not finite
     */
    public static Clv.Scores scores(Clv clv, FitResult<? extends PurchaseModel> purchases, GammaGamma gg,
                                    double[][] covP, double[][] covG, BatchScorer.Rows rows, double[] x,
                                    double[] mbar) {
        int nr = rows.size();
        double[] det = new double[nr];
        double[] varP = new double[nr];
        purchaseVariance(clv, purchases, covP, rows, det, varP);
        double z = FitResult.z(clv.level());
        double margin = clv.margin();
        int n = x.length;
        double[] value = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        double p = gg.p();
        double q = gg.q();
        double gamma = gg.gamma();
        clv.batch().parallel(n, BatchScorer.CUSTOMER_GRAIN, (from, to) -> {
            double[] gG = new double[3];
            for (int i = from; i < to; i++) {
                double m = gg.conditionalExpectedAverageSpend(x[i], mbar[i]);
                double xi = x[i];
                double mi = xi > 0 ? mbar[i] : 0;
                double den = p * xi + q - 1;
                // d log E[M|x, mbar] / d log(p, q, gamma), from log p + log(gamma + x mbar) - log(p x + q - 1).
                gG[0] = (q - 1) / den;
                gG[1] = -q / den;
                gG[2] = gamma / (gamma + xi * mi);
                int r = rows.row[i];
                double v = margin * m * det[r];
                value[i] = v;
                if (v == 0) {
                    continue;
                }
                double var = varP[r] + Matrices.quadraticForm(covG, gG);
                if (!(var >= 0 && var < Double.POSITIVE_INFINITY)) {
                    throw new ModelException(NO_DELTA, i, x[i], rows.tx[r], rows.bigT[r], mbar[i], var);
                }
                double se = Math.sqrt(var);
                lower[i] = v * Math.exp(-z * se);
                upper[i] = v * Math.exp(z * se);
            }
        });
        return new Clv.Scores(value, lower, upper, clv.level());
    }

    /**
     * Fills DET and the purchase part of the variance of log CLV per distinct (x, t_x, T). log DET =
     * log P(alive) + log DET_alive, so its gradient is the sum of the two gradients: the first per
     * distinct (x, t_x, T), the second per distinct (x, T).
     */
    private static void purchaseVariance(Clv clv, FitResult<? extends PurchaseModel> purchases, double[][] covP,
                                         BatchScorer.Rows rows, double[] det, double[] varP) {
        PurchaseModel model = purchases.model();
        double[] theta = LogScale.logs(purchases.parameters());
        int k = theta.length;
        PurchaseModel[] up = new PurchaseModel[k];
        PurchaseModel[] down = new PurchaseModel[k];
        for (int j = 0; j < k; j++) {
            up[j] = LogScale.create(purchases, theta, j, Clv.LOG_STEP);
            down[j] = LogScale.create(purchases, theta, j, -Clv.LOG_STEP);
        }
        double[] alive = rows.alive(model);
        BatchScorer.Groups byPair = rows.byPair();
        clv.batch().parallel(rows.pairs(), 1, (from, to) -> {
            double[] gAlive = new double[k];
            double[] g = new double[k];
            for (int p = from; p < to; p++) {
                double px = rows.pairX[p];
                double pT = rows.pairT[p];
                double detAlive = clv.discountedPurchasesIfAlive(model, px, pT);
                boolean gradient = false;
                for (int c = byPair.start[p]; c < byPair.start[p + 1]; c++) {
                    int r = byPair.order[c];
                    double rtx = rows.tx[r];
                    det[r] = Clv.checkedDet(model, alive[r] * detAlive, px, rtx, pT);
                    if (det[r] == 0) {
                        // P(alive) underflowed: the CLV is 0 at every nearby parameter, so the interval is [0, 0].
                        continue;
                    }
                    if (!gradient) {
                        for (int j = 0; j < k; j++) {
                            gAlive[j] = (Math.log(clv.discountedPurchasesIfAlive(up[j], px, pT))
                                    - Math.log(clv.discountedPurchasesIfAlive(down[j], px, pT))) / (2 * Clv.LOG_STEP);
                        }
                        gradient = true;
                    }
                    for (int j = 0; j < k; j++) {
                        g[j] = gAlive[j] + (Math.log(up[j].probabilityAlive(px, rtx, pT))
                                - Math.log(down[j].probabilityAlive(px, rtx, pT))) / (2 * Clv.LOG_STEP);
                    }
                    varP[r] = Matrices.quadraticForm(covP, g);
                }
            }
        });
    }
}
