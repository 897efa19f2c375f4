package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.store.RapportStore;

/**
 * Rule mining on {@link OfferFixture}, against counts worked out by hand. Rules are stored as floats,
 * so values are compared within 1e-6.
 */
class RuleMiningTest {
    static RapportStore store;
    static List<Rule> rules;

    @BeforeAll
    static void mine() {
        store = OfferFixture.store();
        rules = OfferEngine.load(store, OfferFixture.AS_OF, OfferFixture.config(), null).rules();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static Rule rule(String source, String antecedent, String consequent) {
        return rules.stream().filter(r -> r.source().equals(source) && r.antecedent().equals(antecedent) && r.consequent().equals(consequent))
                .findFirst().orElseThrow(() -> new AssertionError("no rule " + source + " " + antecedent + " -> " + consequent + " in " + rules));
    }

    private static void check(Rule r, long count, double support, double confidence, double lift) {
        assertThat(r.count()).as("count of %s", r).isEqualTo(count);
        assertThat(r.support()).as("support of %s", r).isCloseTo(support, within(1e-6));
        assertThat(r.confidence()).as("confidence of %s", r).isCloseTo(confidence, within(1e-6));
        assertThat(r.lift()).as("lift of %s", r).isCloseTo(lift, within(1e-6));
    }

    @Test
    void upgradePathAToG() {
        // Customers with an order after their first A: c1 c2 c3 c5 c6 c8 (6; c4 never bought again).
        // Of these G was owned by then by c3 (same order) and c8 (earlier): 6 - 2 = 4 eligible.
        // G bought later: c1 c5 c6 = 3. Confidence 3/4, support 3/10 customers.
        // Base rate of G: 8 repeat customers (all but c4, c9), 2 of them had G in their first order
        // (c3, c8), 3 bought it later: 3/6 = 0.5. Lift 0.75/0.5 = 1.5.
        check(rule("upgrade", "A", "G"), 3, 0.3, 0.75, 1.5);
    }

    @Test
    void coPurchaseFToC() {
        // 22 orders; F is in 3 (c9 01-05, c10 01-05, c10 02-05), F with C in 1: confidence 1/3,
        // support 1/22; C is in 1 order of 22, so lift = (1/3)/(1/22) = 22/3.
        check(rule("co_purchase", "F", "C"), 1, 1.0 / 22, 1.0 / 3, 22.0 / 3);
    }

    @Test
    void lifeEventMovedToHome() {
        // Two moves ('move' is an alias of moved) followed by an order within 180 days: c2 (no H) and
        // c10 (H on 02-05): confidence 1/2, support 1/10. Base rate of H: 1 of 8 repeat customers: lift 4.
        check(rule("life_event", "moved", "H"), 1, 0.1, 0.5, 4);
        // only the table's targets (home, membership for moved) are mined
        assertThat(rules).filteredOn(r -> r.source().equals("life_event")).extracting(Rule::consequent).containsOnly("H");
    }

    @Test
    void trustedCirclePartnerToSupplementaryCard() {
        // Heads' A (01-01): partners with a later order: c2 and c7; c2 bought S on 03-01, c7 did not:
        // 1/2. Base rate of S: 1/8, lift 4. Heads' G: only c1's G (02-01) is followed by a partner's
        // order (c2 on 03-01), which holds S: 1/1, lift 8.
        check(rule("trusted_circle", "partner:A", "S"), 1, 0.1, 0.5, 4);
        check(rule("trusted_circle", "partner:G", "S"), 1, 0.1, 1.0, 8);
    }

    @Test
    void segmentFavourites() {
        // The channel 'web' has 8 repeat customers, below the 30 a segment needs: the global row
        // serves. P: bought after the first order by c2 c3 c5 c8 (4) of 8 - 2 (c6, c7 had it first) = 2/3.
        check(rule("segment_favourite", "all customers", "P"), 4, 0.4, 2.0 / 3, 1);
        assertThat(rules).filteredOn(r -> r.source().equals("segment_favourite")).extracting(Rule::antecedent).containsOnly("all customers");
    }

    @Test
    void minimumSupportDropsRarePaths() {
        // With at least 2 supporting customers (min-count 2) the single-customer rules go; A -> G (3) stays.
        List<Rule> strict = OfferEngine.load(store, OfferFixture.AS_OF, OfferConfig.of(java.util.Map.of("min-count", "2", "min-support", "0")), null)
                .rules();
        assertThat(strict).extracting(Rule::source, Rule::antecedent, Rule::consequent).contains(org.assertj.core.groups.Tuple.tuple("upgrade", "A", "G"));
        assertThat(strict).filteredOn(r -> !r.source().equals("segment_favourite")).allMatch(r -> r.count() >= 2 || r.consequent().equals("G"));
        assertThat(strict).noneMatch(r -> r.source().equals("trusted_circle") || r.source().equals("life_event") || r.source().equals("co_purchase"));
    }
}
