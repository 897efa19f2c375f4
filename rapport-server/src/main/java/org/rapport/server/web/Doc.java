package org.rapport.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored result (a JSON document of any shape) as people read it: sections of labelled facts,
 * lists and tables, every figure formatted by its field's kind, no JSON anywhere. Nested objects
 * become their own sections, maps of maps (a brand-switching matrix) tables, lists of records with
 * nested parts one section per record.
 *
 * @param sections the sections, the first one untitled
 */
public record Doc(List<Section> sections) {
    /** Rows shown of one table. */
    public static final int MAX_ROWS = 50;
    /** Records of a list shown as sections. */
    public static final int MAX_SECTIONS = 12;

    /**
     * One section.
     *
     * @param title its heading, or empty
     * @param facts label and value pairs
     * @param notes sentences
     * @param tables tables
     */
    public record Section(String title, List<Fact> facts, List<String> notes, List<Table> tables) {
        /** @return whether it shows nothing */
        public boolean isEmpty() {
            return facts.isEmpty() && notes.isEmpty() && tables.isEmpty();
        }
    }

    /**
     * A labelled value.
     *
     * @param label the label
     * @param value the value as text
     * @param css the value's CSS class ({@code id} for identifiers, {@code num} for figures)
     */
    public record Fact(String label, String value, String css) {
    }

    /**
     * @param f the format
     * @param doc the document
     * @param skip top-level fields not to show (shown elsewhere on the page)
     * @return its sections
     */
    public static Doc of(Format f, JsonNode doc, Set<String> skip) {
        List<Section> out = new ArrayList<>();
        if (doc.isArray()) {
            Section s = new Section("", new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            out.add(s);
            array(f, "", "items", doc, s, out, 0);
        } else if (doc.isObject()) {
            object(f, "", doc, skip, out, 0);
        }
        out.removeIf(Section::isEmpty);
        return new Doc(out);
    }

    private static void object(Format f, String title, JsonNode o, Set<String> skip, List<Section> out, int depth) {
        Section s = new Section(title, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        out.add(s);
        List<Map.Entry<String, JsonNode>> later = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (skip.contains(k)) {
                continue;
            }
            if (v.isNull() || v.isMissingNode()) {
                s.facts().add(new Fact(Fields.label(k), "not available", ""));
            } else if (v.isValueNode()) {
                Format.Kind kind = Fields.kind(k, scalar(v));
                s.facts().add(new Fact(Fields.label(k), f.value(kind, scalar(v)), kind.numeric() ? "num" : kind == Format.Kind.ID ? "id" : ""));
            } else if (v.isArray()) {
                array(f, title, k, v, s, out, depth);
            } else if (isMatrix(v)) {
                s.tables().add(matrix(f, k, v));
            } else if (allNumbers(v)) {
                Section m = new Section(join(title, Fields.label(k)), new ArrayList<>(), List.of(), List.of());
                // a map keyed by data (brand → share) takes its kind from its own name; a record's fields have their own
                boolean keyedByData = Fields.known(k);
                Format.Kind kind = Fields.kind(k, 0.5);
                v.fields().forEachRemaining(x -> m.facts().add(keyedByData
                        ? new Fact(x.getKey(), f.value(kind, scalar(x.getValue())), "num")
                        : new Fact(Fields.label(x.getKey()), f.value(Fields.kind(x.getKey(), scalar(x.getValue())), scalar(x.getValue())), "num")));
                out.add(m);
            } else {
                later.add(e);
            }
        }
        for (Map.Entry<String, JsonNode> e : later) {
            object(f, join(title, Fields.label(e.getKey())), e.getValue(), Set.of(), out, depth + 1);
        }
    }

    private static void array(Format f, String title, String k, JsonNode v, Section s, List<Section> out, int depth) {
        if (v.isEmpty()) {
            s.facts().add(new Fact(Fields.label(k), "none", ""));
            return;
        }
        boolean objects = true;
        boolean texts = true;
        boolean nested = false;
        for (JsonNode e : v) {
            objects &= e.isObject();
            texts &= e.isTextual();
            if (e.isObject()) {
                for (JsonNode x : e) {
                    nested |= x.isObject() || x.isArray() && x.size() > 0 && x.get(0).isObject();
                }
            }
        }
        if (texts && (k.equals("notes") || k.equals("reasons") || k.equals("warnings"))) {
            v.forEach(x -> s.notes().add(Format.text(x.asText())));
        } else if (objects && nested && depth < 2) {
            int i = 0;
            for (JsonNode e : v) {
                if (i++ == MAX_SECTIONS) {
                    s.notes().add(Fields.label(k) + ": the first " + MAX_SECTIONS + " of " + v.size() + " are shown.");
                    break;
                }
                object(f, join(title, Fields.label(k) + " · " + name(e, i)), e, Set.of(), out, depth + 1);
            }
        } else if (objects) {
            s.tables().add(table(f, Fields.label(k), v));
        } else {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(cell(f, k, x)));
            s.facts().add(new Fact(Fields.label(k), String.join(", ", parts), ""));
        }
    }

