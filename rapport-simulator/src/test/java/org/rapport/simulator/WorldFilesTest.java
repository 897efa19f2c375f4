package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files: their columns, that they parse and refer to each other, and that they are deterministic. */
class WorldFilesTest {
    /** Three chunks (4096 + 4096 + 808), so chunk order and thread count matter if anything is wrong. */
    private static final WorldOptions OPTIONS = WorldOptions.withDefaults().withCustomers(9_000).withSeed(11);

    @TempDir
    static Path tmp;
    private static Path twoThreads;
    private static SimulationReport report;
    private static final List<long[]> PROGRESS = new ArrayList<>();
    private static final Map<WorldFile, List<List<String>>> FILES = new EnumMap<>(WorldFile.class);

    @BeforeAll
    static void simulate() throws IOException {
        twoThreads = tmp.resolve("two");
        report = WorldSimulator.of(OPTIONS.withThreads(2)).simulate(twoThreads, (stage, done, total) -> {
            if (stage == SimulationProgress.Stage.CUSTOMERS) {
                PROGRESS.add(new long[] {done, total});
            }
        });
        for (WorldFile f : WorldFile.values()) {
            FILES.put(f, Csv.read(twoThreads.resolve(f.fileName())));
        }
    }

    private static List<List<String>> rows(WorldFile f) {
        List<List<String>> all = FILES.get(f);
        return all.subList(1, all.size());
    }

    @Test
    void sameSeedGivesIdenticalFilesWithAnyThreadCount() throws IOException {
        Path one = tmp.resolve("one");
        WorldSimulator.of(OPTIONS.withThreads(1)).simulate(one);
        for (WorldFile f : WorldFile.values()) {
            assertThat(Files.mismatch(one.resolve(f.fileName()), twoThreads.resolve(f.fileName())))
                    .as(f.fileName()).isEqualTo(-1L);
        }
        assertThat(Files.mismatch(one.resolve(WorldFile.TRUTH_JSON), twoThreads.resolve(WorldFile.TRUTH_JSON)))
                .isEqualTo(-1L);
    }

    @Test
    void anotherSeedGivesAnotherWorld() throws IOException {
        Path other = tmp.resolve("other");
        WorldSimulator.of(OPTIONS.withSeed(12).withThreads(2)).simulate(other);
        assertThat(Files.mismatch(other.resolve("transactions.csv"), twoThreads.resolve("transactions.csv")))
                .isNotEqualTo(-1L);
        assertThat(Files.mismatch(other.resolve("products.csv"), twoThreads.resolve("products.csv"))).isEqualTo(-1L);
    }

    @Test
    void everyFileHasItsDocumentedHeaderAndWidth() {
        for (WorldFile f : WorldFile.values()) {
            List<List<String>> all = FILES.get(f);
            assertThat(all.get(0)).as(f.fileName()).isEqualTo(f.columns());
            for (List<String> r : all) {
                assertThat(r).as(f.fileName()).hasSize(f.columns().size());
            }
            assertThat((long) all.size() - 1).as(f.fileName()).isEqualTo(report.rows().get(f));
        }
        assertThat(report.customers()).isEqualTo(9_000);
        assertThat(report.prospects()).isEqualTo(4_500);
        assertThat(rows(WorldFile.CUSTOMERS)).hasSize(9_000);
        assertThat(rows(WorldFile.PRODUCTS)).hasSize(Catalog.defaults().products().size());
    }

