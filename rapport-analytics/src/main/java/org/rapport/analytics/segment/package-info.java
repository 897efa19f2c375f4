/**
 * Needs-based segments with managers and budgets (docs/analytics.md, "Segments" and "Budget allocation").
 *
 * <ul>
 *   <li>{@link org.rapport.analytics.segment.Rule}: the rule language, parsed by hand against an
 *       allow-list and evaluated in Java over a {@link org.rapport.analytics.frame.CustomerFrame};
 *       errors are {@link org.rapport.analytics.segment.RuleException} with a position.</li>
 *   <li>{@link org.rapport.analytics.segment.SegmentDiscovery}: standardised k-means++ on needs and
 *       behaviour, k by silhouette; {@link org.rapport.analytics.segment.ClusterQuality} has the
 *       silhouette and the adjusted Rand index.</li>
 *   <li>{@link org.rapport.analytics.segment.SegmentStore}: the tables {@code segments},
 *       {@code customer_segment}, {@code customer_cluster}.</li>
 *   <li>{@link org.rapport.analytics.segment.SegmentAnalysis}: the stage the analytics run calls:
 *       discover if needed, assign, KPIs, stored result.</li>
 *   <li>{@link org.rapport.analytics.segment.BudgetAllocator} and
 *       {@link org.rapport.analytics.segment.SegmentBudget}: budgets by equal marginal return on equity.</li>
 * </ul>
 *
 * References: Arthur, D. and Vassilvitskii, S. (2007), "k-means++: the advantages of careful seeding",
 * SODA; Rousseeuw, P. J. (1987), "Silhouettes", J. Comput. Appl. Math. 20, 53-65; Hubert, L. and
 * Arabie, P. (1985), "Comparing partitions", J. Classification 2, 193-218.
 */
package org.rapport.analytics.segment;
