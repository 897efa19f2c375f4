package org.rapport.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A fit's parameter table on the validation page showed r, alpha, a, b as money ("€0.25"): "value"
 * is money in offers, but in a table of estimates it is a model parameter.
 */
class DocTest {
    @Test
    void estimatesAreNumbersNotMoneyWhileOfferValuesStayMoney() throws Exception {
        Format f = new Format("€");
        Doc params = Doc.of(f, new ObjectMapper().readTree(
                "{\"parameters\": [{\"name\": \"r\", \"value\": 0.2426, \"stdError\": 0.0128, \"lower\": 0.2186, \"upper\": 0.2693}]}"),
                Set.of());
        String cells = params.sections().stream().flatMap(s -> s.tables().stream()).flatMap(t -> t.rows().stream())
                .flatMap(r -> r.stream()).reduce("", (a, b) -> a + "|" + b);
        assertThat(cells).contains("0.24").doesNotContain("€");
        Doc offers = Doc.of(f, new ObjectMapper().readTree("{\"offers\": [{\"offer_id\": \"o1\", \"value\": 12.5}]}"), Set.of());
        String offerCells = offers.sections().stream().flatMap(s -> s.tables().stream()).flatMap(t -> t.rows().stream())
                .flatMap(r -> r.stream()).reduce("", (a, b) -> a + "|" + b);
        assertThat(offerCells).contains("€12.50");
    }
}
