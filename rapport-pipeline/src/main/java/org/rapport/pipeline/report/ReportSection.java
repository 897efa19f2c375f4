package org.rapport.pipeline.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A section of the report contributed by an analysis after scoring (customer equity, relationship
 * groups, segments, wallet, brands, moments of value, offers...). It holds only values: headline
 * figures, tables of already formatted text and charts of numbers; {@link HtmlReport} escapes every
 * text and draws every chart with the same code, so a module that adds a section writes no HTML or
 * JavaScript.
 *
 * @param id the section's element id: lower-case letters, digits and hyphens, unique in the report
 * @param title its heading
 * @param intro a paragraph under the heading (what the section shows and how it was computed), or null
 * @param kpis headline figures
 * @param charts charts
 * @param tables tables
 * @param notes remarks (e.g. what is missing from the data and what that means)
 */
public record ReportSection(String id, String title, String intro, List<Kpi> kpis, List<Chart> charts,
                            List<Table> tables, List<String> notes) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /**
     * @throws IllegalArgumentException if the id is not a valid element id or a table row does not
     *     fit its columns
     */
    public ReportSection {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a report section id must be lower-case letters, digits and hyphens: " + id);
        }
        Objects.requireNonNull(title, "a report section needs a title");
        kpis = kpis == null ? List.of() : List.copyOf(kpis);
        charts = charts == null ? List.of() : List.copyOf(charts);
        tables = tables == null ? List.of() : List.copyOf(tables);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * @param id the element id
     * @param title the heading
     * @return a builder
     */
    public static Builder builder(String id, String title) {
        return new Builder(id, title);
    }

    /**
     * A headline figure.
     *
     * @param label what it is
     * @param value the formatted figure
     * @param sub a remark under it, or null
     */
    public record Kpi(String label, String value, String sub) {
    }

    /**
     * A table of formatted text.
     *
     * @param caption the caption, or null
     * @param columns the column headers
     * @param numeric which columns hold figures (right-aligned); null for none
     * @param rows the rows, one cell per column
     */
    public record Table(String caption, List<String> columns, List<Boolean> numeric, List<List<String>> rows) {
        /** @throws IllegalArgumentException if a row or {@code numeric} does not have one entry per column */
        public Table {
            columns = List.copyOf(columns);
            numeric = numeric == null ? null : List.copyOf(numeric);
            rows = rows == null ? List.of() : rows.stream().map(r -> List.copyOf(r.stream()
                    .map(c -> c == null ? "" : c).toList())).toList();
            if (numeric != null && numeric.size() != columns.size()) {
                throw new IllegalArgumentException("table '" + caption + "': " + numeric.size() + " numeric flags for "
                        + columns.size() + " columns");
            }
            for (List<String> r : rows) {
                if (r.size() != columns.size()) {
                    throw new IllegalArgumentException("table '" + caption + "': a row has " + r.size() + " cells for "
                            + columns.size() + " columns");
                }
            }
        }
    }

    /** How a chart draws its series. */
    public enum ChartKind {
        /** Grouped bars over the categories, one colour per series. */
        BAR,
        /** Bars stacked over the categories. */
        STACKED_BAR,
        /** Lines over the categories (e.g. periods). */
        LINE,
        /** One point per (x, y) pair of each series' {@code points}. */
        SCATTER,
        /** A matrix: rows are the series (names on the y axis), columns the categories. */
        HEATMAP
    }

    /**
     * A chart.
     *
     * @param kind how it is drawn
     * @param title what it shows (also the accessible label)
     * @param caption a sentence under it
     * @param categories the x-axis categories (all kinds but {@link ChartKind#SCATTER})
     * @param xName x-axis title
     * @param yName y-axis title
     * @param series the data
     */
    public record Chart(ChartKind kind, String title, String caption, List<String> categories, String xName,
                        String yName, List<Series> series) {
        /** @throws IllegalArgumentException if a series does not fit the chart's kind */
        public Chart {
            Objects.requireNonNull(kind, "a chart needs a kind");
            categories = categories == null ? List.of() : List.copyOf(categories);
            series = series == null ? List.of() : List.copyOf(series);
            for (Series s : series) {
                if (kind == ChartKind.SCATTER) {
                    if (s.points() == null) {
                        throw new IllegalArgumentException("scatter series '" + s.name() + "' has no points");
                    }
                } else if (s.values() == null || s.values().length != categories.size()) {
                    throw new IllegalArgumentException("series '" + s.name() + "' of chart '" + title + "' has "
                            + (s.values() == null ? 0 : s.values().length) + " values for " + categories.size()
                            + " categories");
                }
            }
        }
    }

    /**
     * A series: {@code values} (one per category) or, for a scatter, {@code points} as {x, y} pairs.
     * NaN and infinities are drawn as gaps.
     *
     * @param name the legend name (the row name of a heatmap)
     * @param values one value per category, or null for a scatter
     * @param points {x, y} pairs, or null
     */
    public record Series(String name, double[] values, double[][] points) {
        /**
         * @param name name
         * @param values one value per category
         * @return a series of values
         */
        public static Series of(String name, double... values) {
            return new Series(name, values, null);
        }

        /**
         * @param name name
         * @param points {x, y} pairs
         * @return a scatter series
         */
        public static Series points(String name, double[][] points) {
            return new Series(name, null, points);
        }
    }

    /** Collects a section's parts in order. */
    public static final class Builder {
        private final String id;
        private final String title;
        private String intro;
        private final List<Kpi> kpis = new ArrayList<>();
        private final List<Chart> charts = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }

        /** @param text the paragraph under the heading @return this */
        public Builder intro(String text) {
            this.intro = text;
            return this;
        }

        /** @param label label @param value formatted value @param sub remark or null @return this */
        public Builder kpi(String label, String value, String sub) {
            kpis.add(new Kpi(label, value, sub));
            return this;
        }

        /** @param chart a chart @return this */
        public Builder chart(Chart chart) {
            charts.add(chart);
            return this;
        }

        /** @param table a table @return this */
        public Builder table(Table table) {
            tables.add(table);
            return this;
        }

        /** @param note a remark @return this */
        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        /** @return the section */
        public ReportSection build() {
            return new ReportSection(id, title, intro, kpis, charts, tables, notes);
        }
    }
}
