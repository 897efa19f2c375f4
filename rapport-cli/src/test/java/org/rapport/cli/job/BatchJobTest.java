package org.rapport.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.analytics.RunContext;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.IngestOptions;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * Issue 16, item 1: the one batch job. Its steps get the typed run (the context the analyses see is the
 * run just made, equal to what the store holds afterwards, with the discount rate to the last bit), and
 * every table a run changes is journaled, so a failure anywhere puts back every one of them.
 */
class BatchJobTest {
    @TempDir
    static Path dir;
    static Path world;

    @BeforeAll
    static void world() throws java.io.IOException {
        world = dir.resolve("world");
        WorldSimulator.of(WorldOptions.withDefaults().withCustomers(1200).withSeed(5)).simulate(world, (s, d, t) -> { });
    }

    private static RapportStore loaded(String name) {
        RapportStore s = RapportStore.open(dir.resolve(name + ".duckdb"));
        for (Kind k : List.of(Kind.TRANSACTIONS, Kind.CUSTOMERS, Kind.PRODUCTS, Kind.INTERACTIONS, Kind.PROSPECTS,
                Kind.FEEDBACK, Kind.LIFE_EVENTS, Kind.HOUSEHOLD_LINKS)) {
            Path f = world.resolve(k.table() + ".csv");
            if (f.toFile().exists()) {
                Ingestor.of(s).ingest(k, f, IngestOptions.defaults(), (stage, fraction, rows) -> { });
            }
        }
        return s;
    }

    /** Row count and an order-free hash of every row, per base table. */
    private static Map<String, String> fingerprints(RapportStore s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : s.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                + "AND table_type = 'BASE TABLE' ORDER BY 1", rs -> rs.getString(1))) {
            // The table's alias stands for its whole row (a struct); no table has a column of that name.
            out.put(t, s.queryFirst("SELECT count(*) || ':' || coalesce(sum(hash(whole_row_::VARCHAR) % 1000000007), 0) FROM "
                    + org.rapport.store.Sql.ident(t) + " AS whole_row_", rs -> rs.getString(1)).orElseThrow());
        }
        return out;
    }

    @Test
    void theAnalysesGetTheRunJustMadeAndItMatchesWhatIsStored() {
        try (RapportStore s = loaded("typed")) {
            // 7.25% a year: the old display-string round trip gave back 7.3%.
            AnalysisOptions o = AnalysisOptions.defaults().withCalibrationEnd(LocalDate.parse("2023-09-30"))
                    .withAnnualDiscountRate(0.0725).withClvMonths(30);
            BatchJob.Outcome out = BatchJob.run(s, o, "test", Progress.NONE);
            RunContext stored = RunContext.require(s);
            // The models have no equals: compare field by field (the parameters to the last bit).
            assertThat(out.context()).usingRecursiveComparison().isEqualTo(stored);
            assertThat(out.context().annualDiscountRate()).isEqualTo(0.0725);
            assertThat(out.context().clvMonths()).isEqualTo(30);
            assertThat(out.report().sections()).extracting(x -> x.id()).contains("equity", "segments", "offers");
        }
    }

    @Test
    void everyTableARunChangesIsJournaledSoAFailurePutsAllBack() {
        try (RapportStore s = loaded("journal")) {
            BatchJob.run(s, AnalysisOptions.defaults().withCalibrationEnd(LocalDate.parse("2023-09-30")), "first", Progress.NONE);
            Map<String, String> first = fingerprints(s);
            BatchJob.run(s, AnalysisOptions.defaults().withCalibrationEnd(LocalDate.parse("2023-06-30")).withClvMonths(24),
                    "second", Progress.NONE);
            Map<String, String> second = fingerprints(s);
            List<String> changed = first.keySet().stream().filter(t -> !first.get(t).equals(second.get(t))).toList();
            assertThat(changed).as("a second run changes the run's tables").contains("customer_summary", "customer_scores", "analysis_runs");
            assertThat(BatchJob.TABLES).as("every table a run changes is journaled").containsAll(changed);

            // A failure in the last step (the offers' progress line) puts every table back as it was.
            Progress failing = new Progress() {
                @Override
                public void start(String stage, long total) {
                    if (stage.startsWith("offers")) {
                        throw new IllegalStateException("planted failure in " + stage);
                    }
                }

                @Override
                public void advance(long done) {
                }

                @Override
                public void finish(String summary) {
                }
            };
            assertThatThrownBy(() -> BatchJob.run(s, AnalysisOptions.defaults().withCalibrationEnd(LocalDate.parse("2023-03-31")),
                    "failing", failing)).hasMessageContaining("planted failure");
            assertThat(fingerprints(s)).isEqualTo(second);
        }
    }
}
