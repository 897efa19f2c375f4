package org.rapport.simulator;

import org.apache.commons.rng.UniformRandomProvider;

/** Draws an index from cumulative weights: one {@code nextDouble} per draw. */
final class Categorical {
    private Categorical() {
    }

    /**
     * @param rng the chunk's generator
     * @param cum cumulative weights (need not end at 1)
     * @return an index drawn with those weights
     */
    static int draw(UniformRandomProvider rng, double[] cum) {
        double x = rng.nextDouble() * cum[cum.length - 1];
        for (int i = 0; i < cum.length - 1; i++) {
            if (x < cum[i]) {
                return i;
            }
        }
        return cum.length - 1;
    }
}
