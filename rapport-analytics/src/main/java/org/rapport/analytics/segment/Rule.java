package org.rapport.analytics.segment;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.segment.RuleNode.Condition;
import org.rapport.analytics.segment.RuleNode.Value;
import org.rapport.store.RapportStore;

/**
 * A segment rule: a filter over customer features and scores, such as
 * {@code age < 35 and category_share('baby') > 0.2 and p_alive > 0.5}.
 *
 * <h2>Grammar</h2>
 * <pre>
 * rule       = or END
 * or         = and { "or" and }
 * and        = not { "and" not }
 * not        = "not" not | "(" or ")" | comparison
 * comparison = value ( op value | [ "not" ] "in" "(" literal { "," literal } ")" )
 * op         = "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "=" | "!="      ("==" and "&lt;&gt;" are accepted)
 * value      = literal | field | function "(" text ")"
 * literal    = number | text
 * number     = [ "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ]
 * text       = "'" { any character, "''" for a quote } "'"
 * </pre>
 * Keywords and names are case-insensitive. Fields (the allow-list): {@code p_alive, clv, clv_lower,
 * clv_upper, expected_purchases, expected_spend, x} (alias {@code frequency}), {@code recency} (periods
 * since the last purchase), {@code tenure} (periods since the first), {@code total_spend, margin_rate,
 * age, household_size, survey_wallet} and, once their tables exist, {@code share_of_wallet, wallet}
 * (numbers); {@code region, acquisition_channel, cohort} ({@code '2023-Q1'}) and
 * {@code relationship_group} (text). Functions: {@code need('price')}, {@code category_share('baby')},
 * {@code brand_share('nova')} (numbers) and {@code attribute('name')} (a customer attribute, compared
 * as a number with numbers and as text with text). Text compares with {@code =}, {@code !=} and
 * {@code in} only. A comparison with a missing value is unknown, and only customers for whom the
 * whole rule is true match (three-valued logic, as in SQL).
 *
 * <h2>Why it is safe</h2>
 * A rule never becomes SQL. It is tokenised and parsed by hand into a small tree whose leaves are
 * literals, allow-listed field names and allow-listed functions with one literal argument; anything
 * else is rejected at parse time with its position. The tree is then evaluated in Java over a
 * {@link CustomerFrame}, whose columns come from fixed SQL text in which the only variable part (a
 * need, category, brand or attribute name) is a bound parameter. So no character of a rule can reach
 * the SQL parser, and an injection string such as {@code '; DROP TABLE customers; --} is either a
 * syntax error or a harmless text literal that matches nobody. Compiling to SQL with allow-listed
 * identifiers would also be safe, but its safety would rest on the escaping of every path of the
 * compiler; evaluating in Java leaves nothing to escape, and is fast: a frame of a million customers
 * answers a rule in tens of milliseconds. The parser caps a rule at 10,000 characters and 64 levels
 * of nesting, and builds {@code and}/{@code or} chains iteratively, so hostile input ends in a
 * {@link RuleException}, never a {@link StackOverflowError}.
 */
public final class Rule {
    private final String text;
    private final Condition root;

    private Rule(String text, Condition root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses a rule.
     *
     * @param text the rule
     * @return the parsed rule
     * @throws RuleException naming the problem and its position (unknown field or function, wrong
     *     argument count, type mismatch, unterminated text, trailing input, too long or too deep)
     */
    public static Rule parse(String text) {
        return new Rule(text, RuleParser.parse(text));
    }

    /** @return the rule as written */
    public String text() {
        return text;
    }

    /** @return the rule in canonical form: lower-case names, minimal spacing, explicit parentheses */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        print(root, b, true);
        return b.toString();
    }

    /** @return the field names and {@code function('arg')} calls the rule reads */
    public Set<String> inputs() {
        Set<String> out = new TreeSet<>();
        collect(root, out);
        return out;
    }

    /**
     * Evaluates the rule for every customer of a frame.
     *
     * @param frame the customers
     * @return {@code matches[i]} is true when the rule is true for row {@code i}
     * @throws RuleException if a field's table does not exist yet (position of the field)
     */
    public boolean[] evaluate(CustomerFrame frame) {
        byte[] v = new RuleEvaluator(frame, text).eval(root);
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == RuleEvaluator.TRUE;
        }
        return out;
    }

    /**
     * @param frame the customers
     * @return how many match
     */
    public long count(CustomerFrame frame) {
        byte[] v = new RuleEvaluator(frame, text).eval(root);
        long n = 0;
        for (byte b : v) {
            n += b == RuleEvaluator.TRUE ? 1 : 0;
        }
        return n;
    }

    /**
     * Counts the matching customers now (loads a {@link CustomerFrame}).
     *
     * @param store the store
     * @return how many customers match
     */
    public long count(RapportStore store) {
        return count(CustomerFrame.load(Objects.requireNonNull(store)));
    }

    @Override
    public String toString() {
        return text;
    }

    static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void collect(RuleNode node, Set<String> out) {
        if (node instanceof RuleNode.Field f) {
            out.add(f.name());
        } else if (node instanceof RuleNode.Call c) {
            out.add(c.function() + "('" + c.argument() + "')");
        } else if (node instanceof RuleNode.Compare c) {
            collect(c.left(), out);
            collect(c.right(), out);
        } else if (node instanceof RuleNode.In in) {
            collect(in.value(), out);
        } else if (node instanceof RuleNode.And a) {
            a.terms().forEach(t -> collect(t, out));
        } else if (node instanceof RuleNode.Or o) {
            o.terms().forEach(t -> collect(t, out));
        } else if (node instanceof RuleNode.Not no) {
            collect(no.term(), out);
        }
    }

    private static void print(RuleNode node, StringBuilder b, boolean top) {
        if (node instanceof RuleNode.And a) {
            join(a.terms(), " and ", b, top);
        } else if (node instanceof RuleNode.Or o) {
            join(o.terms(), " or ", b, top);
        } else if (node instanceof RuleNode.Not no) {
            b.append("not ");
            print(no.term(), b, false);
        } else if (node instanceof RuleNode.Compare c) {
            value(c.left(), b);
            b.append(' ').append(c.op().symbol).append(' ');
            value(c.right(), b);
        } else if (node instanceof RuleNode.In in) {
            value(in.value(), b);
            b.append(in.negated() ? " not in (" : " in (");
            for (int i = 0; i < in.options().size(); i++) {
                b.append(i == 0 ? "" : ", ");
                value(in.options().get(i), b);
            }
            b.append(')');
        }
    }

    private static void join(java.util.List<Condition> terms, String op, StringBuilder b, boolean top) {
        b.append(top ? "" : "(");
        for (int i = 0; i < terms.size(); i++) {
            b.append(i == 0 ? "" : op);
            print(terms.get(i), b, false);
        }
        b.append(top ? "" : ")");
    }

    private static void value(Value v, StringBuilder b) {
        if (v instanceof RuleNode.NumberLiteral n) {
            b.append(formatNumber(n.value()));
        } else if (v instanceof RuleNode.TextLiteral t) {
            b.append(quote(t.value()));
        } else if (v instanceof RuleNode.Field f) {
            b.append(f.name());
        } else {
            RuleNode.Call c = (RuleNode.Call) v;
            b.append(c.function()).append('(').append(quote(c.argument())).append(')');
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
