package org.rapport.model.btyd;

import java.util.List;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;

/** Checks and starting values shared by the buy-till-you-die families. */
final class BtydChecks {
    private BtydChecks() {
    }

    /**
     * Rejects data that cannot identify a buy-till-you-die model, with a message that says why.
     *
     * @param model the family name for the message
     * @param data the data
     */
    static void checkFittable(String model, RfmTable data) {
        if (data.customers() < 2) {
            throw new ModelException(ModelException.DEGENERATE, model,
                    "need at least 2 customers, got " + fmt(data.customers()));
        }
        if (data.repeatBuyers() == 0) {
            throw new ModelException(ModelException.DEGENERATE, model,
                    "no customer made a repeat purchase, so the purchase and dropout processes cannot be told apart");
        }
        if (data.size() == 1) {
            throw new ModelException(ModelException.DEGENERATE, model,
                    "all customers have the same (x, t_x, T), so heterogeneity cannot be estimated");
        }
        if (data.meanT() <= 0) {
            throw new ModelException(ModelException.DEGENERATE, model, "every customer has T = 0");
        }
    }

    /**
     * Starting values for (r, alpha, a|s, b|beta): the first matches the mean purchase rate
     * (r / alpha = mean x / mean T with r = 1); the others are the generic starts that peers use.
     */
    static List<double[]> startingValues(RfmTable data) {
        double rate = Math.max(data.meanX() / data.meanT(), 1e-6);
        return List.of(
                new double[] {1, 1 / rate, 1, 1},
                new double[] {0.5, 0.5 / rate, 0.5, 2},
                new double[] {1, 1, 1, 1},
                new double[] {0.1, 0.1 / rate, 2, 2});
    }

    /**
     * Starting values for the Pareto/NBD (r, alpha, s, beta): first the purchase-rate match with the
     * dropout process on the same time scale (s = r = 1, beta = alpha = mean T / mean x), which makes the
     * argument |alpha - beta| / (max + u) of the likelihood's 2F1 zero, so the early iterations are cheap;
     * then the generic starts of {@link #startingValues}.
     */
    static List<double[]> paretoStartingValues(RfmTable data) {
        double rate = Math.max(data.meanX() / data.meanT(), 1e-6);
        List<double[]> starts = new java.util.ArrayList<>();
        starts.add(new double[] {1, 1 / rate, 1, 1 / rate});
        starts.addAll(startingValues(data));
        return List.copyOf(starts);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
