package org.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.frame.CustomerFrame.Keyed;

/** The rule language: parsing, errors with positions, three-valued evaluation, hostile input. */
class RuleTest {
    private static final double NA = Double.NaN;

    /** Five customers whose expected matches are worked out by hand in each test. */
    private static CustomerFrame frame() {
        return CustomerFrame.builder("a", "b", "c", "d", "e")
                .number("age", 30, 40, 25, NA, 34)
                .number("p_alive", 0.9, 0.8, 0.3, 0.7, 0.6)
                .number("clv", 100, 50, 10, 5, 200)
                .text("region", "north", "south", "north", null, "east")
                .keyed(Keyed.CATEGORY_SHARE, "baby", 0.5, 0.0, 0.3, 0.9, NA)
                .keyed(Keyed.NEED, "price", 6, 2, 7, 5, 1)
                .attribute("kids", "2", "0", "x", null, "1")
                .build();
    }

    private static String matches(String rule) {
        boolean[] m = Rule.parse(rule).evaluate(frame());
        String[] ids = {"a", "b", "c", "d", "e"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            b.append(m[i] ? ids[i] : "");
        }
        return b.toString();
    }

    @Test
    void theIssueExampleSelectsYoungParentsWhoAreStillAlive() {
        // a: 30 < 35, 0.5 > 0.2, 0.9 > 0.5; c fails p_alive; d has no age; e has no purchases.
        assertThat(matches("age < 35 and category_share('baby') > 0.2 and p_alive > 0.5")).isEqualTo("a");
    }

    @Test
    void comparisonsInListsAndPrecedence() {
        assertThat(matches("clv >= 50")).isEqualTo("abe");
        assertThat(matches("clv != 50")).isEqualTo("acde");
        assertThat(matches("region = 'north'")).isEqualTo("ac");
        assertThat(matches("region in ('north', 'east')")).isEqualTo("ace");
        assertThat(matches("region not in ('north')")).isEqualTo("be");
        assertThat(matches("need('price') >= 6 or clv > 150 and age < 30")).isEqualTo("ac");
        assertThat(matches("(need('price') >= 6 or clv > 150) and age < 35")).isEqualTo("ace");
        assertThat(matches("NOT (clv < 20) AND Region != 'south'")).isEqualTo("ae");
        assertThat(matches("attribute('kids') >= 1")).isEqualTo("ae");
        assertThat(matches("attribute('kids') = 'x'")).isEqualTo("c");
        assertThat(matches("frequency > 0 or -1 < -0.5e0")).isEqualTo("abcde");
    }

    @Test
    void missingValuesAreUnknownAsInSql() {
        // d has no age: neither "age < 35" nor its negation holds for d.
        assertThat(matches("age < 35")).isEqualTo("ace");
        assertThat(matches("not age < 35")).isEqualTo("b");
        // unknown or true = true; unknown and false = false.
        assertThat(matches("age < 35 or clv = 5")).isEqualTo("acde");
        // d: (unknown and true) is unknown, and so is its negation.
        assertThat(matches("not (age < 35 and clv = 5)")).isEqualTo("abce");
    }

    @Test
    void canonicalFormParsesBackToItself() {
        Rule r = Rule.parse("AGE<35 AND (region IN ('north','o''neil') OR NOT clv>=1e3)");
        assertThat(r.canonical()).isEqualTo("age < 35 and (region in ('north', 'o''neil') or not clv >= 1000)");
        assertThat(Rule.parse(r.canonical()).canonical()).isEqualTo(r.canonical());
        assertThat(r.inputs()).containsExactly("age", "clv", "region");
    }

    private static RuleException error(String rule) {
        try {
            Rule.parse(rule);
        } catch (RuleException e) {
            return e;
        }
        throw new AssertionError("no error for " + rule);
    }

    @Test
    void unknownFieldNamesItsPositionTheKnownFieldsAndACaret() {
        RuleException e = error("agee < 35");
        assertThat(e.position()).isZero();
        assertThat(e.getMessage()).startsWith("unknown field 'agee' (did you mean 'age'?) at position 0; known fields: acquisition_channel, age, ")
                .contains("p_alive").contains("need('...')").endsWith("  agee < 35" + System.lineSeparator() + "  ^");
        RuleException f = error("p_alive > 0.5 and categroy_share('baby') > 0.2");
        assertThat(f.position()).isEqualTo(18);
        assertThat(f.getMessage()).contains("unknown function 'categroy_share' (did you mean 'category_share'?)");
    }

    @Test
    void eachSyntaxAndTypeErrorPointsAtItsPosition() {
        assertThat(error("need('price', 'x') > 1").position()).isEqualTo(12);
        assertThat(error("need() > 1").getMessage()).contains("need() takes one argument");
        assertThat(error("need(price) > 1").getMessage()).contains("takes one argument in quotes");
        assertThat(error("region = 'north").getMessage()).contains("unterminated text (the quote opened here is never closed) at position 9");
        assertThat(error("clv > 1 clv").getMessage()).contains("unexpected 'clv' after a complete condition at position 8");
        assertThat(error("clv > 'a'").getMessage()).contains("cannot compare clv (a number) with 'a' (text) at position 4");
        assertThat(error("region < 'n'").getMessage()).contains("text can only be compared with = or !=");
        assertThat(error("(clv > 1").getMessage()).contains("expected ')' to close the '(' at position 0");
        assertThat(error("clv >").getMessage()).contains("found end of rule at position 5");
        assertThat(error("clv").getMessage()).contains("expected a comparison");
        assertThat(error("").getMessage()).contains("the rule is empty");
        assertThat(error("   ").getMessage()).contains("the rule is empty");
        assertThat(error("clv in (x)").getMessage()).contains("numbers or quoted text only");
        assertThat(error("need > 1").getMessage()).contains("'need' is a function");
        assertThat(error("clv > 1.2.3").position()).isEqualTo(6);
        assertThat(error("clv > 12abc").getMessage()).contains("malformed number");
        assertThat(error("clv > 1e999").getMessage()).contains("too large");
        assertThat(error("region = \"north\"").getMessage()).contains("single quotes");
        assertThat(error("clv ! 1").getMessage()).contains("'!' must be followed by '='");
    }

