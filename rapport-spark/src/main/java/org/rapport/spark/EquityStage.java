package org.rapport.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.rapport.analytics.groups.GroupRule;
import org.rapport.analytics.groups.RelationshipGroups;
import org.rapport.model.btyd.PurchaseModel;

/**
 * Customer equity, relationship groups and KPIs as Spark aggregations over the scores.
 *
 * <p><b>Equity</b> is the sum of the customers' CLV (margin included), over the customers with a CLV.
 *
 * <p><b>Relationship groups</b> (Reinartz &amp; Kumar 2002) by the single-machine analytics' own rule:
 * the SQL of {@link GroupRule#SELECT} run over Spark views named as the store's tables, with the same
 * thresholds (CLV above the mean CLV, a customer without one counting as 0; projected relationship above
 * a third of the CLV horizon, {@link RelationshipGroups#defaultLoyaltyThreshold}) and the same projected
 * months per distinct (x, T) ({@link GroupRule#months}, computed on the driver: a few thousand rows).
 * {@code barnacle_action} (upsell or cut cost) needs the share of wallet, which the Spark job does not
 * estimate: it is null, as in the analytics without wallets.
 *
 * <p><b>KPIs</b> per segment when a (customer_id, segment) table is given, otherwise per relationship
 * group: customers, their share, equity, its share, mean CLV, mean P(alive), mean expected purchases,
 * mean expected spend per purchase.
 */
