package org.rapport.simulator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * One independent generator per (seed, stream, chunk), so the output does not depend on which thread
 * simulates which chunk, nor in which order.
 *
 * <p>The 128-bit state of a xoroshiro128++ generator is derived from the seed, the stream and the
 * chunk index by the SplitMix64 finaliser (Stafford's "variant 13" mixer, as in Vigna's splitmix64.c;
 * SplitMix is Steele, Lea &amp; Flood 2014). Two chunks' states differ in
 * (practically) every bit, and xoroshiro128++'s period of 2<sup>128</sup> - 1 makes overlap between
 * the few thousand draws of one chunk and another's negligible.
 */
final class Seeds {
    /** Stream of the customer chunks. */
    static final long CUSTOMERS = 1;
    /** Stream of the prospect chunks. */
    static final long PROSPECTS = 2;

    private Seeds() {
    }

    /**
     * @param seed the world's seed
     * @param stream the stream
     * @param chunk the chunk index
     * @return a generator for that chunk
     */
    static UniformRandomProvider generator(long seed, long stream, long chunk) {
        long s0 = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + mix(chunk)));
        long s1 = mix(s0 + 0x9E3779B97F4A7C15L);
        if (s0 == 0 && s1 == 0) {
            s1 = 1; // the all-zero state is the one state xoroshiro cannot leave
        }
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s0, s1});
    }

    /** The SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
