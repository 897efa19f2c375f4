package org.rapport.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Each customer's margin rate, as the single-machine pipeline computes it ({@code ScoreStage}): one
 * rate for everyone with {@code --margin}; else, with a products table, the customer's amount-weighted
 * product margin over their purchase lines, and the base's average where a customer bought no product
 * with a margin; else revenue (rate 1). Before, Spark took rate 1 whenever {@code --margin} was missing,
 * so with a products file its CLV was 2.25 times the single machine's (issue 21).
 */
final class MarginStage {
    /** Purchase lines (the store's {@code purchase_lines} view) joined to the products' margins. */
    private static final String LINES = """
            SELECT l.customer_id, l.amount, p.margin_rate
            FROM rapport_net_lines l JOIN rapport_product_margin p ON l.product_id = p.product_id
            WHERE l.amount > 0 OR (l.amount = 0 AND l.returned_amount = 0)""";

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
     * @param spark the session, with the view {@code rapport_net_lines}
     * @param options the options (margin, products)
     * @return the margins by customer, or empty when everyone has the same rate (then {@link Result#fallback()})
     */
    static Result run(SparkSession spark, SparkOptions options) {
        Double margin = options.analysis().margin();
        if (margin != null) {
            return new Result(null, margin, String.format(Locale.ROOT, "--margin %.4g for every customer", margin));
        }
        if (options.products() == null) {
            return new Result(null, 1, "no products table and no --margin: CLV is on revenue (margin rate 1)");
        }
        Dataset<Row> products = read(spark, options.products());
        products.groupBy("product_id").agg(first("margin_rate", true).as("margin_rate"))
                .filter(col("margin_rate").isNotNull()).createOrReplaceTempView("rapport_product_margin");
        Dataset<Row> lines = spark.sql(LINES);
        Row avg = lines.agg(org.apache.spark.sql.functions.sum(col("amount").multiply(col("margin_rate"))),
                org.apache.spark.sql.functions.sum("amount")).first();
        Optional<Double> average = avg.isNullAt(0) || avg.isNullAt(1) || avg.getDouble(1) == 0
                ? Optional.empty() : Optional.of(avg.getDouble(0) / avg.getDouble(1));
        if (average.isEmpty()) {
            return new Result(null, 1, "no purchase of a product with a margin: CLV is on revenue (margin rate 1)");
        }
        Dataset<Row> byCustomer = lines.groupBy("customer_id")
                .agg(org.apache.spark.sql.functions.sum(col("amount").multiply(col("margin_rate"))).as("num"),
                        org.apache.spark.sql.functions.sum("amount").as("den"))
                .select(col("customer_id"), col("num").divide(col("den")).as("margin_rate"));
        return new Result(byCustomer, average.get(), String.format(Locale.ROOT,
                "each customer's products (amount-weighted margin rate; %.4g where unknown)", average.get()));
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