public final class EquityStage {
    /**
     * @param customers customers with a CLV (the equity's)
     * @param equity the sum of their CLV
     * @param meanClv mean CLV over the customers with one
     * @param groupResult the relationship groups, as the analytics store them ({@code groups})
     * @param groups KPIs per relationship group
     * @param kpiBy what the KPIs are broken down by: {@code segment} or {@code relationship_group}
     * @param kpis the KPIs
     */
    public record Result(long customers, double equity, double meanClv, RelationshipGroups.Result groupResult,
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
     * @param model the final purchase model
     * @param options the options (segments, CLV horizon, unit)
     * @param runId the run id the group result names (0: assigned when loaded into a store)
     * @param out the output directory: writes {@code groups} and {@code kpis}
     * @return equity, groups and KPIs (with no spend model every CLV is null: equity 0, everyone low value)
     */
    public static Result run(SparkSession spark, Dataset<Row> scores, PurchaseModel model,
                             SparkOptions options, long runId, String out) {
        Row totals = scores.agg(count(lit(1)), count(col("clv")), sum("clv"), avg("clv"),
                avg(functions.coalesce(col("clv"), lit(0.0)))).first();
        long n = totals.getLong(0);
        long valuedCustomers = totals.getLong(1);
        double equity = totals.isNullAt(2) ? 0 : totals.getDouble(2);
        double meanClv = totals.isNullAt(3) ? Double.NaN : totals.getDouble(3);
        double clvT = totals.isNullAt(4) ? 0 : totals.getDouble(4);
        int clvMonths = options.analysis().clvMonths();
        double perMonth = 365.25 / 12 / options.analysis().unit().days();
        double loyT = RelationshipGroups.defaultLoyaltyThreshold(clvMonths);
        List<Row> lengths = new ArrayList<>();
        for (Row r : scores.select("x", "t").distinct().collectAsList()) {
            lengths.add(RowFactory.create(r.getInt(0), r.getDouble(1), GroupRule.months(model, r.getInt(0), r.getDouble(1),
                    clvMonths, perMonth)));
        }
        spark.createDataFrame(lengths, new StructType().add("x", "int").add("t", "double").add("months", "double"))
                .createOrReplaceTempView("a_rel_len");
        spark.createDataFrame(List.of(), new StructType().add("customer_id", "string").add("share_of_wallet", "double")
                .add("headroom", "double")).createOrReplaceTempView("customer_wallet");
        scores.createOrReplaceTempView("customer_scores");
        Dataset<Row> groupsRows = spark.sql(GroupRule.SELECT, GroupRule.parameters(clvT, loyT, Double.NaN));
        groupsRows.write().mode(SaveMode.Overwrite).parquet(out + "/groups");
        Dataset<Row> written = spark.read().parquet(out + "/groups");
        Dataset<Row> grouped = scores.join(written.select(col("customer_id"), col("relationship_group"), col("loyalty")),
                "customer_id");
        List<Kpi> groups = kpis(grouped, "relationship_group", n, equity);
        List<RelationshipGroups.Group> all = groupFigures(written);
        List<String> notes = new ArrayList<>();
        notes.add("no share of wallet (no customers file): barnacles are not split into upsell and cut_cost");
        if (valuedCustomers == 0) {
            notes.add("no spend model in the run: CLV is missing and counted as 0, so every customer is low value");
        }
        notes.add(String.format(Locale.ROOT, "loyalty = projected relationship length, months within the %d-month CLV"
                + " horizon; thresholds: CLV mean %.4g, loyalty third of horizon %.4g months", clvMonths, clvT, loyT));
        RelationshipGroups.Result groupResult = new RelationshipGroups.Result(runId, clvT, "mean", loyT, "third of horizon",
                Double.NaN, all, notes);
        String by = "relationship_group";
        List<Kpi> kpis = groups;
        if (options.segments() != null) {
            Dataset<Row> seg = spark.read().format(options.segmentsFormat()).option("header", "true")
                    .load(options.segments()).select(col("customer_id").cast("string"), col("segment").cast("string"));
            Dataset<Row> joined = scores.join(seg, scores.col("customer_id").equalTo(seg.col("customer_id")), "left")
                    .withColumn("segment_name", functions.coalesce(col("segment"), lit("(none)")));
            by = "segment";
            kpis = kpis(joined, "segment_name", n, equity);
        }
        writeKpis(spark, kpis, by, out);
        return new Result(valuedCustomers, equity, meanClv, groupResult, groups, by, kpis);
    }

    /** Each of the four groups' size, CLV and loyalty, in the analytics' order (empty groups too). */
    private static List<RelationshipGroups.Group> groupFigures(Dataset<Row> written) {
        Map<String, RelationshipGroups.Group> found = new HashMap<>();
        for (Row r : written.groupBy("relationship_group").agg(count(lit(1)), functions.coalesce(sum("clv"), lit(0.0)),
                functions.coalesce(avg("clv"), lit(0.0)), avg("loyalty")).collectAsList()) {
            String g = r.getString(0);
            found.put(g, new RelationshipGroups.Group(g, r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4), 0, 0, 0,
                    RelationshipGroups.strategy(g)));
        }
        List<RelationshipGroups.Group> all = new ArrayList<>();
        for (String g : RelationshipGroups.GROUPS) {
            all.add(found.getOrDefault(g, new RelationshipGroups.Group(g, 0, 0, 0, 0, 0, 0, 0, RelationshipGroups.strategy(g))));
        }
        return all;
    }

    /** The KPIs as one Parquet file in {@code out/kpis}. */
    private static void writeKpis(SparkSession spark, List<Kpi> kpis, String by, String out) {
        List<Row> rows = new ArrayList<>();
        for (Kpi k : kpis) {
            rows.add(RowFactory.create(k.name(), k.customers(), k.customerShare(), k.equity(),
                    k.equityShare(), k.meanClv(), k.meanPAlive(), k.meanExpectedPurchases(), k.meanExpectedSpend()));
        }
        StructType schema = new StructType()
                .add(by, "string").add("customers", "long").add("customer_share", "double").add("equity", "double")
                .add("equity_share", "double").add("mean_clv", "double").add("mean_p_alive", "double")
                .add("mean_expected_purchases", "double").add("mean_expected_spend", "double");
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/kpis");
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
