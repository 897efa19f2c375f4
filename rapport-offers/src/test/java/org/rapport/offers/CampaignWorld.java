package org.rapport.offers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.Progress;
import org.rapport.simulator.CampaignFollowUp;
import org.rapport.simulator.PlantedUplift;
import org.rapport.simulator.WorldOptions;
import org.rapport.simulator.WorldSimulator;
import org.rapport.store.RapportStore;
import org.rapport.store.ingest.Ingestor;
import org.rapport.store.ingest.Kind;

/**
 * A simulated world in a store, scored (P(alive) from {@code rapport analyze} on all the data, then the
 * offers), into which campaigns are sent: {@link #send} exports a campaign, lets the simulator's planted
 * uplift decide who of its treated and control members buys in the follow-up weeks, and ingests those
 * purchases. For the tests against the planted treatment effects (docs/simulator.md).
 */
final class CampaignWorld implements AutoCloseable {
    static final int WEEKS = 4;
    final Path dir;
    final WorldOptions world;
    final RapportStore store;
    final CampaignFollowUp followUp;
    /** The day campaigns are sent: the day after the world's last day. */
    final LocalDate today;

    private CampaignWorld(Path dir, WorldOptions world, RapportStore store, CampaignFollowUp followUp) {
        this.dir = dir;
        this.world = world;
        this.store = store;
        this.followUp = followUp;
        this.today = world.end().plusDays(1);
    }

    static CampaignWorld of(Path dir, long customers, long seed, boolean analyse) throws IOException {
        WorldOptions o = WorldOptions.withDefaults().withCustomers(customers).withSeed(seed);
        Path w = dir.resolve("world-" + seed);
        WorldSimulator.of(o).simulate(w);
        RapportStore store = RapportStore.open(dir.resolve("r-" + seed + ".duckdb"));
        Ingestor in = Ingestor.of(store);
        in.ingest(Kind.TRANSACTIONS, w.resolve("transactions.csv"));
        in.ingest(Kind.PRODUCTS, w.resolve("products.csv"));
        in.ingest(Kind.CUSTOMERS, w.resolve("customers.csv"));
        in.ingest(Kind.LIFE_EVENTS, w.resolve("life_events.csv"));
        in.ingest(Kind.HOUSEHOLD_LINKS, w.resolve("household_links.csv"));
        store.update("CREATE TABLE truth AS SELECT * FROM read_csv(?, all_varchar = true)", w.resolve("truth_customers.csv").toString());
        if (analyse) {
            Analysis.run(store, AnalysisOptions.defaults(), Progress.NONE);
        }
        OfferScoring.run(store, OfferEngine.load(store), 5, Progress.NONE);
        return new CampaignWorld(dir, o, store, CampaignFollowUp.of(w, seed * 7919 + 1, PlantedUplift.defaults()));
    }

    /** The members of a recorded campaign, as the simulator's sends. */
    List<CampaignFollowUp.Send> members(String campaign) {
        return store.query("SELECT customer_id, product_id, arm FROM campaign_members WHERE campaign = ? ORDER BY customer_id",
                rs -> new CampaignFollowUp.Send(rs.getString(1), rs.getString(2), "treated".equals(rs.getString(3))), campaign);
    }

    /**
     * Sends a recorded campaign into the world: simulates the follow-up and ingests its purchases.
     *
     * @return every member's outcome and truth
     */
    List<CampaignFollowUp.Outcome> followUp(String campaign) throws IOException {
        Path out = dir.resolve("follow-up-" + campaign);
        List<CampaignFollowUp.Outcome> outcomes = followUp.simulate(members(campaign), today, WEEKS, out);
        if (outcomes.stream().anyMatch(CampaignFollowUp.Outcome::bought)) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, out.resolve(CampaignFollowUp.TRANSACTIONS));
        }
        return new ArrayList<>(outcomes);
    }

    /** Exports a segment campaign (email) and sends it. */
    List<CampaignFollowUp.Outcome> sendSegment(String campaign, String segment, double controlShare, OfferConfig config,
            CampaignExport.Selection selection) throws IOException {
        CampaignExport.run(store, null, segment, CampaignExport.Channel.EMAIL, campaign, dir.resolve(campaign + ".csv"), config,
                today, controlShare, null, selection);
        return followUp(campaign);
    }

    /** @return the mean of the members' true uplift */
    static double meanUplift(List<CampaignFollowUp.Outcome> outcomes) {
        return outcomes.stream().mapToDouble(CampaignFollowUp.Outcome::uplift).average().orElse(Double.NaN);
    }

    @Override
    public void close() {
        store.close();
    }
}