    @Test
    void fieldsParseAndReferToEachOther() {
        // Plain checks collected into one list: AssertJ per field is too slow for 40,000 rows.
        List<String> problems = new ArrayList<>();
        Set<String> products = new HashSet<>();
        for (List<String> r : rows(WorldFile.PRODUCTS)) {
            products.add(r.get(0));
            check(problems, Double.parseDouble(r.get(4)) > 0, "price", r);
            double margin = Double.parseDouble(r.get(5));
            check(problems, margin > 0 && margin < 1, "margin_rate", r);
        }
        for (List<String> r : rows(WorldFile.PRODUCTS)) {
            check(problems, r.get(6).isEmpty() || products.contains(r.get(6)), "upgrade_of", r);
        }
        Set<Long> customers = new HashSet<>();
        LocalDate start = OPTIONS.start();
        for (List<String> r : rows(WorldFile.CUSTOMERS)) {
            long id = Long.parseLong(r.get(0));
            customers.add(id);
            check(problems, Long.parseLong(r.get(5)) <= id, "household_id", r);
            check(problems, LocalDate.parse(r.get(3)).isBefore(start.minusYears(17)), "birth_date", r);
            LocalDate acquired = LocalDate.parse(r.get(7));
            check(problems, !acquired.isBefore(start) && !acquired.isAfter(OPTIONS.firstPurchaseEnd()),
                    "acquisition_date", r);
            check(problems, r.get(8).isEmpty() || Double.parseDouble(r.get(8)) > 0, "survey_wallet", r);
            for (int k = 9; k < 14; k++) {
                int a = Integer.parseInt(r.get(k));
                check(problems, a >= 1 && a <= 7, "need", r);
            }
        }
        Set<Long> orders = new HashSet<>();
        for (List<String> r : rows(WorldFile.TRANSACTIONS)) {
            long id = Long.parseLong(r.get(0));
            check(problems, customers.contains(id), "customer_id", r);
            check(problems, inPeriod(LocalDate.parse(r.get(1))), "ts", r);
            check(problems, r.get(2).matches("\\d+\\.\\d\\d") && Double.parseDouble(r.get(2)) >= 0.01, "amount", r);
            long order = Long.parseLong(r.get(3));
            check(problems, order / 100_000 == id, "order_id", r);
            orders.add(order);
            check(problems, products.contains(r.get(4)), "product_id", r);
            check(problems, Integer.parseInt(r.get(5)) > 0, "quantity", r);
            check(problems, OPTIONS.world().orderChannels().contains(r.get(6)), "channel", r);
        }
        assertThat((long) orders.size()).isEqualTo(report.orders());
        for (WorldFile f : List.of(WorldFile.LIFE_EVENTS, WorldFile.INTERACTIONS, WorldFile.FEEDBACK)) {
            for (List<String> r : rows(f)) {
                check(problems, customers.contains(Long.parseLong(r.get(0))), f + " customer_id", r);
                check(problems, inPeriod(LocalDate.parse(r.get(1))), f + " date", r);
            }
        }
        for (List<String> r : rows(WorldFile.INTERACTIONS)) {
            int rating = Integer.parseInt(r.get(3));
            check(problems, rating >= 1 && rating <= 5, "interaction rating", r);
        }
        for (List<String> r : rows(WorldFile.FEEDBACK)) {
            int rating = Integer.parseInt(r.get(4));
            check(problems, rating >= 1 && rating <= 5 && !r.get(3).isBlank(), "feedback", r);
        }
        for (List<String> r : rows(WorldFile.HOUSEHOLD_LINKS)) {
            long a = Long.parseLong(r.get(0));
            long b = Long.parseLong(r.get(1));
            check(problems, customers.contains(a) && customers.contains(b) && a < b
                    && (r.get(2).equals("partner") || r.get(2).equals("family")), "household link", r);
        }
        for (List<String> r : rows(WorldFile.PROSPECTS)) {
            double p = Double.parseDouble(r.get(4));
            check(problems, p >= 0 && p <= 1 && Double.parseDouble(r.get(5)) > 0, "prospect", r);
        }
        assertThat(problems).isEmpty();
    }

    private static boolean inPeriod(LocalDate d) {
        return !d.isBefore(OPTIONS.start()) && !d.isAfter(OPTIONS.end());
    }

    private static void check(List<String> problems, boolean ok, String field, List<String> row) {
        if (!ok && problems.size() < 20) {
            problems.add(field + ": " + row);
        }
    }

