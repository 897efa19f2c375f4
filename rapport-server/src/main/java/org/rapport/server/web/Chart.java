package org.rapport.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart: the dashboard's script draws it with ECharts from {@code json}; {@code alt} is its text
 * alternative (the chart's {@code aria-label}): the key figures in words.
 *
 * @param id its element id
 * @param title its title
 * @param json the chart spec: type (bar, line, scatter, heatmap) and data
 * @param alt the key figures as a sentence
 */
public record Chart(String id, String title, String json, String alt) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param id element id
     * @param title title
     * @param type bar, line, scatter or heatmap
     * @param spec the rest of the spec
     * @param alt the text alternative
     * @return the chart
     */
    public static Chart of(String id, String title, String type, Map<String, Object> spec, String alt) {
        Map<String, Object> c = new LinkedHashMap<>(spec);
        c.put("type", type);
        try {
            return new Chart(id, title, MAPPER.writeValueAsString(c), alt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A bar chart of one series, its text alternative the largest bars.
     *
     * @param f the format
     * @param id element id
     * @param title title
     * @param series the series' name
     * @param bars category → value
     * @param kind the values' kind
     * @return the chart
     */
    public static Chart bars(Format f, String id, String title, String series, Map<String, Double> bars, Format.Kind kind) {
        List<Map.Entry<String, Double>> top = new ArrayList<>(bars.entrySet());
        top.sort(Comparator.comparing((Map.Entry<String, Double> e) -> e.getValue() == null ? Double.NEGATIVE_INFINITY : e.getValue()).reversed());
        double sum = bars.values().stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sum();
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, Double> e : top.subList(0, Math.min(6, top.size()))) {
            words.add(e.getKey() + " " + f.value(kind, e.getValue())
                    + (sum > 0 && kind != Format.Kind.SHARE ? " (" + f.value(Format.Kind.SHARE, e.getValue() / sum) + ")" : ""));
        }
        String alt = title + ": " + String.join("; ", words) + (top.size() > 6 ? "; and " + (top.size() - 6) + " more" : "") + ".";
        return of(id, title, "bar", Map.of("categories", new ArrayList<>(bars.keySet()),
                "series", List.of(Map.of("name", series, "data", new ArrayList<>(bars.values())))), alt);
    }
}
