package org.rapport.spark;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rapport.pipeline.AnalysisOptions;

/**
 * What {@link SparkAnalysis} reads and how it models it.
 *
 * @param input the transactions (file or directory, any Hadoop file system)
 * @param format the Spark source: {@code parquet} or {@code csv} (or any other Spark source name)
 * @param out the output directory
 * @param mapping explicit column mapping, table column to file column ({@code --map customer_id=cust})
 * @param delimiter CSV delimiter, or null for a comma
 * @param analysis the pipeline's modelling options (calibration end, period, model, horizons, margin, level)
 * @param maxRejectRate the share of rejected lines above which the job fails, in [0, 1]
 * @param segments a (customer_id, segment) table for segment KPIs, or null (KPIs by relationship group)
 * @param segmentsFormat its Spark source
 * @param maxSpendRows the most repeat buyers the spend model is fitted on; past it, a uniform sample
 *     (the (x, m&#772;) table hardly compresses and lives on the driver)
 * @param products a products table (product_id, margin_rate) for each customer's amount-weighted margin
 *     rate, as the single-machine pipeline computes it, or null (then {@code --margin}, else revenue)
 * @param partitions shuffle partitions, or null to choose them from the data
 */
public record SparkOptions(String input, String format, String out, Map<String, String> mapping, String delimiter,
                           AnalysisOptions analysis, double maxRejectRate, String segments, String segmentsFormat,
                           long maxSpendRows, String products, Integer partitions) {
    /** The default threshold: 1% of the lines. */
    public static final double DEFAULT_MAX_REJECT_RATE = 0.01;
    /** The default spend-model limit: 20 million repeat buyers (about 0.5 GB of driver memory). */
    public static final long DEFAULT_MAX_SPEND_ROWS = 20_000_000L;

    /** Checks the options. */
    public SparkOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(out, "out");
        format = format == null ? guessFormat(input) : format.toLowerCase(Locale.ROOT);
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        analysis = analysis == null ? AnalysisOptions.defaults() : analysis;
        if (!(maxRejectRate >= 0 && maxRejectRate <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--max-reject-rate %s is not in [0, 1]", maxRejectRate));
        }
        if (maxSpendRows < 1000) {
            throw new IllegalArgumentException("--max-spend-rows " + maxSpendRows + " is below 1000");
        }
        segmentsFormat = segments == null ? null : segmentsFormat == null ? guessFormat(segments) : segmentsFormat;
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions " + partitions + " is below 1");
        }
    }

    /**
     * @param input the transactions
     * @param out the output directory
     * @return options with the defaults: format from the file name, no mapping, the pipeline's defaults,
     *     1% rejects allowed, no segments
     */
    public static SparkOptions of(String input, String out) {
        return new SparkOptions(input, null, out, null, null, null, DEFAULT_MAX_REJECT_RATE, null, null, DEFAULT_MAX_SPEND_ROWS, null, null);
    }

    /** @param a modelling options @return a copy */
    public SparkOptions withAnalysis(AnalysisOptions a) {
        return new SparkOptions(input, format, out, mapping, delimiter, a, maxRejectRate, segments, segmentsFormat, maxSpendRows, products, partitions);
    }

    /** @param rate the reject-rate threshold @return a copy */
    public SparkOptions withMaxRejectRate(double rate) {
        return new SparkOptions(input, format, out, mapping, delimiter, analysis, rate, segments, segmentsFormat, maxSpendRows, products, partitions);
    }

    /** @param m the column mapping @return a copy */
    public SparkOptions withMapping(Map<String, String> m) {
        return new SparkOptions(input, format, out, m, delimiter, analysis, maxRejectRate, segments, segmentsFormat, maxSpendRows, products, partitions);
    }

    /** @param path the (customer_id, segment) table @return a copy */
    public SparkOptions withSegments(String path) {
        return new SparkOptions(input, format, out, mapping, delimiter, analysis, maxRejectRate, path, null, maxSpendRows, products, partitions);
    }

    /** @param f the input format @return a copy */
    public SparkOptions withFormat(String f) {
        return new SparkOptions(input, f, out, mapping, delimiter, analysis, maxRejectRate, segments, segmentsFormat, maxSpendRows, products, partitions);
    }

    /** @param path a products table (CSV with a header, or Parquet) @return a copy */
    public SparkOptions withProducts(String path) {
        return new SparkOptions(input, format, out, mapping, delimiter, analysis, maxRejectRate, segments, segmentsFormat, maxSpendRows, path, partitions);
    }

    /** @param rows the spend-model limit @return a copy */
    public SparkOptions withMaxSpendRows(long rows) {
        return new SparkOptions(input, format, out, mapping, delimiter, analysis, maxRejectRate, segments, segmentsFormat, rows, products, partitions);
    }

    /** @param n shuffle partitions, or null to choose them from the data @return a copy */
    public SparkOptions withPartitions(Integer n) {
        return new SparkOptions(input, format, out, mapping, delimiter, analysis, maxRejectRate, segments, segmentsFormat, maxSpendRows, products, n);
    }

    static String guessFormat(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".csv") || p.endsWith(".csv.gz") || p.endsWith(".txt")) {
            return "csv";
        }
        return "parquet";
    }
}
