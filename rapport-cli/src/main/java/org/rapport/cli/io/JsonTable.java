package org.rapport.cli.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints an analysis result (a JSON document) as text: scalars as {@code name: value} lines, arrays of
 * objects as aligned tables of their scalar fields (at most {@value #MAX_ROWS} rows), nested objects as
 * indented sections. The JSON form ({@code --format json}) is the complete document.
 */
public final class JsonTable {
    /** Rows printed per table; the JSON has them all. */
    public static final int MAX_ROWS = 25;

    private JsonTable() {
    }

    /**
     * @param node the document
     * @param out where to print
     */
    public static void print(JsonNode node, PrintWriter out) {
        section(node, out, "");
        out.flush();
    }

    private static void section(JsonNode node, PrintWriter out, String indent) {
        List<Map.Entry<String, JsonNode>> later = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isValueNode() || v.isNull()) {
                out.println(indent + e.getKey() + ": " + scalar(v));
            } else if (v.isArray() && allScalars(v)) {
                out.println(indent + e.getKey() + ": " + joined(v));
            } else {
                later.add(e);
            }
        }
        for (Map.Entry<String, JsonNode> e : later) {
            JsonNode v = e.getValue();
            out.println();
            if (v.isArray()) {
                out.println(indent + e.getKey() + " (" + v.size() + ")");
                table(v, out, indent + "  ");
            } else {
                out.println(indent + e.getKey());
                section(v, out, indent + "  ");
            }
        }
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode x : array) {
            if (!x.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static String joined(JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(x -> s.add(scalar(x)));
        return String.join(", ", s);
    }

    private static void table(JsonNode array, PrintWriter out, String indent) {
        if (array.isEmpty()) {
            out.println(indent + "(none)");
            return;
        }
        List<String> cols = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = array.get(0).fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode() || e.getValue().isNull() || (e.getValue().isArray() && allScalars(e.getValue()))) {
                cols.add(e.getKey());
            }
        }
        int rows = Math.min(array.size(), MAX_ROWS);
        String[][] cells = new String[rows + 1][cols.size()];
        int[] width = new int[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            cells[0][c] = cols.get(c);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols.size(); c++) {
                JsonNode v = array.get(r).get(cols.get(c));
                String s = v == null ? "" : v.isArray() ? joined(v) : scalar(v);
                cells[r + 1][c] = s.length() > 60 ? s.substring(0, 57) + "..." : s;
            }
        }
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder b = new StringBuilder(indent);
            for (int c = 0; c < row.length; c++) {
                b.append(String.format(Locale.ROOT, "%-" + width[c] + "s", row[c]));
                if (c < row.length - 1) {
                    b.append("  ");
                }
            }
            out.println(b.toString().stripTrailing());
        }
        if (array.size() > rows) {
            out.println(indent + "... " + (array.size() - rows) + " more (--format json has them all)");
        }
    }

    private static String scalar(JsonNode v) {
        if (v == null || v.isNull()) {
            return "-";
        }
        if (v.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%,d", v.asLong());
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            if (Double.isNaN(d)) {
                return "n/a";
            }
            if (d == 0) {
                return "0";
            }
            return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.4g", d);
        }
        return v.asText();
    }
}
