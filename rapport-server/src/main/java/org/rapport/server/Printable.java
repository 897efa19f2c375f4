package org.rapport.server;

/**
 * Messages that reach a client or a log line show binary bytes as escapes: a control character
 * (C0, DEL, C1), a lone surrogate or U+FFFD (what undecodable input became) is written as
 * {@code \xNN} or {@code \\uNNNN}, so bytes of a hostile file or request cannot move a terminal's
 * cursor, forge a log line or hide text. Long messages are cut.
 */
public final class Printable {
    /** The longest message kept (characters); longer ones are cut with an ellipsis. */
    static final int MAX = 2_000;

    private Printable() {
    }

    /**
     * @param s a message, or null
     * @return it with control characters and undecodable bytes escaped; newlines kept (a list of bad rows)
     */
    public static String text(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 16);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format(java.util.Locale.ROOT, "\\x%02X", (int) c));
            } else if (c == '\ufffd' || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1)))) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() >= MAX && s.length() > MAX ? b.append(" ...").toString() : b.toString();
    }
}
