package org.rapport.server.segment;

/**
 * Validates and counts segment rules. The server uses {@link SegmentRules}, which calls the
 * segmentation's own {@code org.rapport.analytics.segment.Rule}, so the server accepts exactly the
 * rules the segmentation runs; tests may plug another.
 */
public interface RuleLanguage {
    /**
     * @param rule the rule text
     * @throws RuleRejected with the position of the problem if the rule is not valid
     */
    void check(String rule);

    /**
     * @param rule a rule that passed {@link #check(String)}
     * @return the number of scored customers it matches now
     * @throws RuleRejected if the rule is not valid or needs data not computed yet
     */
    long count(String rule);

    /**
     * @param rule a rule that passed {@link #check(String)}
     * @param segments count only customers of these segments (a segment manager's own)
     * @return the number of scored customers of those segments it matches now
     * @throws RuleRejected if the rule is not valid, needs data not computed yet, or this language cannot count within segments
     */
    default long count(String rule, java.util.Set<String> segments) {
        throw new RuleRejected("this rule language cannot count within segments", -1);
    }

    /** The customers' segments or scores changed (a saved rule assigned them again): forget what was loaded. */
    default void changed() {
    }

    /** A rule that cannot be used, with the 0-based character position of the problem. */
    final class RuleRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int position;

        /**
         * @param message what is wrong
         * @param position where, 0-based (or -1 when not tied to a place)
         */
        public RuleRejected(String message, int position) {
            super(message);
            this.position = position;
        }

        /** @return the 0-based position of the problem, -1 if none */
        public int position() {
            return position;
        }
    }
}
