package org.rapport.pipeline.report;

import java.util.List;

/**
 * The few HTML pieces the report needs, with escaping done in one place: every text that reaches the
 * page (customer ids, notes, paths, labels) goes through {@link #esc(String)}; the only unescaped
 * markup is the report's own.
 */
final class Html {
    private Html() {
    }

    /**
     * Escapes text for an HTML element body or a double- or single-quoted attribute value.
     *
     * @param s text, or null (written as nothing)
     * @return the text with {@code & < > " '} replaced by character references
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A table column.
     *
     * @param header header text
     * @param cssClass the cells' class: {@code num} (right-aligned figures), {@code id}, or null
     * @param title a tooltip for the header explaining it, or null
     */
    record Column(String header, String cssClass, String title) {
        static Column text(String header) {
            return new Column(header, null, null);
        }

        static Column num(String header) {
            return new Column(header, "num", null);
        }

        static Column num(String header, String title) {
            return new Column(header, "num", title);
        }
    }

    /**
     * A table row of plain-text cells.
     *
     * @param cssClass the row's class, or null
     * @param cells the cells' text, escaped when written
     */
    record Row(String cssClass, List<String> cells) {
        static Row of(String... cells) {
            return new Row(null, List.of(cells));
        }
    }

    /**
     * Writes a table inside a horizontally scrolling wrapper (so wide tables work on a phone).
     *
     * @param out where to write
     * @param caption the caption, or null
     * @param columns the columns
     * @param rows the rows, each with one cell per column
     */
    static void table(StringBuilder out, String caption, List<Column> columns, List<Row> rows) {
        out.append("<div class=\"table-wrap\"><table>");
        if (caption != null) {
            out.append("<caption>").append(esc(caption)).append("</caption>");
        }
        out.append("<thead><tr>");
        for (Column c : columns) {
            out.append("<th").append(cls(c.cssClass()));
            if (c.title() != null) {
                out.append(" title=\"").append(esc(c.title())).append('"');
            }
            out.append(" scope=\"col\">").append(esc(c.header())).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Row r : rows) {
            if (r.cells().size() != columns.size()) {
                throw new IllegalArgumentException(
                        "a table row has " + r.cells().size() + " cells for " + columns.size() + " columns");
            }
            out.append("<tr").append(cls(r.cssClass())).append('>');
            for (int i = 0; i < columns.size(); i++) {
                out.append("<td").append(cls(columns.get(i).cssClass())).append('>')
                        .append(esc(r.cells().get(i))).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table></div>\n");
    }

    /**
     * Writes a headline figure.
     *
     * @param out where to write
     * @param label what it is
     * @param value the formatted figure
     * @param sub a remark under it, or null
     */
    static void kpi(StringBuilder out, String label, String value, String sub) {
        out.append("<div class=\"kpi\"><div class=\"label\">").append(esc(label))
                .append("</div><div class=\"value\">").append(esc(value)).append("</div>");
        if (sub != null) {
            out.append("<div class=\"sub\">").append(esc(sub)).append("</div>");
        }
        out.append("</div>");
    }

    private static String cls(String cssClass) {
        return cssClass == null ? "" : " class=\"" + esc(cssClass) + "\"";
    }
}
