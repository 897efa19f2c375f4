package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rapport.model.fit.FitResult;
import org.rapport.pipeline.Analysis;
import org.rapport.store.RapportStore;

/**
 * Checks that the Spark job and the DuckDB pipeline agree on the same input.
 *
 * <p>Tolerances: both paths feed the same compressed tables (counts are integers; times are the same
 * day differences divided by the same unit) to the same optimiser with the same starting values, so the
 * parameters can differ only through the order of floating-point sums (amounts summed per day in DuckDB
 * vs Spark; validation sums over customers vs over groups), a few units in the 16th digit that BFGS's
 * stopping rule may amplify to ~1e-9: 1e-6 relative, the bar, leaves three orders of margin. The
 * per-customer scores are the same code ({@code CustomerScoring}) on the same (x, t_x, T, m&#772;), in the
 * same batches, with parameters that in practice agree to ~1e-12 (the optimiser takes the same steps
 * from the same start; its stopping rule would have to fall between two iterates for more): the issue's
 * bar for scores is 1e-9 relative (absolute 1e-12 for values near 0), and the largest deviation seen is printed.
 * The predictive intervals are draws seeded by the customer's place in its batch, so they agree only
 * because both engines form the same batches; a wrong order would change almost every interval.
 */
final class PipelineComparison {
    static final double REL = 1e-6;
    static final double SCORES_REL = 1e-9;

    private PipelineComparison() {
    }

    static void sameParameters(FitResult<?> spark, FitResult<?> duck) {
        sameParameters(spark, duck, true);
    }

    /**
     * @param exactRows whether the distinct rows must be the same number: true for (x, t_x, T), whose
     *     values are day counts over a unit; not for the spend table's (x, m&#772;), where m&#772; is a sum
     *     of amounts that DuckDB and Spark add in different orders, so two customers with the same mean
     *     in one engine can differ in the last bit in the other (rows then agree to 0.1%)
     */
    static void sameParameters(FitResult<?> spark, FitResult<?> duck, boolean exactRows) {
        assertThat(spark.modelName()).isEqualTo(duck.modelName());
        for (String p : duck.parameterNames()) {
            assertThat(spark.parameter(p)).as("%s %s", duck.modelName(), p)
                    .isCloseTo(duck.parameter(p), org.assertj.core.data.Percentage.withPercentage(100 * REL));
        }
        assertThat(spark.observations()).isEqualTo(duck.observations());
        if (exactRows) {
            assertThat(spark.distinctRows()).isEqualTo(duck.distinctRows());
        } else {
            assertThat((double) spark.distinctRows()).isCloseTo(duck.distinctRows(),
                    org.assertj.core.data.Percentage.withPercentage(0.1));
        }
    }

    static void sameFits(SparkAnalysis.Result s, Analysis.Result d) {
        sameParameters(s.fits().calibrationFit(), d.fits().calibrationFit());
        sameParameters(s.fits().finalFit(), d.fits().finalFit());
        assertThat(s.fits().spendFit() == null).isEqualTo(d.fits().spendFit() == null);
        if (d.fits().spendFit() != null) {
            sameParameters(s.fits().spendFit(), d.fits().spendFit(), false);
        }
        assertThat(s.fits().candidates()).hasSameSizeAs(d.fits().candidates());
        for (int i = 0; i < d.fits().candidates().size(); i++) {
            assertThat(s.fits().candidates().get(i).model()).isEqualTo(d.fits().candidates().get(i).model());
            assertThat(s.fits().candidates().get(i).chosen()).isEqualTo(d.fits().candidates().get(i).chosen());
        }
        if (d.fits().validation() != null) {
            assertThat(s.fits().validation().mae()).isCloseTo(d.fits().validation().mae(),
                    org.assertj.core.data.Percentage.withPercentage(100 * REL));
            assertThat(s.fits().validation().buckets()).hasSameSizeAs(d.fits().validation().buckets());
            for (int i = 0; i < d.fits().validation().buckets().size(); i++) {
                assertThat(s.fits().validation().buckets().get(i).customers())
                        .isEqualTo(d.fits().validation().buckets().get(i).customers());
            }
            assertThat(s.fits().validation().tracking()).hasSameSizeAs(d.fits().validation().tracking());
            for (int i = 0; i < d.fits().validation().tracking().size(); i++) {
                assertThat(s.fits().validation().tracking().get(i).actual())
                        .isEqualTo(d.fits().validation().tracking().get(i).actual());
            }
        }
    }

    private static final String[] COLUMNS = {"x", "t_x", "t", "p_alive", "expected_purchases", "expected_spend", "margin_rate",
        "clv", "clv_lower", "clv_upper", "purchases_lower", "purchases_upper", "clv_pred_lower", "clv_pred_upper"};

    /** @return the number of customers compared */
    static int sameScores(SparkSession spark, String scoresPath, RapportStore store) {
        Map<String, Double[]> duck = new HashMap<>();
        store.query("SELECT customer_id, " + String.join(", ", COLUMNS) + " FROM customer_scores", rs -> {
            Double[] v = new Double[COLUMNS.length];
            for (int i = 0; i < COLUMNS.length; i++) {
                double d = rs.getDouble(i + 2);
                v[i] = rs.wasNull() ? null : d;
            }
            duck.put(rs.getString(1), v);
            return null;
        });
        List<Row> rows = spark.read().parquet(scoresPath).select("customer_id", COLUMNS).collectAsList();
        assertThat(rows).hasSize(duck.size());
        double worst = 0;
        long intervals = 0;
        for (Row r : rows) {
            Double[] d = duck.get(r.getString(0));
            assertThat(d).as("customer %s scored by the pipeline", r.getString(0)).isNotNull();
            for (int i = 0; i < COLUMNS.length; i++) {
                Object o = r.get(i + 1);
                Double s = o == null ? null : ((Number) o).doubleValue();
                if (d[i] == null || s == null) {
                    assertThat(s).as("%s of %s", COLUMNS[i], r.getString(0)).isEqualTo(d[i]);
                } else {
                    assertThat(s).as("%s of %s", COLUMNS[i], r.getString(0))
                            .isCloseTo(d[i], org.assertj.core.data.Offset.offset(SCORES_REL * Math.abs(d[i]) + 1e-12));
                    worst = Math.max(worst, Math.abs(s - d[i]) / Math.max(Math.abs(d[i]), 1e-300));
                    intervals += COLUMNS[i].equals("clv_pred_upper") ? 1 : 0;
                }
            }
        }
        assertThat(intervals).as("customers with a predictive interval").isPositive();
        System.out.printf("SCORES %s: %d customers, largest relative deviation from the pipeline %.3g%n", scoresPath,
                rows.size(), worst);
        return rows.size();
    }
}
