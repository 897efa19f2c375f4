package org.rapport.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Plain values the dashboard templates show: the page frame, charts, tables and number formats. */
public final class View {
    private View() {
    }

    /**
     * The frame of every page.
     *
     * @param title the page title
     * @param user the signed-in user, or null on the login page
     * @param csrf the session's CSRF token, or empty
     * @param active the navigation entry to highlight
     */
    public record Page(String title, User user, String csrf, String active) {
        /** @return the navigation entries the user's role may open: path and label */
        public List<String[]> nav() {
            List<String[]> n = new ArrayList<>();
            if (user == null) {
                return n;
            }
            Role r = user.role();
            if (r == Role.CCO || r == Role.ANALYST) {
                n.add(new String[] {"/overview", "Overview"});
            }
            if (r == Role.CCO || r == Role.SEGMENT_MANAGER) {
                n.add(new String[] {"/workspace", "Segments"});
            }
            if (r == Role.CCO || r == Role.ANALYST) {
                n.add(new String[] {"/brands", "Brands"});
                n.add(new String[] {"/validation", "Validation"});
            }
            if (r != Role.SEGMENT_MANAGER) {
                n.add(new String[] {"/desk", "Service desk"});
            }
            return n;
        }
    }

    /**
     * A chart: the dashboard's script draws it with ECharts from {@code json}.
     *
     * @param id its element id
     * @param title its title
     * @param json the chart spec: type (bar, line, scatter, heatmap) and data
     */
    public record Chart(String id, String title, String json) {
    }

    /**
     * A table. @param title its title @param columns column names @param rows cells as text
     */
    public record Table(String title, List<String> columns, List<List<String>> rows) {
    }

    /**
     * A stored result shown without knowing its shape: top-level values, arrays of objects as tables,
     * anything else as JSON text.
     *
     * @param scalars name and value of each top-level scalar
     * @param tables each top-level array of objects (first 50 rows)
     * @param rest the remaining fields as indented JSON, or empty
     */
    public record Summary(List<String[]> scalars, List<Table> tables, String rest) {
    }

    /**
     * @param rows rows from {@link Db#rows}
     * @param title the table title
     * @return a table of the rows (numbers formatted)
     */
    public static Table table(String title, List<Map<String, Object>> rows) {
        List<String> cols = rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).keySet());
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            List<String> line = new ArrayList<>();
            for (String c : cols) {
                line.add(fmt(r.get(c)));
            }
            cells.add(line);
        }
        return new Table(title, cols, cells);
    }

    /** @param doc a result document @return its summary */
    public static Summary summary(JsonNode doc) {
        List<String[]> scalars = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode rest = Json.MAPPER.createObjectNode();
        if (doc.isArray()) {
            tables.add(arrayTable("items", doc));
        } else if (doc.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = doc.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (v.isValueNode()) {
                    scalars.add(new String[] {f.getKey(), v.isNumber() ? fmt(v.asDouble()) : v.asText()});
                } else if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                    tables.add(arrayTable(f.getKey(), v));
                } else {
                    rest.set(f.getKey(), v);
                }
            }
        }
        String restText = "";
        if (rest.size() > 0) {
            try {
                restText = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rest);
            } catch (JsonProcessingException e) {
                restText = rest.toString();
            }
        }
        return new Summary(scalars, tables, restText);
    }

    private static Table arrayTable(String title, JsonNode arr) {
        Set<String> cols = new LinkedHashSet<>();
        for (JsonNode e : arr) {
            e.fieldNames().forEachRemaining(cols::add);
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : arr) {
            if (rows.size() == 50) {
                break;
            }
            List<String> line = new ArrayList<>();
            for (String c : cols) {
                JsonNode v = e.get(c);
                line.add(v == null || v.isNull() ? "" : v.isNumber() ? fmt(v.asDouble()) : v.isValueNode() ? v.asText() : v.toString());
            }
            rows.add(line);
        }
        return new Table(title + (arr.size() > 50 ? " (first 50 of " + arr.size() + ")" : ""), new ArrayList<>(cols), rows);
    }

    /** @param v a value @return it as text: numbers with thousands separators and up to 4 significant decimals */
    public static String fmt(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            double a = Math.abs(d);
            return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%,.2f" : "%.4f", d);
        }
        if (v instanceof Number n) {
            return String.format(Locale.ROOT, "%,d", n.longValue());
        }
        return v.toString();
    }

    /** @param o a chart spec (maps and lists) @return it as JSON for a {@code data-json} attribute */
    public static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
