package org.rapport.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.spend.GammaGamma;

/**
 * A fit as plain numbers, to broadcast from the driver to the executors, which rebuild the identical
 * {@link FitResult} (model and covariance) with {@link FitResult#restore}.
 *
 * @param family the family's name ({@code bgnbd}, {@code pnbd}, {@code mbgnbd}, {@code gg})
 * @param params the parameters
 * @param logCovariance the covariance of the log-parameters
 * @param logLikelihood the log-likelihood
 * @param observations customers
 * @param distinctRows distinct rows
 * @param iterations optimiser iterations
 * @param converged whether it converged
 * @param fitMillis fit time
 */
public record FitSnapshot(String family, double[] params, double[][] logCovariance, double logLikelihood,
                          double observations, int distinctRows, int iterations, boolean converged, long fitMillis)
        implements Serializable {
    private static final List<ModelFamily<?, ?>> FAMILIES = List.of(BgNbd.FAMILY, ParetoNbd.FAMILY, MbgNbd.FAMILY,
            GammaGamma.FAMILY);

    /** @param fit a fit @return its snapshot */
    public static FitSnapshot of(FitResult<?> fit) {
        return new FitSnapshot(fit.modelName(), fit.parameters(), fit.logCovariance(), fit.logLikelihood(),
                fit.observations(), fit.distinctRows(), fit.iterations(), fit.converged(), fit.fitMillis());
    }

    /** @param <M> the model type @return the fit rebuilt */
    @SuppressWarnings("unchecked")
    public <M> FitResult<M> restore() {
        for (ModelFamily<?, ?> f : FAMILIES) {
            if (f.name().equals(family)) {
                return FitResult.restore((ModelFamily<?, M>) f, params, logCovariance, logLikelihood, observations,
                        distinctRows, iterations, converged, fitMillis);
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "no model family named %s", family));
    }
}
