package org.rapport.server.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.server.segment.RuleLanguage.RuleRejected;

/** The server's rule language: what it accepts, the SQL it makes (values always bound), and where it points at errors. */
class AllowListRulesTest {
    @Test
    void translatesToBoundSqlWithPrecedenceAndTheTablesItNeeds() {
        AllowListRules.Translated t = AllowListRules.translate("clv > 1e2 or not region = 'North' and share_of_wallet <= .5");
        assertThat(t.where()).isEqualTo("(((s.clv > ?)) OR ((NOT coalesce((c.region = ?), false)) AND (w.share_of_wallet <= ?)))");
        assertThat(t.params()).containsExactly(100.0, "North", 0.5);
        assertThat(t.tables()).containsExactly("customers", "customer_wallet");
        assertThat(AllowListRules.translate("region != 'O''Brien'").params()).containsExactly("O'Brien");
        assertThat(AllowListRules.translate("FREQUENCY >= 2 AND p_alive < 0.3").where()).contains("s.x >= ?").contains("s.p_alive < ?");
    }

    @Test
    void rejectsWithThePositionOfTheProblem() {
        record Bad(String rule, String message, int position) {
        }
        for (Bad b : List.of(
                new Bad("", "the rule is empty", 0),
                new Bad("clv >", "expected a number but found 'end of rule'", 5),
                new Bad("clv > 'a'", "clv is a number", 6),
                new Bad("region > 'a'", "only = and != compare it", 7),
                new Bad("region = 3", "region is text", 9),
                new Bad("clv ! 3", "'!' must be followed by '='", 4),
                new Bad("region = 'North", "not closed", 9),
                new Bad("(clv > 1", "expected ')'", 8),
                new Bad("clv > 1 clv < 3", "missing 'and'/'or'", 8),
                new Bad("clv > 1 and", "expected a field name", 11),
                new Bad("clv > 1--", "'-' is not a number", 7),
                new Bad("clv > 1; drop table users", "unexpected character ';'", 7))) {
            assertThatThrownBy(() -> AllowListRules.translate(b.rule())).as(b.rule()).isInstanceOf(RuleRejected.class)
                    .hasMessageContaining(b.message()).satisfies(e -> assertThat(((RuleRejected) e).position()).as(b.rule()).isEqualTo(b.position()));
        }
    }

    @Test
    void nestingAndLengthAreBounded() {
        String deep = "(".repeat(40) + "clv > 1" + ")".repeat(40);
        assertThatThrownBy(() -> AllowListRules.translate(deep)).hasMessageContaining("deeper than " + AllowListRules.MAX_DEPTH);
        String ok = "(".repeat(10) + "clv > 1" + ")".repeat(10);
        assertThat(AllowListRules.translate(ok).params()).containsExactly(1.0);
        assertThatThrownBy(() -> AllowListRules.translate("clv > 1 or ".repeat(300) + "clv > 1")).hasMessageContaining("the limit is");
    }
}
