package org.rapport.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Customer equity, relationship groups and KPIs as Spark aggregations over the scores.
 *
 * <p><b>Equity</b> is the sum of the customers' CLV (margin included), over the customers with a CLV.
 *
 * <p><b>Relationship groups</b> (Reinartz &amp; Kumar 2002, "The mismanagement of customer loyalty",
 * HBR), defined as the single-machine analytics define them (docs/analytics.md, {@code RelationshipGroups}):
 * profitability is the CLV (a customer without one counts as 0), projected loyalty the expected purchases
 * over the horizon (the expected remaining relationship). "High" means strictly above the threshold; the
 * thresholds are the medians over all scored customers (interpolating between the two middle values for
 * an even count, as DuckDB's {@code median}): CLV and loyalty high: {@code true_friend}; CLV high only:
 * {@code butterfly}; loyalty high only: {@code barnacle}; neither: {@code stranger}.
 * {@code barnacle_action} (upsell or cut cost) needs the share of wallet, which the Spark job does not
 * estimate: it is null, as in the analytics without wallets. Past {@link #EXACT_MEDIAN_LIMIT} customers
 * the medians are Spark's {@code percentile_approx} with accuracy 10<sup>6</sup> (rank error at most one
 * customer in a million), because an exact median ships every distinct value to one task.
 *
 * <p><b>KPIs</b> per segment when a (customer_id, segment) table is given, otherwise per relationship
 * group: customers, their share, equity, its share, mean CLV, mean P(alive), mean expected purchases,
 * mean expected spend per purchase.
 */
public final class EquityStage {
    /** Up to this many customers the medians are exact. */
    public static final long EXACT_MEDIAN_LIMIT = 50_000_000L;

    /**
     * @param customers customers with a CLV (the equity's)
     * @param equity the sum of their CLV
     * @param meanClv mean CLV
     * @param medianClv the CLV threshold of the groups
     * @param medianLoyalty the expected-purchases threshold of the groups
     * @param groups per relationship group
     * @param kpiBy what the KPIs are broken down by: {@code segment} or {@code relationship_group}
     * @param kpis the KPIs
     */
    public record Result(long customers, double equity, double meanClv, double medianClv, double medianLoyalty,
                         List<Kpi> groups, String kpiBy, List<Kpi> kpis) {
    }

    /**
     * One row of KPIs.
     *
     * @param name the group or segment
     * @param customers customers
     * @param customerShare share of all customers
     * @param equity sum of CLV
     * @param equityShare share of the equity
     * @param meanClv mean CLV
     * @param meanPAlive mean P(alive)
     * @param meanExpectedPurchases mean expected purchases over the horizon
     * @param meanExpectedSpend mean expected spend per purchase
     */
    public record Kpi(String name, long customers, double customerShare, double equity, double equityShare,
                      double meanClv, double meanPAlive, double meanExpectedPurchases, double meanExpectedSpend) {
    }

    private EquityStage() {
    }

    /**
     * @param spark the session
     * @param scores the scores (as written by the job)
     * @param options the options (segments)
     * @param out the output directory: writes {@code groups} and {@code kpis}
     * @return equity, groups and KPIs (with no spend model every CLV is null: equity 0, groups by loyalty only)
     */
    public static Result run(SparkSession spark, Dataset<Row> scores, SparkOptions options, String out) {
        Dataset<Row> valued = scores.withColumn("clv0", functions.coalesce(col("clv"), lit(0.0)));
        Row totals = scores.agg(count(lit(1)), count(col("clv")), sum("clv"), avg("clv")).first();
        long n = totals.getLong(0);
        if (n == 0) {
            return new Result(0, 0, Double.NaN, Double.NaN, Double.NaN, List.of(), "relationship_group", List.of());
        }
        long valuedCustomers = totals.getLong(1);
        double equity = totals.isNullAt(2) ? 0 : totals.getDouble(2);
        double meanClv = totals.isNullAt(3) ? Double.NaN : totals.getDouble(3);
        Column medClv = n <= EXACT_MEDIAN_LIMIT ? functions.median(col("clv0"))
                : functions.percentile_approx(col("clv0"), lit(0.5), lit(1_000_000));
        Column medLoyalty = n <= EXACT_MEDIAN_LIMIT ? functions.median(col("expected_purchases"))
                : functions.percentile_approx(col("expected_purchases"), lit(0.5), lit(1_000_000));
        Row med = valued.agg(medClv, medLoyalty).first();
        double mClv = ((Number) med.get(0)).doubleValue();
        double mLoyalty = ((Number) med.get(1)).doubleValue();
        Column group = when(col("clv0").gt(mClv).and(col("expected_purchases").gt(mLoyalty)), lit("true_friend"))
                .when(col("clv0").gt(mClv), lit("butterfly"))
                .when(col("expected_purchases").gt(mLoyalty), lit("barnacle"))
                .otherwise(lit("stranger"));
        Dataset<Row> grouped = valued.withColumn("relationship_group", group);
        grouped.select(col("customer_id"), col("relationship_group"), lit(null).cast("string").as("barnacle_action"),
                        col("clv"), col("expected_purchases").as("loyalty"))
                .write().mode(SaveMode.Overwrite).parquet(out + "/groups");
        List<Kpi> groups = kpis(grouped, "relationship_group", n, equity);
        String by = "relationship_group";
        List<Kpi> kpis = groups;
        if (options.segments() != null) {
            Dataset<Row> seg = spark.read().format(options.segmentsFormat()).option("header", "true")
                    .load(options.segments()).select(col("customer_id").cast("string"), col("segment").cast("string"));
            Dataset<Row> joined = grouped.join(seg, grouped.col("customer_id").equalTo(seg.col("customer_id")), "left")
                    .withColumn("segment_name", functions.coalesce(col("segment"), lit("(none)")));
            by = "segment";
            kpis = kpis(joined, "segment_name", n, equity);
        }
        List<Row> rows = new ArrayList<>();
        for (Kpi k : kpis) {
            rows.add(org.apache.spark.sql.RowFactory.create(k.name(), k.customers(), k.customerShare(), k.equity(),
                    k.equityShare(), k.meanClv(), k.meanPAlive(), k.meanExpectedPurchases(), k.meanExpectedSpend()));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add(by, "string").add("customers", "long").add("customer_share", "double").add("equity", "double")
                .add("equity_share", "double").add("mean_clv", "double").add("mean_p_alive", "double")
                .add("mean_expected_purchases", "double").add("mean_expected_spend", "double");
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/kpis");
        return new Result(valuedCustomers, equity, meanClv, mClv, mLoyalty, groups, by, kpis);
    }

    private static List<Kpi> kpis(Dataset<Row> d, String by, long n, double equity) {
        List<Kpi> out = new ArrayList<>();
        for (Row r : d.groupBy(by).agg(count(lit(1)), sum("clv"), avg("clv"), avg("p_alive"),
                avg("expected_purchases"), avg("expected_spend")).orderBy(by).collectAsList()) {
            long c = r.getLong(1);
            double e = r.isNullAt(2) ? 0 : r.getDouble(2);
            out.add(new Kpi(r.getString(0), c, (double) c / n, e, equity == 0 ? Double.NaN : e / equity, nan(r, 3),
                    nan(r, 4), nan(r, 5), nan(r, 6)));
        }
        return out;
    }

    private static double nan(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }
}
