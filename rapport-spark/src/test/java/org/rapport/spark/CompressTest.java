package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.pipeline.stage.Summarise;

/**
 * The compression the driver receives: counts add up to the customers, groups are distinct, and past
 * the spend limit Gamma-Gamma gets a uniform sample of the repeat buyers of about the limit's size.
 */
class CompressTest {
    static final int CUSTOMERS = 4_000;
    static final PurchaseHistory.Window WINDOW = new PurchaseHistory.Window(100, 200, 7);
    static SparkSession spark;
    static Dataset<Row> summary;
    static long repeatBuyers;
    static long born;

    @BeforeAll
    static void summaries() {
        spark = LocalSpark.start();
        SplittableRandom rnd = new SplittableRandom(11);
        PurchaseHistory.Window now = new PurchaseHistory.Window(200, 200, 7);
        List<CustomerSummary> rows = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            PurchaseHistory h = PurchaseHistory.create();
            long first = rnd.nextLong(0, 150);
            h.accept(first, 10 + rnd.nextInt(50));
            int k = rnd.nextInt(0, 5);
            for (int j = 0; j < k; j++) {
                h.accept(first + rnd.nextLong(1, 51), 5 + rnd.nextInt(100) / 4.0);
            }
            CustomerSummary s = CustomerSummary.of(h, WINDOW, now);
            rows.add(s);
            if (s.getX() > 0) {
                repeatBuyers++;
            }
            if (s.getCalX() != null) {
                born++;
            }
        }
        summary = spark.createDataset(rows, Encoders.bean(CustomerSummary.class)).toDF().cache();
    }

    @Test
    void countsAddUpToTheCustomers() {
        Summarise.Result r = SparkAnalysis.compress(summary, WINDOW, 1_000_000);
        assertThat(r.customers()).isEqualTo(CUSTOMERS);
        assertThat(r.lateCustomers()).isEqualTo(CUSTOMERS - born);
        assertThat(r.current().customers()).isEqualTo(CUSTOMERS);
        assertThat(r.calibration().customers()).isEqualTo(born);
        assertThat(r.calibration().rfm().customers()).isEqualTo(born);
        assertThat(r.calibration().births().values().stream().mapToLong(v -> v[0]).sum()).isEqualTo(born);
        assertThat(r.spend().customers()).isEqualTo(repeatBuyers);
        // Far fewer rows than customers: that is the point of the compression.
        assertThat(r.current().size()).isLessThan(CUSTOMERS);
    }

    @Test
    void pastTheLimitTheSpendModelGetsAUniformSample() {
        Summarise.Result r = SparkAnalysis.compress(summary, WINDOW, 1_000);
        // Bernoulli sampling at 1000 / repeat buyers: the size is binomial with sd below 32; 5 sd either side.
        assertThat(r.spend().customers()).isBetween(1_000.0 - 160, 1_000.0 + 160);
        assertThat(r.current().customers()).isEqualTo(CUSTOMERS);
    }
}
