/**
 * Models of the value of a customer's transactions.
 *
 * <p>{@link org.rapport.model.spend.GammaGamma} is the Gamma-Gamma model: each customer's transaction
 * values are gamma with a customer-specific scale that is itself gamma across customers. Fit it with
 * {@link org.rapport.model.fit.MaximumLikelihood} on a {@link org.rapport.model.data.SpendTable} of repeat
 * buyers; combine it with a {@link org.rapport.model.btyd.PurchaseModel} in
 * {@link org.rapport.model.value.Clv}. The user controls which customers enter the table (only repeat
 * buyers carry information) and what the spend column means (revenue, or margin if known per transaction).
 * Details and the paper's equations: {@code docs/models/gg.md}.
 *
 * <p>References:
 * <ol>
 * <li>Colombo, R. and Jiang, W. (1999). A stochastic RFM model. <i>Journal of Interactive Marketing</i>
 *     13(3), 2-12. (The gamma-gamma spend model.)</li>
 * <li>Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). RFM and CLV: using iso-value curves for
 *     customer base analysis. <i>Journal of Marketing Research</i> 42(4), 415-430.
 *     doi:10.1509/jmkr.2005.42.4.415</li>
 * <li>Fader, P. S. and Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
 *     http://www.brucehardie.com/notes/025/</li>
 * </ol>
 */
package org.rapport.model.spend;
