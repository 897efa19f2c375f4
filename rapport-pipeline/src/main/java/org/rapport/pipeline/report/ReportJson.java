package org.rapport.pipeline.report;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.rapport.pipeline.report.ReportData.Bucket;
import org.rapport.pipeline.report.ReportData.Histogram;
import org.rapport.pipeline.report.ReportData.TrackingPoint;
import org.rapport.pipeline.report.ReportData.Validation;

/**
 * The report's data as JSON, for the {@code <script type="application/json">} block that the chart
 * code reads: the whole {@link ReportData} (so the page also carries its numbers in machine-readable
 * form) and, under {@code charts}, the series each chart draws.
 *
 * <p>Two rules make the text safe to embed:
 * <ul>
 *   <li>NaN and &plusmn;&infin; are not JSON; they are written as {@code null} (a missing value,
 *       which ECharts draws as a gap).</li>
 *   <li>{@code <}, {@code >} and {@code &} are written as {@code \u003C}, {@code \u003E} and
 *       {@code \u0026}, and U+2028/U+2029 as {@code \u2028}/{@code \u2029}. These characters can only
 *       occur inside JSON strings, where the escape means the same character, so the parsed value is
 *       unchanged while the HTML parser never meets {@code </script} or {@code <!--} in the block.</li>
 * </ul>
 */
final class ReportJson {
    /** Identifies the shape of the embedded document, for readers outside the page. */
    static final String FORMAT = "rapport-report/1";

    private static final ObjectMapper MAPPER = JsonMapper.builder(
                    new JsonFactoryBuilder().characterEscapes(new ScriptSafeEscapes()).build())
            .addModule(new SimpleModule("rapport-report")
                    .addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(Double.TYPE, new FiniteDouble())
                    .addSerializer(double[].class, new FiniteDoubleArray())
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(LocalDate.class, ToStringSerializer.instance))
            .build();

    private ReportJson() {
    }

    /**
     * The embedded document.
     *
     * @param format {@link #FORMAT}
     * @param data the report data
     * @param charts what the charts draw
     */
    record Document(String format, ReportData data, Charts charts) {
    }

    /**
     * @param tracking cumulative repeat transactions, or null without a holdout
     * @param conditional conditional expectations by calibration frequency, or null without a holdout
     * @param clv CLV histogram, or null
     * @param alive P(alive) histogram, or null
     */
    record Charts(Tracking tracking, Conditional conditional, Bars clv, Bars alive) {
    }

    /**
     * @param labels one category per period (its end date)
     * @param periods period indices
     * @param actual cumulative actual repeat transactions
     * @param predicted cumulative predicted repeat transactions
     * @param marker the category at the calibration end, or null if no period ends by then
     * @param markerLabel the marker's text
     */
    record Tracking(List<String> labels, int[] periods, double[] actual, double[] predicted, String marker,
                    String markerLabel) {
    }

    /**
     * @param labels bucket labels
     * @param customers customers per bucket
     * @param actual mean actual holdout purchases
     * @param predicted mean predicted holdout purchases
     */
    record Conditional(List<String> labels, long[] customers, double[] actual, double[] predicted) {
    }

    /**
     * @param label the axis title
     * @param labels one label per bin, e.g. {@code 50–100}
     * @param counts customers per bin
     */
    record Bars(String label, List<String> labels, long[] counts) {
    }

    /**
     * @param data checked report data
     * @return the document, as JSON safe to place inside a {@code <script>} element
     */
    static String toJson(ReportData data) {
        Charts charts = new Charts(tracking(data.validation()), conditional(data.validation()),
                bars(data.clvHistogram()), bars(data.aliveHistogram()));
        try {
            return MAPPER.writeValueAsString(new Document(FORMAT, data, charts));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report data as JSON: " + e.getMessage(), e);
        }
    }

    /** @return the mapper, configured as above (for tests that read the block back) */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static Tracking tracking(Validation v) {
        if (v == null || v.tracking() == null || v.tracking().isEmpty()) {
            return null;
        }
        List<TrackingPoint> points = v.tracking();
        int n = points.size();
        List<String> labels = new ArrayList<>(n);
        int[] periods = new int[n];
        double[] actual = new double[n];
        double[] predicted = new double[n];
        String marker = null;
        for (int i = 0; i < n; i++) {
            TrackingPoint p = points.get(i);
            String label = p.date() != null ? p.date().toString() : "period " + p.period();
            labels.add(label);
            periods[i] = p.period();
            actual[i] = p.actual();
            predicted[i] = p.predicted();
            // The last period that ends on or before the calibration end carries the marker.
            if (p.date() != null && v.calibrationEnd() != null && !p.date().isAfter(v.calibrationEnd())) {
                marker = label;
            }
        }
        return new Tracking(labels, periods, actual, predicted, marker,
                "Calibration end " + Fmt.date(v.calibrationEnd()));
    }

    private static Conditional conditional(Validation v) {
        if (v == null || v.buckets() == null || v.buckets().isEmpty()) {
            return null;
        }
        List<Bucket> buckets = v.buckets();
        int n = buckets.size();
        List<String> labels = new ArrayList<>(n);
        long[] customers = new long[n];
        double[] actual = new double[n];
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            Bucket b = buckets.get(i);
            labels.add(b.label());
            customers[i] = b.customers();
            actual[i] = b.actual();
            predicted[i] = b.predicted();
        }
        return new Conditional(labels, customers, actual, predicted);
    }

    private static Bars bars(Histogram h) {
        if (h == null || h.counts() == null || h.counts().length == 0) {
            return null;
        }
        List<String> labels = new ArrayList<>(h.counts().length);
        for (int i = 0; i < h.counts().length; i++) {
            labels.add(Fmt.compact(h.edges()[i]) + "\u2013" + Fmt.compact(h.edges()[i + 1]));
        }
        return new Bars(h.label(), labels, h.counts().clone());
    }

    /** Writes a finite double as a number and NaN or &plusmn;&infin; as null. */
    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
            write(v, gen);
        }
    }

    /** Writes a double[] element by element, NaN and &plusmn;&infin; as null. */
    private static final class FiniteDoubleArray extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray(values, values.length);
            for (double v : values) {
                write(v, gen);
            }
            gen.writeEndArray();
        }
    }

    private static void write(double v, JsonGenerator gen) throws IOException {
        if (Double.isFinite(v)) {
            gen.writeNumber(v);
        } else {
            gen.writeNull();
        }
    }

    /** Escapes the characters that could end or confuse a {@code <script>} element (see the class comment). */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
        private final int[] ascii;

        ScriptSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '\u2028') {
                return LINE_SEPARATOR;
            }
            return ch == '\u2029' ? PARAGRAPH_SEPARATOR : null;
        }
    }
}