    @Test
    void feedbackTextWithCommasAndQuotesRoundTrips() {
        Set<String> texts = new HashSet<>();
        rows(WorldFile.FEEDBACK).forEach(r -> texts.add(r.get(3)));
        // "More baby products, please" needs quoting, the feature request holds doubled quotes.
        assertThat(texts).contains("More baby products, please",
                "Feature request: \"split the bill\" with my partner");
    }

    @Test
    void inMemoryWorldEqualsTheFiles() {
        World w = WorldSimulator.of(OPTIONS).generate();
        List<List<String>> tx = rows(WorldFile.TRANSACTIONS);
        assertThat(w.transactions()).hasSize(tx.size());
        for (int i = 0; i < tx.size(); i++) {
            World.Transaction t = w.transactions().get(i);
            List<String> r = tx.get(i);
            assertThat(List.of(Long.toString(t.customerId()), t.ts().toString(), t.orderId(), t.productId(),
                    t.quantity(), t.channel(), t.amount()))
                    .isEqualTo(List.of(r.get(0), r.get(1), Long.parseLong(r.get(3)), r.get(4),
                            Integer.parseInt(r.get(5)), r.get(6), Double.parseDouble(r.get(2))));
        }
        List<List<String>> truth = rows(WorldFile.TRUTH_CUSTOMERS);
        for (int i = 0; i < truth.size(); i++) {
            World.CustomerTruth t = w.truth().get(i);
            assertThat(Double.parseDouble(truth.get(i).get(2))).isEqualTo(t.lambda());
            assertThat(Double.parseDouble(truth.get(i).get(6))).isEqualTo(t.trueWallet());
        }
        assertThat(w.customers()).hasSize(9_000);
        assertThat(w.interactions()).hasSize(rows(WorldFile.INTERACTIONS).size());
        assertThat(w.lifeEvents()).hasSize(rows(WorldFile.LIFE_EVENTS).size());
        assertThat(w.feedback()).hasSize(rows(WorldFile.FEEDBACK).size());
        assertThat(w.householdLinks()).hasSize(rows(WorldFile.HOUSEHOLD_LINKS).size());
        assertThat(w.prospects()).hasSize(rows(WorldFile.PROSPECTS).size());
    }

    @Test
    void progressIsReportedPerChunkUpToTheTotal() {
        assertThat(PROGRESS).hasSize(3);
        assertThat(PROGRESS.get(0)).containsExactly(4096, 9000);
        assertThat(PROGRESS.get(2)).containsExactly(9000, 9000);
    }

    @Test
    void truthJsonHoldsThePlantedParametersAndTheRealisedCounts() throws IOException {
        JsonNode t = new ObjectMapper().readTree(twoThreads.resolve(WorldFile.TRUTH_JSON).toFile());
        assertThat(t.at("/calendar/calibrationEnd").asText()).isEqualTo("2023-09-30");
        assertThat(t.at("/calendar/calibrationWeeksFromStart").asDouble()).isEqualTo(39.0);
        assertThat(t.at("/purchaseModel/r").asDouble()).isEqualTo(0.243);
        assertThat(t.at("/spendModel/gamma").asDouble()).isEqualTo(15.44);
        assertThat(t.at("/segments/0/brandSwitching/0/0").asDouble()).isEqualTo(0.80);
        assertThat(t.at("/upgradePaths/1/upgrade").asText()).isEqualTo("card_platinum");
        assertThat(t.at("/touchpoints/0/churnLoading").asDouble()).isEqualTo(0.6);
        assertThat(t.at("/lifeEvents/0/boosts/0/category").asText()).isEqualTo("baby");
        assertThat(t.at("/realized/orders").asLong()).isEqualTo(report.orders());
        assertThat(t.at("/realized/rows/transactions.csv").asLong()).isEqualTo(report.rows().get(WorldFile.TRANSACTIONS));
        JsonNode planted = new ObjectMapper().readTree(WorldSimulator.of(OPTIONS).truthJson());
        assertThat(planted.has("realized")).isFalse();
        assertThat(planted.get("segments")).isEqualTo(t.get("segments"));
    }
}
