package org.rapport.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.rapport.pipeline.stage.ScoreStage;

/**
 * Each customer's margin rate, by the single-machine pipeline's own rules ({@code ScoreStage.MARGINS},
 * the same SQL text over Spark views named as the store's tables): one rate for everyone with
 * {@code --margin}; else, with a products table, the customer's amount-weighted product margin over
 * their purchase lines, and the base's average where a customer bought no product with a margin; else
 * revenue (rate 1).
 */
final class MarginStage {
    /**
     * @param margins customer_id and margin_rate (null: the fallback applies)
     * @param fallback the rate of customers without one
     * @param source where the rates come from, for the report
     */
    record Result(Dataset<Row> margins, double fallback, String source) {
    }

    private MarginStage() {
    }

    /**
     * @param spark the session, with the view {@code purchase_lines}
     * @param options the options (margin, products)
     * @return the margins by customer, or empty when everyone has the same rate (then {@link Result#fallback()})
     */
    static Result run(SparkSession spark, SparkOptions options) {
        Double margin = options.analysis().margin();
        if (margin != null) {
            return new Result(null, margin, String.format(Locale.ROOT, "--margin %.4g for every customer", margin));
        }
        if (options.products() == null) {
            return new Result(null, 1, "no product margins and no --margin: CLV is on revenue (margin rate 1)");
        }
        read(spark, options.products()).createOrReplaceTempView("products");
        Row avg = spark.sql(ScoreStage.AVERAGE_MARGIN).first();
        if (avg.isNullAt(0)) {
            return new Result(null, 1, "no product margins and no --margin: CLV is on revenue (margin rate 1)");
        }
        double average = avg.getDouble(0);
        Dataset<Row> byCustomer = spark.sql(ScoreStage.MARGINS + " SELECT customer_id, margin_rate FROM customer_margin");
        return new Result(byCustomer, average, String.format(Locale.ROOT,
                "each customer's products (amount-weighted margin rate; %.4g where unknown)", average));
    }

    /** The products table: product_id and margin_rate (or margin), names in any case. */
    private static Dataset<Row> read(SparkSession spark, String path) {
        String format = SparkOptions.guessFormat(path);
        Dataset<Row> raw = spark.read().format(format).option("header", "true").load(path);
        String id = column(raw, path, "product_id", "product_id", "product", "sku", "item_id", "product_code");
        String rate = column(raw, path, "margin_rate", "margin_rate", "margin");
        Dataset<Row> p = raw.select(col(id).cast(DataTypes.StringType).as("product_id"),
                col(rate).cast(DataTypes.DoubleType).as("margin_rate"));
        long bad = p.filter(col("margin_rate").isNotNull().and(col("margin_rate").lt(lit(-1)).or(col("margin_rate").gt(lit(1)))))
                .count();
        if (bad > 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %,d products have a margin_rate outside "
                    + "-1 to 1 (a fraction of the price, e.g. 0.35)", path, bad));
        }
        return p;
    }

    private static String column(Dataset<Row> raw, String path, String name, String... aliases) {
        for (String alias : aliases) {
            for (String c : raw.columns()) {
                if (c.strip().equalsIgnoreCase(alias)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException(path + ": missing column '" + name + "' (columns: "
                + String.join(", ", Arrays.asList(raw.columns())) + ")");
    }
}
