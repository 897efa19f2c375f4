package org.rapport.simulator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/** Simulates one chunk of prospects from the chunk's own generator ({@link Seeds}). */
final class ProspectGenerator {
    private ProspectGenerator() {
    }

    /**
     * Simulates prospects {@code chunk * CHUNK_SIZE + 1} .. the chunk's last.
     *
     * @param chunk the chunk index
     * @param sink receives the rows
     */
    static void prospects(WorldPlan plan, UniformRandomProvider rng, ContinuousSampler gauss, long chunk, RowSink sink) {
        PlantedWorld w = plan.world;
        long first = chunk * WorldPlan.CHUNK_SIZE + 1;
        long last = Math.min(first + WorldPlan.CHUNK_SIZE - 1, plan.prospects());
        int channels = w.acquisitionChannels().size();
        ContinuousSampler[] beta = new ContinuousSampler[channels];
        double k = WorldPlan.PROSPECT_CONCENTRATION;
        for (int c = 0; c < channels; c++) {
            double m = w.acquisitionChannels().get(c).acquisitionProbability();
            beta[c] = ChengBetaSampler.of(rng, k * m, k * (1 - m));
        }
        double sigma = WorldPlan.PROSPECT_COST_SIGMA;
        for (long id = first; id <= last; id++) {
            int seg = Categorical.draw(rng, plan.segmentCum);
            int channel = Categorical.draw(rng, plan.acquisitionCum[seg]);
            int region = Categorical.draw(rng, plan.regionCum);
            double prob = beta[channel].sample();
            double cost = w.acquisitionChannels().get(channel).acquisitionCost()
                    * Math.exp(sigma * gauss.sample() - sigma * sigma / 2);
            sink.prospect(id, channel, region, seg, Math.round(prob * 10_000), Math.round(cost * 100));
        }
    }
}
