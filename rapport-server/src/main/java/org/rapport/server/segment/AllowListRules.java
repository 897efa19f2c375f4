package org.rapport.server.segment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rapport.server.Db;

/**
 * The server's own rule language: a strict allow-list tokenizer and recursive-descent parser that
 * translates a rule into a parameterised SQL condition over the scored customers, so nothing of the
 * rule text ever reaches SQL. Grammar:
 * <pre>
 *   rule   := and ('or' and)*
 *   and    := unary ('and' unary)*
 *   unary  := 'not' unary | '(' rule ')' | FIELD OP value
 *   OP     := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 *   value  := NUMBER | 'text'         (text only with = and !=)
 * </pre>
 * Fields: see {@link #FIELDS}; e.g. {@code clv > 500 and relationship_group = 'true_friend'}.
 * Words are case-insensitive; at most {@value #MAX_LENGTH} characters and {@value #MAX_DEPTH} levels of nesting.
 */
public final class AllowListRules implements RuleLanguage {
    /** Longest rule accepted. */
    public static final int MAX_LENGTH = 2_000;
    /** Deepest nesting of parentheses and {@code not}. */
    public static final int MAX_DEPTH = 32;

    /** A field: its SQL expression, whether it is a number, and the table it needs besides customer_scores. */
    record Field(String sql, boolean number, String table) {
    }

    /** The allow-list: rule field &rarr; SQL column. */
    public static final Map<String, Field> FIELDS;

    static {
        Map<String, Field> f = new TreeMap<>();
        f.put("clv", new Field("s.clv", true, null));
        f.put("p_alive", new Field("s.p_alive", true, null));
        f.put("x", new Field("s.x", true, null));
        f.put("frequency", new Field("s.x", true, null));
        f.put("t_x", new Field("s.t_x", true, null));
        f.put("recency", new Field("s.t_x", true, null));
        f.put("t", new Field("s.t", true, null));
        f.put("expected_purchases", new Field("s.expected_purchases", true, null));
        f.put("expected_spend", new Field("s.expected_spend", true, null));
        f.put("region", new Field("c.region", false, "customers"));
        f.put("acquisition_channel", new Field("c.acquisition_channel", false, "customers"));
        f.put("survey_wallet", new Field("c.survey_wallet", true, "customers"));
        f.put("total_spend", new Field("m.total_spend", true, "customer_summary"));
        f.put("relationship_group", new Field("g.relationship_group", false, "customer_groups"));
        f.put("loyalty", new Field("g.loyalty", true, "customer_groups"));
        f.put("wallet", new Field("w.wallet", true, "customer_wallet"));
        f.put("share_of_wallet", new Field("w.share_of_wallet", true, "customer_wallet"));
        f.put("headroom", new Field("w.headroom", true, "customer_wallet"));
        FIELDS = java.util.Collections.unmodifiableMap(f);
    }

    private static final Map<String, String> JOINS = Map.of(
            "customers", " LEFT JOIN customers c ON c.customer_id = s.customer_id",
            "customer_summary", " LEFT JOIN customer_summary m ON m.customer_id = s.customer_id",
            "customer_groups", " LEFT JOIN customer_groups g ON g.customer_id = s.customer_id",
            "customer_wallet", " LEFT JOIN customer_wallet w ON w.customer_id = s.customer_id");

    private final Db db;

    /** @param db the pool, for counts */
    public AllowListRules(Db db) {
        this.db = db;
    }

    /** A rule translated to SQL. @param where the condition @param params its values @param tables tables it needs */
    record Translated(String where, List<Object> params, Set<String> tables) {
    }

    @Override
    public void check(String rule) {
        translate(rule);
    }

    @Override
    public long count(String rule) {
        Translated t = translate(rule);
        if (!db.tableExists("customer_scores")) {
            throw new RuleRejected("no scores yet: run rapport analyze", -1);
        }
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM customer_scores s");
        for (String table : t.tables()) {
            if (!db.tableExists(table)) {
                throw new RuleRejected("the rule uses a field of table " + table + ", which is not computed yet: run rapport analyze", -1);
            }
            sql.append(JOINS.get(table));
        }
        sql.append(" WHERE ").append(t.where());
        return db.queryLong(sql.toString(), t.params().toArray());
    }

    /**
     * @param rule the rule text
     * @return the SQL condition with its values
     * @throws RuleRejected if the rule is not valid
     */
    static Translated translate(String rule) {
        if (rule == null || rule.isBlank()) {
            throw new RuleRejected("the rule is empty", 0);
        }
        if (rule.length() > MAX_LENGTH) {
            throw new RuleRejected("the rule is " + rule.length() + " characters long; the limit is " + MAX_LENGTH, MAX_LENGTH);
        }
        Parser p = new Parser(rule, tokenize(rule));
        String where = p.or(0);
        Token t = p.peek();
        if (t.kind != Kind.END) {
            throw new RuleRejected("unexpected '" + t.text + "' after a complete condition (missing 'and'/'or'?)", t.pos);
        }
        return new Translated(where, p.params, p.tables);
    }

