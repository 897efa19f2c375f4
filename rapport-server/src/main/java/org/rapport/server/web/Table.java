package org.rapport.server.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table as shown: labelled columns, cells already formatted (one number of decimals per column).
 *
 * @param title its caption
 * @param columns its columns
 * @param rows its cells as text
 * @param note a line under it (e.g. "first 50 of 120"), or empty
 */
public record Table(String title, List<Column> columns, List<List<String>> rows, String note) {
    /**
     * A column.
     *
     * @param label its header
     * @param kind its kind of figure (numbers are right-aligned, identifiers never formatted)
     * @param link a path prefix the cell's text is appended to for a link, or empty
     * @param longText whether its cells hold sentences (the column gets room for them)
     */
    public record Column(String label, Format.Kind kind, String link, boolean longText) {
        /**
         * @param label its header
         * @param kind its kind
         * @param link a link prefix, or empty
         */
        public Column(String label, Format.Kind kind, String link) {
            this(label, kind, link, false);
        }

        /** @return the cells' CSS class */
        public String css() {
            return kind.numeric() ? "num" : kind == Format.Kind.ID ? "id" : kind == Format.Kind.DATE ? "date" : longText ? "long" : "";
        }
    }

    /** @return a copy whose columns of sentences (a cell over 60 characters) are marked as such */
    public Table withLongText() {
        List<Column> cs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int col = i;
            boolean longText = rows.stream().anyMatch(r -> r.get(col).length() > 60);
            Column c = columns.get(i);
            cs.add(new Column(c.label(), c.kind(), c.link(), longText && !c.kind().numeric()));
        }
        return new Table(title, cs, rows, note);
    }

    /**
     * @param f the format
     * @param title the caption
     * @param rows rows of a query (column name → value)
     * @param links column name → link prefix
     * @param columns the columns to show, in order, or empty for all
     * @return the table
     */
    public static Table of(Format f, String title, List<Map<String, Object>> rows, Map<String, String> links, List<String> columns) {
        Set<String> cols = new LinkedHashSet<>(columns);
        if (cols.isEmpty()) {
            rows.forEach(r -> cols.addAll(r.keySet()));
        }
        List<Column> cs = new ArrayList<>();
        List<Format.Kind> kinds = new ArrayList<>();
        for (String c : cols) {
            Object sample = rows.stream().map(r -> r.get(c)).filter(v -> v != null).findFirst().orElse(null);
            Format.Kind k = Fields.kind(c, sample);
            kinds.add(k);
            cs.add(new Column(Fields.label(c), k, links.getOrDefault(c, "")));
        }
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            List<String> line = new ArrayList<>();
            int i = 0;
            for (String c : cols) {
                line.add(f.value(kinds.get(i++), r.get(c)));
            }
            cells.add(line);
        }
        return new Table(title, cs, cells, "").withLongText();
    }

    /**
     * @param f the format
     * @param title the caption
     * @param rows rows of a query
     * @return every column of the rows
     */
    public static Table of(Format f, String title, List<Map<String, Object>> rows) {
        return of(f, title, rows, Map.of(), List.of());
    }
}
