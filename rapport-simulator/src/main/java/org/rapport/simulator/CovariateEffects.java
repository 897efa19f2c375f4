package org.rapport.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/**
 * Planted static covariate effects on the purchase process, in the parametrisation of CLVTools and of
 * {@code org.rapport.model.covariates.Link}: a customer whose region or acquisition channel has effects
 * (&gamma;<sub>trans</sub>, &gamma;<sub>life</sub>) (summed over the two when both have some) gets
 * <ul>
 * <li>purchase rate &lambda; &middot; exp(&gamma;<sub>trans</sub>): &lambda; ~ Gamma(r, &alpha;) scaled by a constant is
 *     Gamma(r, &alpha; exp(&minus;&gamma;<sub>trans</sub>)), so &alpha;<sub>i</sub> = &alpha; exp(&minus;&gamma;<sub>trans</sub>'z<sub>i</sub>);</li>
 * <li>Pareto/NBD: dropout rate &mu; &middot; exp(&gamma;<sub>life</sub>), i.e. &beta;<sub>i</sub> = &beta; exp(&minus;&gamma;<sub>life</sub>'z<sub>i</sub>);</li>
 * <li>BG/NBD and MBG/NBD: dropout probability p redrawn from Beta(a e, b e), e = exp(&gamma;<sub>life</sub>).</li>
 * </ul>
 * z<sub>i</sub> are indicators of the customer's region and acquisition channel (a level without effects is a
 * baseline). Levels are named as in the planted world (customers.csv's {@code region} and
 * {@code acquisition_channel}). Immutable.
 */
public final class CovariateEffects {
    private static final CovariateEffects NONE = new CovariateEffects(Map.of(), Map.of());

    private final Map<String, double[]> regions;
    private final Map<String, double[]> acquisitions;

    private CovariateEffects(Map<String, double[]> regions, Map<String, double[]> acquisitions) {
        this.regions = regions;
        this.acquisitions = acquisitions;
    }

    /** @return no effects: the world is drawn exactly as without covariates */
    public static CovariateEffects none() {
        return NONE;
    }

    /**
     * @param region a region's name
     * @param trans &gamma;<sub>trans</sub> of its indicator
     * @param life &gamma;<sub>life</sub> of its indicator
     * @return a copy with that effect
     */
    public CovariateEffects withRegion(String region, double trans, double life) {
        Map<String, double[]> m = new LinkedHashMap<>(regions);
        m.put(Objects.requireNonNull(region), checked(trans, life));
        return new CovariateEffects(Map.copyOf(m), acquisitions);
    }

    /**
     * @param channel an acquisition channel's name
     * @param trans &gamma;<sub>trans</sub> of its indicator
     * @param life &gamma;<sub>life</sub> of its indicator
     * @return a copy with that effect
     */
    public CovariateEffects withAcquisitionChannel(String channel, double trans, double life) {
        Map<String, double[]> m = new LinkedHashMap<>(acquisitions);
        m.put(Objects.requireNonNull(channel), checked(trans, life));
        return new CovariateEffects(regions, Map.copyOf(m));
    }

    private static double[] checked(double trans, double life) {
        if (!Double.isFinite(trans) || !Double.isFinite(life)) {
            throw new SimulatorException("covariate effects must be finite: " + trans + ", " + life);
        }
        return new double[] {trans, life};
    }

    /** @return true when no effect is planted */
    public boolean isNone() {
        return regions.isEmpty() && acquisitions.isEmpty();
    }

    /** @param region a region's name @return its (&gamma;<sub>trans</sub>, &gamma;<sub>life</sub>), zeros when none */
    public double[] region(String region) {
        return regions.getOrDefault(region, new double[2]).clone();
    }

    /** @param channel an acquisition channel's name @return its (&gamma;<sub>trans</sub>, &gamma;<sub>life</sub>) */
    public double[] acquisitionChannel(String channel) {
        return acquisitions.getOrDefault(channel, new double[2]).clone();
    }

    /** Applies the effects while a chunk is generated: one per {@link ChunkGenerator}. */
    static final class Planter {
        private final double[][] byRegion;
        private final double[][] byAcquisition;
        private final boolean pareto;
        private final double a;
        private final double b;
        private final UniformRandomProvider rng;

        Planter(WorldOptions o, UniformRandomProvider rng) {
            CovariateEffects e = o.covariateEffects();
            PlantedWorld w = o.world();
            byRegion = new double[w.regions().size()][];
            for (int i = 0; i < byRegion.length; i++) {
                byRegion[i] = e.region(w.regions().get(i).name());
            }
            byAcquisition = new double[w.acquisitionChannels().size()][];
            for (int i = 0; i < byAcquisition.length; i++) {
                byAcquisition[i] = e.acquisitionChannel(w.acquisitionChannels().get(i).name());
            }
            pareto = o.purchaseFamily() == PurchaseFamily.PNBD;
            a = o.a();
            b = o.b();
            this.rng = rng;
        }

        /** @return the purchase rate of a customer of that region and acquisition channel */
        double lambda(double lambda, int region, int acquisition) {
            double g = byRegion[region][0] + byAcquisition[acquisition][0];
            return g == 0 ? lambda : lambda * Math.exp(g);
        }

        /** @return the dropout rate (Pareto/NBD) or probability (BG/NBD, MBG/NBD) of that customer */
        double dropout(double p, int region, int acquisition) {
            double g = byRegion[region][1] + byAcquisition[acquisition][1];
            if (g == 0) {
                return p;
            }
            double f = Math.exp(g);
            return pareto ? p * f : ChengBetaSampler.of(rng, a * f, b * f).sample();
        }
    }
}