    private enum Kind { NUMBER, TEXT, WORD, LPAREN, RPAREN, OP, END }

    private record Token(Kind kind, String text, int pos) {
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(' || ch == ')') {
                out.add(new Token(ch == '(' ? Kind.LPAREN : Kind.RPAREN, String.valueOf(ch), i));
                i++;
            } else if ("=<>!".indexOf(ch) >= 0) {
                int start = i;
                i++;
                if (i < s.length() && (s.charAt(i) == '=' || (ch == '<' && s.charAt(i) == '>'))) {
                    i++;
                }
                String op = s.substring(start, i);
                if (op.equals("!")) {
                    throw new RuleRejected("'!' must be followed by '='", start);
                }
                out.add(new Token(Kind.OP, op, start));
            } else if (ch == '\'') {
                int start = i;
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new RuleRejected("text starting here is not closed with '", start);
                    }
                    char c = s.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(c);
                    i++;
                }
                out.add(new Token(Kind.TEXT, b.toString(), start));
            } else if (Character.isDigit(ch) || ch == '-' || ch == '.') {
                int start = i;
                i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || ".eE".indexOf(s.charAt(i)) >= 0
                        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && "eE".indexOf(s.charAt(i - 1)) >= 0))) {
                    i++;
                }
                String num = s.substring(start, i);
                try {
                    double v = Double.parseDouble(num);
                    if (!Double.isFinite(v)) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new RuleRejected("'" + num + "' is not a number", start);
                }
                out.add(new Token(Kind.NUMBER, num, start));
            } else if (Character.isLetter(ch) || ch == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i).toLowerCase(Locale.ROOT), start));
            } else {
                throw new RuleRejected("unexpected character '" + ch + "'", i);
            }
        }
        out.add(new Token(Kind.END, "end of rule", s.length()));
        return out;
    }

    private static final class Parser {
        final String src;
        final List<Token> tokens;
        final List<Object> params = new ArrayList<>();
        final Set<String> tables = new LinkedHashSet<>();
        int next;

        Parser(String src, List<Token> tokens) {
            this.src = src;
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(next);
        }

        Token take() {
            return tokens.get(next++);
        }

        boolean word(String w) {
            Token t = peek();
            if (t.kind == Kind.WORD && t.text.equals(w)) {
                next++;
                return true;
            }
            return false;
        }

        String or(int depth) {
            StringBuilder b = new StringBuilder("(").append(and(depth));
            while (word("or")) {
                b.append(" OR ").append(and(depth));
            }
            return b.append(')').toString();
        }

        String and(int depth) {
            StringBuilder b = new StringBuilder("(").append(unary(depth));
            while (word("and")) {
                b.append(" AND ").append(unary(depth));
            }
            return b.append(')').toString();
        }

        String unary(int depth) {
            if (depth > MAX_DEPTH) {
                throw new RuleRejected("the rule nests deeper than " + MAX_DEPTH + " levels", peek().pos);
            }
            if (word("not")) {
                return "(NOT coalesce(" + unary(depth + 1) + ", false))";
            }
            Token t = take();
            if (t.kind == Kind.LPAREN) {
                String inner = or(depth + 1);
                Token close = take();
                if (close.kind != Kind.RPAREN) {
                    throw new RuleRejected("expected ')' but found '" + close.text + "'", close.pos);
                }
                return inner;
            }
            if (t.kind != Kind.WORD || List.of("and", "or", "not").contains(t.text)) {
                throw new RuleRejected("expected a field name but found '" + t.text + "'", t.pos);
            }
            Field f = FIELDS.get(t.text);
            if (f == null) {
                throw new RuleRejected("unknown field '" + t.text + "' (known: " + String.join(", ", FIELDS.keySet()) + ")", t.pos);
            }
            if (f.table() != null) {
                tables.add(f.table());
            }
            Token op = take();
            if (op.kind != Kind.OP) {
                throw new RuleRejected("expected a comparison (=, !=, <, <=, >, >=) after " + t.text + " but found '" + op.text + "'", op.pos);
            }
            Token v = take();
            String sqlOp = op.text.equals("<>") ? "!=" : op.text.equals("==") ? "=" : op.text;
            if (f.number()) {
                if (v.kind != Kind.NUMBER) {
                    throw new RuleRejected(t.text + " is a number; expected a number but found '" + v.text + "'", v.pos);
                }
                params.add(Double.parseDouble(v.text));
            } else {
                if (v.kind != Kind.TEXT) {
                    throw new RuleRejected(t.text + " is text; expected 'quoted text' but found '" + v.text + "'", v.pos);
                }
                if (!sqlOp.equals("=") && !sqlOp.equals("!=")) {
                    throw new RuleRejected(t.text + " is text: only = and != compare it", op.pos);
                }
                params.add(v.text);
            }
            return "(" + f.sql() + " " + sqlOp + " ?)";
        }
    }
}
