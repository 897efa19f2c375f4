/**
 * Segment writes of the server: {@link org.rapport.server.segment.SegmentService} on the contract
 * tables, rules checked and counted by a {@link org.rapport.server.segment.RuleLanguage}
 * ({@link org.rapport.server.segment.SegmentRules}: exactly the segmentation's rule language).
 */
package org.rapport.server.segment;
