package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * The whole segments stage on a simulated world of 20,000 customers with planted needs-based segments:
 * customers, products and transactions ingested, scored by the pipeline, then discovered, assigned,
 * profiled and budgeted. One world for all tests (simulating and scoring it takes seconds).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SegmentAnalysisTest {
    @TempDir
    static Path dir;
    private static RapportStore store;
    private static final Map<String, String> TRUTH = new HashMap<>();

    @BeforeAll
    static void world() throws IOException {
        WorldOptions world = WorldOptions.withDefaults().withCustomers(20_000).withSeed(2005);
        Path w = dir.resolve("world");
        WorldSimulator.of(world).simulate(w);
        store = RapportStore.open(dir.resolve("r.duckdb"));
        Ingestor.of(store).ingest(Kind.CUSTOMERS, w.resolve("customers.csv"));
        Ingestor.of(store).ingest(Kind.PRODUCTS, w.resolve("products.csv"));
        Ingestor.of(store).ingest(Kind.TRANSACTIONS, w.resolve("transactions.csv"));
        Analysis.run(store, AnalysisOptions.defaults().withCalibrationEnd(world.calibrationEnd())
                .withModel(FitStage.PurchaseModelChoice.BGNBD).withMargin(0.3), Progress.NONE);
        List<String> lines = Files.readAllLines(w.resolve("truth_customers.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 3);
            TRUTH.put(f[0], f[1]);
        }
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static double ari() {
        List<String[]> rows = store.query("SELECT customer_id, cluster FROM customer_cluster",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        String[] found = new String[rows.size()];
        String[] truth = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            found[i] = rows.get(i)[1];
            truth[i] = TRUTH.get(rows.get(i)[0]);
        }
        return ClusterQuality.adjustedRandIndex(found, truth);
    }

    @Test
    @Order(1)
    void discoveryOnNeedsAndBehaviourFindsThePlantedSegments() {
        SegmentAnalysis.Result r = SegmentAnalysis.run(store, SegmentOptions.defaults(), Progress.NONE);
        assertThat(r.discovery()).isNotNull();
        assertThat(r.discovery().usedNeeds()).isTrue();
        assertThat(r.discovery().features()).contains("price", "service", "frequency", "p_alive");
        assertThat(r.customers()).isEqualTo(20_000);
        assertThat(r.unassigned()).isZero();
        double ari = ari();
        System.out.printf("needs+behaviour discovery on the stored world: k=%d ARI=%.4f seconds=%s silhouette=%s%n",
                r.discovery().k(), ari, r.seconds(), r.discovery().silhouette());
        // The bar; docs/simulator.md gives 0.86 for 5-means on the needs alone.
        assertThat(ari).isGreaterThanOrEqualTo(0.8);
        assertThat(r.segments()).extracting(s -> s.segment().name()).contains("price-driven", "service-driven");
        SegmentAnalysis.SegmentSummary price = r.segments().stream()
                .filter(s -> s.segment().name().equals("price-driven")).findFirst().orElseThrow();
        assertThat(price.kpis().distinctiveNeeds().get(0).feature()).isEqualTo("price");
        assertThat(price.kpis().distinctiveNeeds().get(0).z()).isGreaterThan(1);
        assertThat(price.kpis().topCategories()).hasSize(3);
        assertThat(price.kpis().retention()).isBetween(0.0, 1.0);
        assertThat(price.kpis().shareOfWallet()).isNull();
        long sum = r.segments().stream().mapToLong(s -> s.kpis().customers()).sum();
        assertThat(sum).isEqualTo(20_000);
        double equity = r.segments().stream().mapToDouble(s -> s.kpis().equity()).sum();
        assertThat(equity).isCloseTo(store.queryFirst("SELECT sum(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow(),
                offset(1e-6 * equity));
        assertThat(Results.latestJson(store, "segments")).get().asString().contains("price-driven").contains("distinctiveNeeds");
    }

    @Test
    @Order(2)
    void ruleSegmentsTakePrecedenceInPriorityOrder() {
        SegmentStore s = SegmentStore.of(store);
        s.define("young-loyal", "age < 35 and p_alive > 0.5", 1, "young customers still active");
        s.define("young", "age < 35", 2, null);
        SegmentAnalysis.Result r = SegmentAnalysis.run(store, SegmentOptions.defaults(), Progress.NONE);
        assertThat(r.discovery()).as("clusters kept").isNull();
        long youngLoyal = Rule.parse("age < 35 and p_alive > 0.5").count(store);
        long young = Rule.parse("age < 35").count(store);
        assertThat(youngLoyal).isPositive();
        assertThat(store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = 'young-loyal'")).isEqualTo(youngLoyal);
        assertThat(store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = 'young'")).isEqualTo(young - youngLoyal);
        assertThat(s.list().get(0).name()).isEqualTo("young-loyal");
        s.set("young", "Ada", "growth", 1000.0);
        assertThat(s.get("young").manager()).isEqualTo("Ada");
        assertThat(s.get("young").budget()).isEqualTo(1000.0);
        s.delete("young");
        SegmentAnalysis.run(store, SegmentOptions.defaults(), Progress.NONE);
        assertThat(store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = 'young'")).isZero();
        assertThatThrownBy(() -> s.get("young")).hasMessageContaining("no segment named 'young'; segments: young-loyal");
        assertThatThrownBy(() -> s.define("x", "agee < 3", 1, null)).isInstanceOf(RuleException.class);
        assertThatThrownBy(() -> s.define("bad name", "age < 3", 1, null)).hasMessageContaining("is not allowed");
    }

    @Test
    @Order(3)
    void hostileRuleTextsNeverReachSql() {
        long customers = store.count("customers");
        assertThat(Rule.parse("need('price''); DROP TABLE customers; --') > 1").count(store)).isZero();
        assertThat(Rule.parse("attribute('x'' OR 1=1 --') = 'a'").count(store)).isZero();
        assertThat(Rule.parse("category_share('baby'' OR ''1''=''1') > 0").count(store)).isZero();
        assertThat(store.count("customers")).isEqualTo(customers);
        // A real category share is between 0 and 1 and found for some customers.
        assertThat(Rule.parse("category_share('BABY') > 0.2 and brand_share('nova') >= 0").count(store)).isPositive();
        assertThatThrownBy(() -> Rule.parse("wallet > 100").count(store)).isInstanceOf(RuleException.class)
                .hasMessageContaining("field 'wallet' comes from table customer_wallet, which has not been computed yet: run rapport wallet first");
    }

    @Test
    @Order(4)
    void budgetSplitsTheTotalAcrossSegmentsAndCanBeApplied() {
        SegmentBudget.Result r = SegmentBudget.allocate(store, 50_000, SegmentBudget.Parameters.defaults(), true);
        double sum = r.segments().stream().mapToDouble(BudgetAllocator.Allocation::budget).sum();
        assertThat(sum).isCloseTo(50_000, offset(1e-6));
        assertThat(r.expectedGain()).isPositive();
        for (BudgetAllocator.Allocation a : r.segments()) {
            if (a.budget() > 0) {
                assertThat(a.marginalReturn()).isCloseTo(r.lambda(), offset(1e-6 * r.lambda()));
                assertThat(SegmentStore.of(store).find(a.segment()).orElseThrow().budget()).isCloseTo(a.budget(), offset(1e-9));
            }
        }
        assertThat(Results.latestJson(store, "budget")).get().asString().contains("marginalReturn");
    }

    @Test
    @Order(7)
    void frameColumnsAgreeWithTheStore() {
        CustomerFrame f = CustomerFrame.load(store);
        assertThat(f.size()).isEqualTo(20_000);
        String region = store.queryFirst("SELECT min(region) FROM customers", rs -> rs.getString(1)).orElseThrow();
        assertThat(Rule.parse("region = '" + region + "'").count(f))
                .isEqualTo(store.queryLong("SELECT count(*) FROM customers WHERE region = ?", region));
        // The simulator's first purchases all fall in 2023 Q1 (docs/simulator.md).
        assertThat(Rule.parse("cohort = '2023-Q1'").count(f)).isEqualTo(20_000);
        assertThat(Rule.parse("household_size >= 1 and tenure >= recency and x >= 0").count(f)).isEqualTo(20_000);
        assertThat(Rule.parse("need('price') >= 1 and need('price') <= 7").count(f)).isEqualTo(20_000);
        assertThat(java.util.Set.of(f.ids())).hasSize(20_000);
        double[] pAlive = f.number("p_alive");
        double[] price = f.keyed(CustomerFrame.Keyed.NEED, "price");
        for (int i : new int[] {0, 7_777, 19_999}) {
            assertThat(pAlive[i]).isEqualTo(store.queryFirst("SELECT p_alive FROM customer_scores WHERE customer_id = ?",
                    rs -> rs.getDouble(1), f.ids()[i]).orElseThrow());
            assertThat(price[i]).isEqualTo(store.queryFirst("SELECT score FROM customer_needs WHERE customer_id = ? AND need = 'price'",
                    rs -> rs.getDouble(1), f.ids()[i]).orElseThrow());
        }
    }

    @Test
    @Order(6)
    void withoutNeedsDiscoveryUsesBehaviourOnlyAndSaysSo() throws IOException {
        WorldOptions world = WorldOptions.withDefaults().withCustomers(2_000).withSeed(3);
        Path w = dir.resolve("small");
        WorldSimulator.of(world).simulate(w);
        try (RapportStore small = RapportStore.inMemory()) {
            Ingestor.of(small).ingest(Kind.TRANSACTIONS, w.resolve("transactions.csv"));
            Analysis.run(small, AnalysisOptions.defaults().withModel(FitStage.PurchaseModelChoice.BGNBD).withMargin(0.3),
                    Progress.NONE);
            SegmentAnalysis.Result r = SegmentAnalysis.run(small, SegmentOptions.defaults(), Progress.NONE);
            assertThat(r.discovery().usedNeeds()).isFalse();
            assertThat(r.discovery().features()).containsExactly("frequency", "spend", "p_alive");
            assertThat(r.discovery().note()).startsWith("no needs answers in the store").contains("behaviour only");
            assertThat(r.segments()).allSatisfy(x -> assertThat(x.segment().name()).matches("(high|low)-(frequency|spend|p_alive)(-\\d+)?"));
            assertThat(r.unassigned()).isZero();
        }
    }

    @Test
    @Order(5)
    void withoutScoresTheStageSaysToAnalyseFirst() {
        try (RapportStore empty = RapportStore.inMemory()) {
            assertThatThrownBy(() -> SegmentAnalysis.run(empty, SegmentOptions.defaults(), Progress.NONE))
                    .isInstanceOf(SegmentException.class).hasMessage("there are no scores yet: run rapport analyze first");
            assertThatThrownBy(() -> SegmentBudget.allocate(empty, 10, SegmentBudget.Parameters.defaults(), false))
                    .hasMessageContaining("run rapport analyze first");
            assertThat(CustomerFrame.load(empty).size()).isZero();
        }
    }

    @Test
    @Order(8)
    void kpisFromTheJobsMaterialisedLinesEqualThoseFromTheTransactions() {
        // AfterScoring sums the top categories from a_lines instead of netting purchase_lines again:
        // the same rows, so the same categories; the shares are sums DuckDB adds in parallel, in an order
        // that varies from run to run, so they agree to rounding (1e-12 relative, far above 1e-16 per term).
        SegmentAnalysis.Result fromTransactions = SegmentAnalysis.current(store, null, false);
        org.rapport.analytics.Lines.refresh(store);
        try {
            SegmentAnalysis.Result fromLines = SegmentAnalysis.current(store, null, true);
            assertThat(fromLines.segments()).hasSameSizeAs(fromTransactions.segments());
            for (int i = 0; i < fromLines.segments().size(); i++) {
                SegmentAnalysis.Kpis a = fromLines.segments().get(i).kpis();
                SegmentAnalysis.Kpis b = fromTransactions.segments().get(i).kpis();
                assertThat(a.customers()).isEqualTo(b.customers());
                assertThat(a.topCategories()).hasSize(b.topCategories().size());
                for (int c = 0; c < a.topCategories().size(); c++) {
                    assertThat(a.topCategories().get(c).category()).isEqualTo(b.topCategories().get(c).category());
                    assertThat(a.topCategories().get(c).share()).isCloseTo(b.topCategories().get(c).share(), offset(1e-12));
                }
            }
            assertThat(fromLines.segments()).anySatisfy(s -> assertThat(s.kpis().topCategories()).hasSize(3));
        } finally {
            org.rapport.analytics.Lines.drop(store);
        }
    }

    @Test
    @Order(9)
    void distinctiveNeedsFromTheJobsFrameEqualThoseFromTheStore() {
        // AfterScoring computes the segments' distinctive needs from the need answers its frame holds and
        // the segments it assigned, instead of joining customer_needs to customer_segment again.
        SegmentAnalysis.Assignment job = SegmentAnalysis.assignWithFrame(store, SegmentOptions.defaults(), Progress.NONE);
        SegmentAnalysis.Result fromStore = SegmentAnalysis.current(store, null, false);
        SegmentAnalysis.Result fromFrame = SegmentAnalysis.current(store, null, false, job);
        assertThat(fromFrame.segments()).hasSameSizeAs(fromStore.segments());
        for (int i = 0; i < fromFrame.segments().size(); i++) {
            List<SegmentDiscovery.Distinctive> a = fromFrame.segments().get(i).kpis().distinctiveNeeds();
            List<SegmentDiscovery.Distinctive> b = fromStore.segments().get(i).kpis().distinctiveNeeds();
            assertThat(a).hasSameSizeAs(b);
            for (int k = 0; k < a.size(); k++) {
                assertThat(a.get(k).feature()).isEqualTo(b.get(k).feature());
                assertThat(a.get(k).z()).isCloseTo(b.get(k).z(), offset(1e-9));
            }
        }
        assertThat(fromFrame.segments()).anySatisfy(s -> assertThat(s.kpis().distinctiveNeeds()).hasSize(3));
    }

    @Test
    @Order(10)
    void aRuleSavedOnADiscoveredSegmentMakesItARuleSegmentAtOnce() {
        SegmentAnalysis.run(store, SegmentOptions.defaults(), Progress.NONE);
        String cluster = store.queryFirst("SELECT name FROM segments WHERE kind = 'discovered' ORDER BY name LIMIT 1",
                rs -> rs.getString(1)).orElseThrow();
        long members = store.queryLong("SELECT count(*) FROM customer_cluster WHERE cluster = ?", cluster);
        // the server stores the rule on the row as it is (kind still 'discovered'); ruleSaved makes it take effect
        store.update("UPDATE segments SET rule = 'p_alive > 0.9' WHERE name = ?", cluster);
        SegmentAnalysis.RuleSaved r = SegmentAnalysis.ruleSaved(store, cluster);
        assertThat(r.converted()).isTrue();
        assertThat(r.segment().kind()).isEqualTo(Segment.RULE);
        assertThat(r.message()).contains("was a discovered segment").contains("now a rule segment");
        // it holds exactly the customers its rule matches and no earlier rule segment took
        long matching = store.queryLong("SELECT count(*) FROM customer_scores s LEFT JOIN customer_segment c USING (customer_id) "
                + "WHERE s.p_alive > 0.9 AND c.segment = ?", cluster);
        assertThat(r.customers()).isEqualTo(matching).isPositive();
        assertThat(store.queryLong("SELECT count(*) FROM customer_segment c JOIN customer_scores s USING (customer_id) "
                + "WHERE c.segment = ? AND NOT s.p_alive > 0.9", cluster)).isZero();
        // the former members the rule does not match are unassigned, not kept in the cluster
        assertThat(r.formerClusterUnassigned()).isPositive().isLessThan(members);
        // the next discovery keeps the rule segment's name for the rule segment: the cluster gets another name
        SegmentAnalysis.run(store, SegmentOptions.defaults().withRediscover(true), Progress.NONE);
        assertThat(SegmentStore.of(store).get(cluster).kind()).isEqualTo(Segment.RULE);
        assertThat(store.queryLong("SELECT count(*) FROM segments WHERE name = ?", cluster + "-cluster")).isOne();
    }
}
