package org.rapport.analytics.segment;

import java.util.Locale;

/**
 * A rule that cannot be parsed or evaluated. The message names the problem and its 0-based
 * position and repeats the rule with a caret under that position:
 *
 * <pre>
 * unknown field 'agee' at position 0; known fields: age, clv, ...
 *   agee &lt; 35
 *   ^
 * </pre>
 *
 * An {@link IllegalArgumentException}, so the CLI exits with code 2 (bad input).
 */
public final class RuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** Longest excerpt of the rule shown in a message; longer rules are cut around the position. */
    static final int EXCERPT = 72;

    private final int position;
    private final String reason;

    /**
     * @param reason what is wrong, without the position ("unknown field 'agee'")
     * @param position 0-based character position in the rule
     * @param rule the rule text, or null if too large to quote
     */
    public RuleException(String reason, int position, String rule) {
        super(format(reason, position, rule));
        this.position = position;
        this.reason = reason;
    }

    /** @return the 0-based character position of the error in the rule */
    public int position() {
        return position;
    }

    /** @return the problem without position and caret */
    public String reason() {
        return reason;
    }

    private static String format(String reason, int position, String rule) {
        int semi = reason.indexOf("; ");
        String head = semi < 0 ? reason + " at position " + position
                : reason.substring(0, semi) + " at position " + position + reason.substring(semi);
        if (rule == null) {
            return head;
        }
        int from = Math.max(0, Math.min(position - EXCERPT / 2, rule.length() - EXCERPT));
        int to = Math.min(rule.length(), from + EXCERPT);
        String excerpt = (from > 0 ? "..." : "") + rule.substring(from, to) + (to < rule.length() ? "..." : "");
        // Control characters would break the caret line; show them as spaces.
        excerpt = excerpt.replaceAll("[\\p{Cntrl}]", " ");
        int caret = Math.max(0, position - from) + (from > 0 ? 3 : 0);
        return String.format(Locale.ROOT, "%s%n  %s%n  %s^", head, excerpt, " ".repeat(caret));
    }
}
