package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.store.RapportStore;

/**
 * Each candidate source on {@link OfferFixture} as of 2023-03-31, with the propensity, value, score
 * and the reason text. The fixture has no brands, so no brand factor applies; propensities are the
 * hand-computed confidences of {@link RuleMiningTest} (stored as floats: within 1e-6).
 */
class CandidateSourcesTest {
    static RapportStore store;
    static OfferEngine engine;

    @BeforeAll
    static void load() {
        store = OfferFixture.store();
        // a customer with no purchase yet
        store.update("INSERT INTO customers (customer_id, acquisition_channel, load_id) VALUES ('c11', 'web', 1)");
        engine = OfferEngine.load(store, OfferFixture.AS_OF, OfferFixture.config(), null);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static Offer offer(String customer, String product) {
        return engine.offersFor(customer, 10).stream().filter(o -> o.productId().equals(product)).findFirst()
                .orElseThrow(() -> new AssertionError("no offer of " + product + " for " + customer + ": " + engine.offersFor(customer, 10)));
    }

    @Test
    void upgradeOfferCitesThePurchaseAndTheRule() {
        Offer g = offer("c4", "G");
        assertThat(g.source()).isEqualTo("upgrade");
        // Sources add up (noisy-or): the upgrade rule A -> G (3/4) and the favourite G (1/2, times c4's
        // cards affinity 16/13, see favouritesArePersonalised...): 1 - (1 - 3/4)(1 - 8/13) = 47/52.
        // The strongest source, the upgrade, gives the source and the reason.
        double combined = 1 - (1 - 0.75) * (1 - 0.5 * 16 / 13);
        assertThat(g.propensity()).isCloseTo(combined, within(1e-6));
        assertThat(g.value()).isCloseTo(150 * 0.85, within(1e-9));
        assertThat(g.score()).isCloseTo(combined * 127.5, within(1e-4));
        assertThat(g.offerId()).isEqualTo("G");
        assertThat(g.reason()).isEqualTo("bought A on 2023-01-01; 75% of customers who bought A later took G (its upgrade)");
    }

    @Test
    void coPurchaseOfferTimesTheRebuyRate() {
        // F => C has confidence 1/3; every owner of F with a later order bought F again (c10): rebuy 1.
        Offer c = offer("c10", "C");
        assertThat(c.source()).isEqualTo("co_purchase");
        assertThat(c.propensity()).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(c.reason()).isEqualTo("bought F on 2023-01-05; 33% of orders with F also hold C");
    }

    @Test
    void lifeEventOfferShrinksWithTheTimeLeftInTheWindow() {
        // c2 moved on 2023-01-15, 75 days before 2023-03-31: 105 of 180 days left; 0.5 * 105/180. The
        // favourite H (1/8) times c2's home affinity ((0 + 3/25) / 6) / (1/25) = 0.5 adds up with it:
        // 1 - (1 - 0.5 * 105/180)(1 - 1/16).
        Offer h = offer("c2", "H");
        assertThat(h.source()).isEqualTo("life_event");
        assertThat(h.propensity()).isCloseTo(1 - (1 - 0.5 * 105 / 180) * (1 - 1.0 / 16), within(1e-6));
        assertThat(h.reason()).isEqualTo("moved on 2023-01-15 (75 days ago); 50% of customers take H within 180 days of a moved event");
    }

    @Test
    void lifeEventOutsideItsWindowIsNoTrigger() {
        OfferEngine later = OfferEngine.load(store, java.time.LocalDate.of(2023, 7, 20), OfferFixture.config(), null);
        // 2023-07-20 is 186 days after the move: the window of 180 days is over.
        assertThat(later.offersFor("c2", 10)).noneMatch(o -> o.source().equals("life_event"));
    }

    @Test
    void trustedCircleOfferCitesTheHead() {
        // c7 is c5's partner; c5 owns A (rule 1/2) and G (rule 1/1): the stronger rule wins.
        Offer s = offer("c7", "S");
        assertThat(s.source()).isEqualTo("trusted_circle");
        assertThat(s.propensity()).isCloseTo(1.0, within(1e-6));
        assertThat(s.reason()).isEqualTo("partner of customer c5, who bought G on 2023-03-01; 100% of such partners take S");
    }

    @Test
    void newCustomersGetTheFavourites() {
        // c11 never bought. Global favourites (confidence x value): G 1/2 x 127.5, A 1/2 x 27, P 2/3 x 9,
        // S 1/8 x 45, H 1/8 x 20; G is the declared upgrade of A, a prerequisite c11 does not own.
        List<Offer> offers = engine.offersFor("c11", 3);
        assertThat(offers).extracting(Offer::source).containsOnly("segment_favourite");
        assertThat(offers).extracting(Offer::productId).containsExactly("A", "P", "S");
        assertThat(offers.get(1).propensity()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(offers.get(1).reason()).isEqualTo("67% of repeat customers buy P; no purchase yet");
        // c9 bought once (F, C): c10 bought H after F (1/1), the favourites fill the rest
        Offer p = offer("c9", "P");
        assertThat(p.source()).isEqualTo("segment_favourite");
        assertThat(p.reason()).isEqualTo("67% of repeat customers buy P; one purchase so far, on 2023-01-05");
        assertThat(offer("c9", "H").source()).isEqualTo("upgrade");
    }

    @Test
    void favouritesArePersonalisedByTheCustomersCategoryAffinity() {
        // Order lines up to 2023-03-31: cards 13, grocery 7, electronics 4, home 1 (25). Affinity =
        // ((own lines in the category + 3 x share) / (own lines + 3)) / share, 3 = favourite-prior-lines.
        // c9 has 2 electronics lines: P (grocery, 2/3) x ((0 + 3 x 7/25) / 5) / (7/25) = 2/3 x 0.6 = 0.4.
        assertThat(offer("c9", "P").propensity()).isCloseTo(2.0 / 3 * 0.6, within(1e-6));
        // c4 has one cards line: S (cards, 1/8) x ((1 + 3 x 13/25) / 4) / (13/25) = 1/8 x 16/13.
        Offer s = offer("c4", "S");
        assertThat(s.source()).isEqualTo("segment_favourite");
        assertThat(s.propensity()).isCloseTo(1.0 / 8 * 16 / 13, within(1e-6));
        assertThat(s.reason()).endsWith("; one purchase so far, on 2023-01-01; 1 of their 1 order lines were cards");
        // without any purchase the segment's favourites are as they are (c11: P at 2/3, above)
        assertThat(engine.offersFor("c11", 3).get(1).propensity()).isCloseTo(2.0 / 3, within(1e-6));
    }

    @Test
    void offersAreRankedByScore() {
        List<Offer> offers = engine.offersFor("c2", 10);
        assertThat(offers).isNotEmpty();
        for (int i = 1; i < offers.size(); i++) {
            assertThat(offers.get(i).score()).isLessThanOrEqualTo(offers.get(i - 1).score());
        }
        assertThat(offers.get(0).productId()).isEqualTo("G");
    }
}
