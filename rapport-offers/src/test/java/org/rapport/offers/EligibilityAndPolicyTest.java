package org.rapport.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapport.store.RapportStore;

/** Eligibility (owned, repeatable, not for the segment, consent, levers) and the contact policy on {@link OfferFixture}. */
class EligibilityAndPolicyTest {
    static final LocalDate TODAY = LocalDate.of(2023, 4, 1);
    RapportStore store;

    @BeforeEach
    void open() {
        store = OfferFixture.store();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<Offer> offers(String customer, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("min-count", "1", "min-support", "0"));
        all.putAll(settings);
        return OfferEngine.load(store, OfferFixture.AS_OF, OfferConfig.of(all), TODAY).offersFor(customer, 10);
    }

    @Test
    void neverOffersWhatTheCustomerOwns() {
        // c2 owns A, P, S
        assertThat(offers("c2", Map.of())).extracting(Offer::productId).doesNotContain("A", "P", "S").contains("G", "H");
    }

    @Test
    void repeatableProductsMayBeOfferedAgain() {
        assertThat(offers("c2", Map.of("repeatable", "grocery"))).extracting(Offer::productId).contains("P");
    }

    @Test
    void notForTheSegment() {
        // everyone's segment is the acquisition channel 'web'; cards (A, G, S) are excluded for it
        assertThat(offers("c2", Map.of("not-for-segment.web", "cards"))).extracting(Offer::productId).doesNotContain("G").contains("H");
    }

    @Test
    void noConsentNoOffers() {
        store.update("INSERT INTO customer_attributes VALUES ('c2', 'consent', 'no', 1)");
        store.update("INSERT INTO customer_attributes VALUES ('c4', 'consent', 'yes', 1)");
        assertThat(offers("c2", Map.of())).isEmpty();
        assertThat(offers("c4", Map.of())).isNotEmpty();
    }

    @Test
    void leversMoveOffers() {
        // G scores 0.75 * 127.5 = 95.6 and H 0.2917 * 20 = 5.8 for c2: a lever of 20 on H puts it first.
        assertThat(offers("c2", Map.of("lever.offer.H", "20")).get(0).productId()).isEqualTo("H");
        // a lever of 0 removes an offer (score 0)
        assertThat(offers("c2", Map.of("lever.offer.G", "0"))).extracting(Offer::productId).doesNotContain("G");
    }

    @Test
    void atMostKOffersPerPeriod() {
        // c2 was sent 4 offers 10 days ago and 1 40 days ago: with at most 5 per 30 days, one more is allowed.
        for (int i = 0; i < 4; i++) {
            ContactPolicy.recordSent(store, "c2", "X" + i, "X" + i, "earlier", "email", "CODE", TODAY.minusDays(10).atStartOfDay());
        }
        ContactPolicy.recordSent(store, "c2", "Y", "Y", "older", "email", "CODE", TODAY.minusDays(40).atStartOfDay());
        assertThat(offers("c2", Map.of())).hasSize(1);
        ContactPolicy.recordSent(store, "c2", "Z", "Z", "earlier", "email", "CODE", TODAY.minusDays(1).atStartOfDay());
        assertThat(offers("c2", Map.of())).isEmpty();
    }

    @Test
    void coolDownAfterARejection() {
        ContactPolicy.recordSent(store, "c2", "G", "G", "gold", "mail", "CODE", TODAY.minusDays(60).atStartOfDay());
        assertThat(ContactPolicy.recordResponse(store, "c2", "G", false, TODAY.minusDays(50).atStartOfDay())).isTrue();
        // rejected 50 days ago: within the default 90-day cool-down, not after a 30-day one
        assertThat(offers("c2", Map.of())).extracting(Offer::productId).doesNotContain("G").contains("H");
        assertThat(offers("c2", Map.of("cooldown-days", "30"))).extracting(Offer::productId).contains("G");
        // an acceptance is no reason for a cool-down
        store.update("DELETE FROM offer_history");
        ContactPolicy.recordSent(store, "c2", "G", "G", "gold", "mail", "CODE", TODAY.minusDays(60).atStartOfDay());
        ContactPolicy.recordResponse(store, "c2", "G", true, TODAY.minusDays(50).atStartOfDay());
        assertThat(offers("c2", Map.of())).extracting(Offer::productId).contains("G");
    }

    @Test
    void unknownCustomerAndBadSettings() {
        OfferEngine e = OfferEngine.load(store, OfferFixture.AS_OF, OfferFixture.config(), null);
        assertThatThrownBy(() -> e.offersFor("nobody", 3)).isInstanceOf(OfferException.class)
                .hasMessage("unknown customer 'nobody': no such customer_id in customers or transactions");
        assertThatThrownBy(() -> OfferConfig.of(Map.of("min-lift", "abc"))).hasMessage("offer configuration: 'min-lift' = 'abc' is not a number");
        assertThatThrownBy(() -> OfferConfig.of(Map.of("period-days", "0"))).hasMessage("offer configuration: 'period-days' = '0' is not a whole number >= 1");
        assertThatThrownBy(() -> OfferConfig.of(Map.of("favourite-prior-lines", "0"))).hasMessage("offer configuration: 'favourite-prior-lines' = '0' is not a number > 0");
    }

    @Test
    void noDataIsAClearError() {
        try (RapportStore empty = RapportStore.inMemory()) {
            assertThatThrownBy(() -> OfferEngine.load(empty)).isInstanceOf(OfferException.class)
                    .hasMessageContaining("no purchases in the store: ingest transactions first");
        }
        assertThatThrownBy(() -> OfferEngine.load(store, LocalDate.of(2022, 1, 1), OfferFixture.config(), null))
                .hasMessage("no purchases on or before 2022-01-01: nothing to mine offers from");
    }

    @Test
    void couponCodesAreDeterministicBase32() {
        String a = CampaignExport.coupon("spring", "c1", "G");
        assertThat(a).matches("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}");
        assertThat(CampaignExport.coupon("spring", "c1", "G")).isEqualTo(a);
        assertThat(CampaignExport.coupon("spring", "c2", "G")).isNotEqualTo(a);
        assertThat(CampaignExport.coupon("autumn", "c1", "G")).isNotEqualTo(a);
    }
}