    @Test
    void sqlInjectionIsASyntaxErrorOrAHarmlessLiteral() {
        assertThat(error("clv > 1; DROP TABLE customers; --").getMessage()).contains("unexpected character ';'");
        assertThat(error("region = 'x' OR 1=1 --").getMessage()).contains("unexpected character '-' (U+002D) at position 20");
        // Literals on both sides are allowed ('1' = '1' is simply true) but cannot reach past the allow-list.
        assertThat(matches("region = '' or '1'='1'")).isEqualTo("abcde");
        // A quote inside text is written twice; the value is just text that nobody has.
        assertThat(matches("region = '''; DROP TABLE customers; --'")).isEmpty();
        assertThat(matches("region != 'x'' OR ''1''=''1'")).isEqualTo("abce");
        assertThat(error("clv > 1 /* c */").getMessage()).contains("unexpected character '/'");
        assertThat(error("customer_id = '1'").getMessage()).contains("unknown field 'customer_id'");
    }

    @Test
    void hugeAndDeepInputEndsInAClearErrorNotAStackOverflow() {
        String huge = "clv > 1 and ".repeat(100_000) + "clv > 1";
        assertThat(error(huge).getMessage()).contains("characters long, over the limit of 10000 at position 10000");
        String deep = "(".repeat(5_000) + "clv > 1" + ")".repeat(5_000);
        assertThat(error(deep.substring(0, 9_999)).getMessage()).contains("nests deeper than 64");
        String nots = "not ".repeat(2_000) + "clv > 1";
        assertThat(error(nots).getMessage()).contains("nests deeper than 64");
        // A long flat chain is fine: it is parsed iteratively and evaluated as one n-ary node.
        String chain = "clv > 1" + " or clv > 1".repeat(800);
        assertThat(matches(chain)).isEqualTo("abcde");
        String ok = "(".repeat(64) + "clv > 1" + ")".repeat(64);
        assertThat(matches(ok)).isEqualTo("abcde");
    }

    @Test
    void unicodeIsAllowedInTextAndRejectedWithItsCodePointElsewhere() {
        assertThat(matches("region = 'nörd 北'")).isEmpty();
        RuleException e = error("âge < 35");
        assertThat(e.position()).isZero();
        assertThat(e.getMessage()).contains("unexpected character 'â' (U+00E2)");
        assertThat(error("clv > 1 and 😀").getMessage()).contains("U+1F600").contains("at position 12");
        assertThat(error("clv\u0000> 1").getMessage()).contains("U+0000");
    }

    @Test
    void optionalTablesFieldsSayWhatToRunFirst() {
        CustomerFrame f = frame();
        // An in-memory frame has no wallet column: every value is unknown, nobody matches.
        assertThat(Rule.parse("share_of_wallet < 0.3").count(f)).isZero();
    }

    @Property(tries = 500)
    void anyInputEitherParsesOrFailsWithARuleExceptionInsideTheText(@ForAll @StringLength(max = 60) String text) {
        try {
            Rule.parse(text);
        } catch (RuleException e) {
            assertThat(e.position()).isBetween(0, text.length());
            assertThat(e.getMessage()).contains("at position " + e.position());
        }
    }

    @Property(tries = 300)
    void generatedRulesRoundTripThroughTheirCanonicalForm(@ForAll("rules") String text) {
        Rule r = Rule.parse(text);
        assertThat(Rule.parse(r.canonical()).canonical()).isEqualTo(r.canonical());
        // Same matches before and after printing.
        assertThat(Rule.parse(r.canonical()).evaluate(frame())).isEqualTo(r.evaluate(frame()));
    }

    @Provide
    Arbitrary<String> rules() {
        Arbitrary<String> numeric = Combinators.combine(
                Arbitraries.of("age", "clv", "p_alive", "need('price')", "category_share('baby')"),
                Arbitraries.of("<", "<=", ">", ">=", "=", "!="), Arbitraries.integers().between(-5, 250))
                .as((f, op, v) -> f + " " + op + " " + v);
        Arbitrary<String> cmp = Arbitraries.oneOf(numeric,
                Arbitraries.of("region = 'north'", "region in ('north', 'east')", "attribute('kids') >= 1",
                        "region not in ('south')"));
        return Arbitraries.recursive(() -> cmp, inner -> Arbitraries.oneOf(
                inner.map(x -> "not (" + x + ")"),
                Arbitraries.of(" and ", " or ").flatMap(op -> inner.list().ofMinSize(2).ofMaxSize(3)
                        .map(l -> "(" + String.join(op, l) + ")"))), 3);
    }
}
