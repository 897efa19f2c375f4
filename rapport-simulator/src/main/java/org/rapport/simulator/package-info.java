/**
 * The world simulator: test data with known truth for the pipeline, the analytics and the offers.
 *
 * <p>{@link org.rapport.simulator.WorldSimulator} turns {@link org.rapport.simulator.WorldOptions}
 * (customers, seed, calendar, BG/NBD and Gamma-Gamma parameters) and a
 * {@link org.rapport.simulator.PlantedWorld} (segments, brands, products, upgrade paths, life events,
 * touchpoints, wallets) into the CSV files of {@link org.rapport.simulator.WorldFile} plus
 * {@code truth.json}; {@link org.rapport.simulator.WorldSimulator#generate()} gives the same rows in
 * memory as a {@link org.rapport.simulator.World} for tests. {@code docs/simulator.md} lists everything
 * that is planted, with the default values.
 *
 * <h2>What stays exact</h2>
 * The purchase process is exactly BG/NBD and spend per order exactly Gamma-Gamma over the whole
 * population: every other planted effect changes <i>what</i> is bought (category, brand, product),
 * never <i>when</i> or <i>for how much</i>, or is generated from the customer's latent rates without
 * feeding back (segments tilt the spend rate through a density whose mixture is uniform; touchpoint
 * ratings and wallets are drawn given the latent rates). A fit of BG/NBD to the calibration summary
 * therefore recovers the planted parameters within its intervals, which the tests check.
 *
 * <h2>Determinism</h2>
 * Customers are simulated in chunks of 4,096, each from its own xoroshiro128++ generator seeded by
 * (seed, chunk) through SplitMix64; chunks run on a thread pool and are written in order. The same
 * options give byte-identical files with any number of threads on the same platform (the JDK's
 * {@code Math} functions may differ in the last bit between platforms).
 *
 * <h2>References</h2>
 * <ul>
 * <li>P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), "Counting your customers the easy way: an
 *     alternative to the Pareto/NBD model", <i>Marketing Science</i> 24(2), 275-284,
 *     doi:10.1287/mksc.1040.0098 (the purchase process and the CDNOW parameters).</li>
 * <li>P. S. Fader and B. G. S. Hardie (2013), "The Gamma-Gamma model of monetary value"
 *     (the spend process and the CDNOW parameters).</li>
 * <li>R. T. Rust, K. N. Lemon and V. A. Zeithaml (2004), "Return on marketing: using customer equity to
 *     focus marketing strategy", <i>Journal of Marketing</i> 68(1), 109-127, doi:10.1509/jmkg.68.1.109.24030
 *     (brand switching as a first-order Markov matrix).</li>
 * <li>C. Perlich, S. Rosset, R. D. Lawrence and B. Zadrozny (2007), "High-quantile modeling for customer
 *     wallet estimation and other applications", <i>KDD '07</i>, 977-985, doi:10.1145/1281192.1281297
 *     (the realistic wallet).</li>
 * <li>G. L. Steele, D. Lea and C. H. Flood (2014), "Fast splittable pseudorandom number generators",
 *     <i>OOPSLA '14</i>, doi:10.1145/2660193.2660195 (SplitMix64, for the chunk seeds).</li>
 * </ul>
 */
package org.rapport.simulator;