    private static Table table(Format f, String title, JsonNode arr) {
        Set<String> cols = new LinkedHashSet<>();
        arr.forEach(e -> e.fieldNames().forEachRemaining(cols::add));
        List<Table.Column> columns = new ArrayList<>();
        Map<String, Format.Kind> kinds = new LinkedHashMap<>();
        for (String c : cols) {
            Object sample = null;
            for (JsonNode e : arr) {
                if (e.hasNonNull(c) && e.get(c).isValueNode()) {
                    sample = scalar(e.get(c));
                    break;
                }
            }
            // A table of estimates (a fit's parameters: value, standard error, interval) holds model
            // parameters, not money, whatever the column names say elsewhere.
            boolean estimate = cols.contains("stdError") && Set.of("value", "lower", "upper").contains(c);
            Format.Kind k = estimate ? Format.Kind.DECIMAL : Fields.kind(c, sample);
            kinds.put(c, k);
            columns.add(new Table.Column(Fields.label(c), k, ""));
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : arr) {
            if (rows.size() == MAX_ROWS) {
                break;
            }
            List<String> line = new ArrayList<>();
            for (String c : cols) {
                JsonNode x = e.get(c);
                line.add(x == null || x.isNull() ? "" : x.isValueNode() ? f.value(kinds.get(c), scalar(x)) : cell(f, c, x));
            }
            rows.add(line);
        }
        return new Table(title, columns, rows, arr.size() > MAX_ROWS ? "The first " + MAX_ROWS + " of " + arr.size() + " rows." : "").withLongText();
    }

    /** A nested value inside a table cell or a list: lists joined, objects as "label value" pairs. */
    private static String cell(Format f, String k, JsonNode x) {
        if (x.isValueNode()) {
            return f.value(Fields.kind(k, scalar(x)), scalar(x));
        }
        List<String> parts = new ArrayList<>();
        if (x.isArray()) {
            x.forEach(e -> parts.add(cell(f, k, e)));
            return String.join("; ", parts);
        }
        x.fields().forEachRemaining(e -> parts.add(Fields.label(e.getKey()) + " " + cell(f, e.getKey(), e.getValue())));
        return String.join(", ", parts);
    }

    private static Table matrix(Format f, String k, JsonNode m) {
        Set<String> cols = new LinkedHashSet<>();
        m.forEach(r -> r.fieldNames().forEachRemaining(cols::add));
        Format.Kind kind = Fields.kind(k, 0.5);
        List<Table.Column> columns = new ArrayList<>();
        columns.add(new Table.Column("From \\ to", Format.Kind.TEXT, ""));
        cols.forEach(c -> columns.add(new Table.Column(c, kind, "")));
        List<List<String>> rows = new ArrayList<>();
        m.fields().forEachRemaining(r -> {
            List<String> line = new ArrayList<>();
            line.add(r.getKey());
            cols.forEach(c -> line.add(r.getValue().has(c) ? f.value(kind, scalar(r.getValue().get(c))) : ""));
            rows.add(line);
        });
        return new Table(Fields.label(k), columns, rows, "");
    }

    private static boolean isMatrix(JsonNode v) {
        if (!v.isObject() || v.isEmpty()) {
            return false;
        }
        for (JsonNode r : v) {
            if (!r.isObject() || !allNumbers(r)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allNumbers(JsonNode v) {
        if (!v.isObject() || v.isEmpty()) {
            return false;
        }
        for (JsonNode x : v) {
            if (!x.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static String name(JsonNode e, int i) {
        for (String k : List.of("name", "segment", "brand", "model", "key")) {
            if (e.hasNonNull(k) && e.get(k).isTextual() && !e.get(k).asText().isBlank()) {
                return e.get(k).asText();
            }
        }
        return String.valueOf(i);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + " · " + b;
    }

    /** @param v a value node @return it as Java: text, boolean, long or double */
    static Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        return v.isNull() ? null : v.asText();
    }
}
