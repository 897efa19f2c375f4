package org.rapport.model.interval;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.numeric.Matrices;
import org.rapport.model.numeric.Quantiles;
import org.rapport.model.spend.GammaGamma;
import org.rapport.model.value.BatchScorer;
import org.rapport.model.value.Clv;

/**
 * CLV intervals by a parametric bootstrap ({@link IntervalMethod#PARAMETRIC_BOOTSTRAP}): B log-parameter
 * vectors drawn from each fit's normal approximation N(&theta;&#770;, &Sigma;) with a seeded generator
 * (XO_RO_SHI_RO_128_PP, Ziggurat normals, correlated by the Cholesky factor of &Sigma;), CLV recomputed for
 * each draw, and the type-7 (1 &minus; level)/2 and (1 + level)/2 quantiles reported. A draw with
 * p x + q &le; 1 has an infinite expected spend and counts as +&infin;. Reference: Efron &amp; Tibshirani,
 * <i>An Introduction to the Bootstrap</i> (1993), section 6.5. The work per distinct (x, T) and (x, t_x, T)
 * is shared as in {@link Clv}.
 */
public final class ParametricBootstrap {
    private static final String NO_COVARIANCE = "no interval for CLV: the covariance of the %s fit is not"
            + " available (its information matrix is not positive definite)";

    private ParametricBootstrap() {
    }

    /**
     * @param clv the CLV settings (horizon, discounting, margin, level, draws, seed, threads)
     * @param purchases the purchase model's fit
     * @param spend the spend model's fit
     * @param covP the purchase fit's log covariance, checked finite
     * @param covG the spend fit's log covariance, checked finite
     * @param rows the batch's distinct histories
     * @param x repeat purchases per customer
     * @param mbar mean repeat spend per customer
     * @return values and bounds per customer, in input order
     * @throws ModelException if a covariance is not positive definite or a draw's DET is not finite
     */
    public static Clv.Scores scores(Clv clv, FitResult<? extends PurchaseModel> purchases,
                                    FitResult<GammaGamma> spend, double[][] covP, double[][] covG,
                                    BatchScorer.Rows rows, double[] x, double[] mbar) {
        int draws = clv.bootstrapDraws();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(clv.seed());
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] thetaP = LogScale.logs(purchases.parameters());
        double[] thetaG = LogScale.logs(spend.parameters());
        double[][] lP = cholesky(covP, purchases.modelName());
        double[][] lG = cholesky(covG, spend.modelName());
        PurchaseModel[] models = new PurchaseModel[draws];
        double[][] gg = new double[draws][];
        for (int b = 0; b < draws; b++) {
            models[b] = purchases.family().create(LogScale.exps(draw(thetaP, lP, normal)));
            gg[b] = LogScale.exps(draw(thetaG, lG, normal));
        }
        PurchaseModel model = purchases.model();
        GammaGamma fitted = spend.model();
        double[] alive = rows.alive(model);
        int n = x.length;
        double[] spent = new double[n];
        clv.batch().parallel(n, BatchScorer.CUSTOMER_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                spent[i] = fitted.conditionalExpectedAverageSpend(x[i], mbar[i]);
            }
        });
        Clv.Scores out = new Clv.Scores(new double[n], new double[n], new double[n], clv.level());
        new PerPair(clv, model, models, gg, rows, alive, x, mbar, spent, out).run();
        return out;
    }

    /** The bootstrap's loop over the distinct (x, T), their rows and their customers. */
    private record PerPair(Clv clv, PurchaseModel model, PurchaseModel[] models, double[][] gg,
                           BatchScorer.Rows rows, double[] alive, double[] x, double[] mbar, double[] spent,
                           Clv.Scores out) {
        void run() {
            BatchScorer.Groups byRow = rows.byRow();
            BatchScorer.Groups byPair = rows.byPair();
            int draws = models.length;
            clv.batch().parallel(rows.pairs(), 1, (from, to) -> {
                double[] detAlive = new double[draws];
                double[] det = new double[draws];
                double[] sample = new double[draws];
                for (int p = from; p < to; p++) {
                    double px = rows.pairX[p];
                    double pT = rows.pairT[p];
                    double detAlive0 = clv.discountedPurchasesIfAlive(model, px, pT);
                    for (int b = 0; b < draws; b++) {
                        detAlive[b] = clv.discountedPurchasesIfAlive(models[b], px, pT);
                    }
                    for (int cr = byPair.start[p]; cr < byPair.start[p + 1]; cr++) {
                        int r = byPair.order[cr];
                        double rtx = rows.tx[r];
                        double det0 = Clv.checkedDet(model, alive[r] * detAlive0, px, rtx, pT);
                        for (int b = 0; b < draws; b++) {
                            det[b] = Clv.checkedDet(models[b], models[b].probabilityAlive(px, rtx, pT) * detAlive[b],
                                    px, rtx, pT);
                        }
                        for (int c = byRow.start[r]; c < byRow.start[r + 1]; c++) {
                            customer(byRow.order[c], det0, det, sample);
                        }
                    }
                }
            });
        }

        private void customer(int i, double det0, double[] det, double[] sample) {
            double margin = clv.margin();
            double level = clv.level();
            out.value()[i] = margin * spent[i] * det0;
            double mi = x[i] > 0 ? mbar[i] : 0;
            for (int b = 0; b < sample.length; b++) {
                double[] pqg = gg[b];
                double den = pqg[0] * x[i] + pqg[1] - 1;
                double m = den > 0 ? pqg[0] * (pqg[2] + x[i] * mi) / den : Double.POSITIVE_INFINITY;
                sample[b] = margin * m * det[b];
            }
            Arrays.sort(sample);
            out.lower()[i] = Quantiles.type7(sample, (1 - level) / 2);
            out.upper()[i] = Quantiles.type7(sample, (1 + level) / 2);
        }
    }

    private static double[] draw(double[] mean, double[][] l, ZigguratSampler.NormalizedGaussian normal) {
        int k = mean.length;
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            z[i] = normal.sample();
        }
        return Matrices.shift(mean, l, z);
    }

    private static double[][] cholesky(double[][] c, String model) {
        double[][] l = Matrices.cholesky(c);
        if (l == null) {
            throw new ModelException(NO_COVARIANCE, model);
        }
        return l;
    }
}
