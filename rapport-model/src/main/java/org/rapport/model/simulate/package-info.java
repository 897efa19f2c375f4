/**
 * Seeded simulators with known truth, to check that fitting recovers the parameters that generated
 * the data and that intervals cover them at the claimed rate.
 *
 * <p>{@link org.rapport.model.simulate.BgNbdSimulator}, {@link org.rapport.model.simulate.MbgNbdSimulator} and
 * {@link org.rapport.model.simulate.ParetoNbdSimulator}
 * produce a {@link org.rapport.model.simulate.Cohort} of calibration summaries (x, t<sub>x</sub>, T) under an
 * observation design (calibration end, staggered first purchases, optional holdout);
 * {@link org.rapport.model.simulate.GammaGammaSimulator} adds each customer's average spend. Each class's
 * Javadoc states the generating process. The user controls the parameters, the design, the number of
 * customers and the seed; the same seed gives the same data for a given Commons RNG version.
 *
 * <p>References:
 * <ol>
 * <li>Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy way: an
 *     alternative to the Pareto/NBD model. <i>Marketing Science</i> 24(2), 275-284. doi:10.1287/mksc.1040.0098</li>
 * <li>Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987). Counting your customers: who are they and
 *     what will they do next? <i>Management Science</i> 33(1), 1-24. doi:10.1287/mnsc.33.1.1</li>
 * <li>Fader, P. S. and Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
 *     http://www.brucehardie.com/notes/025/</li>
 * </ol>
 */
package org.rapport.model.simulate;
