package org.rapport.analytics.segment;

import java.time.LocalDateTime;

/**
 * One row of {@code segments}.
 *
 * @param name the unique name
 * @param kind {@code "rule"} or {@code "discovered"}
 * @param rule the rule text (rule segments), else null
 * @param description free text, or null
 * @param manager the segment manager, or null
 * @param team the team, or null
 * @param budget the marketing budget, or null
 * @param priority rule segments are tried in ascending priority (then name); null for discovered ones
 * @param created when it was created (UTC)
 * @param updated when it was last changed (UTC)
 * @param profile the discovery's profile as JSON (discovered segments), else null
 */
public record Segment(String name, String kind, String rule, String description, String manager, String team,
                      Double budget, Integer priority, LocalDateTime created, LocalDateTime updated, String profile) {
    /** Kind of a segment defined by a rule. */
    public static final String RULE = "rule";
    /** Kind of a segment found by clustering. */
    public static final String DISCOVERED = "discovered";
    /** The segment of customers no rule matches and no cluster holds. */
    public static final String UNASSIGNED = "unassigned";

    /** @return whether this is a rule segment */
    public boolean ruleBased() {
        return RULE.equals(kind);
    }
}
