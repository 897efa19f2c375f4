/**
 * The contractual setting: memberships and contracts renewed each month, analysed with the shifted
 * beta-geometric model per plan over all start cohorts (Fader &amp; Hardie 2007, 2010), with each running
 * membership's discounted expected residual lifetime and residual value ({@link
 * org.rapport.analytics.subscription.Subscriptions}).
 */
package org.rapport.analytics.subscription;
