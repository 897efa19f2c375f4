package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rapport.analytics.segment.RuleNode.Condition;
import org.rapport.analytics.segment.RuleNode.Op;
import org.rapport.analytics.segment.RuleNode.Type;
import org.rapport.analytics.segment.RuleNode.Value;

/**
 * Tokeniser and recursive-descent parser of the rule language (grammar in {@link Rule}). Recursion
 * only happens on parentheses and {@code not}, and is capped at {@link #MAX_DEPTH}; chains of
 * {@code and}/{@code or} are parsed in loops into n-ary nodes, so no input can overflow the stack.
 */
final class RuleParser {
    /** Longest rule accepted, in characters. */
    static final int MAX_LENGTH = 10_000;
    /** Deepest nesting of parentheses and {@code not}. */
    static final int MAX_DEPTH = 64;

    private enum Kind { NUMBER, STRING, IDENT, LPAREN, RPAREN, COMMA, OP, END }

    private record Token(Kind kind, String text, int position) {
    }

    private final String src;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private RuleParser(String src) {
        this.src = src;
        this.tokens = tokenise(src);
    }

    static Condition parse(String src) {
        if (src == null) {
            throw new RuleException("the rule is empty", 0, "");
        }
        if (src.length() > MAX_LENGTH) {
            throw new RuleException("the rule is " + src.length() + " characters long, over the limit of " + MAX_LENGTH,
                    MAX_LENGTH, null);
        }
        RuleParser p = new RuleParser(src);
        if (p.peek().kind == Kind.END) {
            throw p.error("the rule is empty", 0);
        }
        Condition c = p.or();
        Token t = p.peek();
        if (t.kind != Kind.END) {
            throw p.error("unexpected " + describe(t) + " after a complete condition; is an 'and' or 'or' missing?", t.position);
        }
        return c;
    }

    private RuleException error(String reason, int position) {
        return new RuleException(reason, position, src);
    }

    // ---- tokeniser ----

    private List<Token> tokenise(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '\'') {
                i = string(s, i, out);
            } else if (isDigit(c) || c == '.' || c == '-' && i + 1 < s.length() && (isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.')) {
                i = number(s, i, out);
            } else if (isIdentStart(c)) {
                int j = i;
                while (j < s.length() && (isIdentStart(s.charAt(j)) || isDigit(s.charAt(j)))) {
                    j++;
                }
                out.add(new Token(Kind.IDENT, s.substring(i, j).toLowerCase(Locale.ROOT), i));
                i = j;
            } else if (c == '<' || c == '>' || c == '=' || c == '!') {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("<>") || two.equals("==")) {
                    out.add(new Token(Kind.OP, two.equals("<>") ? "!=" : two.equals("==") ? "=" : two, i));
                    i += 2;
                } else if (c == '!') {
                    throw error("'!' must be followed by '=' (use 'not' to negate)", i);
                } else {
                    out.add(new Token(Kind.OP, String.valueOf(c), i));
                    i++;
                }
            } else if (c == '"') {
                throw error("text is written in single quotes ('...'), not double quotes", i);
            } else {
                int cp = s.codePointAt(i);
                throw error("unexpected character '" + new String(Character.toChars(cp)) + "' (U+"
                        + String.format(Locale.ROOT, "%04X", cp) + ")", i);
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }

    private int string(String s, int start, List<Token> out) {
        StringBuilder b = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated text (the quote opened here is never closed)", start);
            }
            char c = s.charAt(i);
            if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    b.append('\'');
                    i += 2;
                    continue;
                }
                out.add(new Token(Kind.STRING, b.toString(), start));
                return i + 1;
            }
            b.append(c);
            i++;
        }
    }

    private int number(String s, int start, List<Token> out) {
        int i = start;
        if (s.charAt(i) == '-') {
            i++;
        }
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < s.length() && isDigit(s.charAt(j))) {
                i = j;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        String text = s.substring(start, i);
        if (i < s.length() && (isIdentStart(s.charAt(i)) || s.charAt(i) == '.')) {
            throw error("malformed number '" + text + s.charAt(i) + "'", start);
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error("malformed number '" + text + "'", start);
        }
        if (!Double.isFinite(v)) {
            throw error("number '" + text + "' is too large", start);
        }
        out.add(new Token(Kind.NUMBER, text, start));
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    // ---- parser ----

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean keyword(String word) {
        Token t = peek();
        return t.kind == Kind.IDENT && t.text.equals(word);
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case END -> "end of rule";
            case STRING -> "text '" + t.text + "'";
            case NUMBER -> "number " + t.text;
            case IDENT -> "'" + t.text + "'";
            default -> "'" + t.text + "'";
        };
    }

    private Condition or() {
        int pos = peek().position;
        List<Condition> terms = new ArrayList<>();
        terms.add(and());
        while (keyword("or")) {
            take();
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new RuleNode.Or(List.copyOf(terms), pos);
    }

    private Condition and() {
        int pos = peek().position;
        List<Condition> terms = new ArrayList<>();
        terms.add(not());
        while (keyword("and")) {
            take();
            terms.add(not());
        }
        return terms.size() == 1 ? terms.get(0) : new RuleNode.And(List.copyOf(terms), pos);
    }

    private Condition not() {
        Token t = peek();
        if (keyword("not")) {
            take();
            enter(t);
            Condition c = new RuleNode.Not(not(), t.position);
            depth--;
            return c;
        }
        if (t.kind == Kind.LPAREN) {
            take();
            enter(t);
            Condition c = or();
            Token close = take();
            if (close.kind != Kind.RPAREN) {
                throw error("expected ')' to close the '(' at position " + t.position + ", found " + describe(close),
                        close.position);
            }
            depth--;
            return c;
        }
        return comparison();
    }

    private void enter(Token t) {
        if (++depth > MAX_DEPTH) {
            throw error("the rule nests deeper than " + MAX_DEPTH + " levels of parentheses or 'not'", t.position);
        }
    }

    private Condition comparison() {
        Token first = peek();
        Value left = value();
        Token t = peek();
        boolean negated = false;
        if (keyword("not")) {
            take();
            if (!keyword("in")) {
                throw error("expected 'in' after 'not' here, found " + describe(peek()), peek().position);
            }
            negated = true;
            t = peek();
        }
        if (keyword("in")) {
            take();
            return in(first, left, negated);
        }
        if (t.kind != Kind.OP) {
            throw error("expected a comparison (<, <=, >, >=, =, !=) or 'in' after " + describe(first) + ", found "
                    + describe(t), t.position);
        }
        take();
        Op op = switch (t.text) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            case "=" -> Op.EQ;
            default -> Op.NE;
        };
        Value right = value();
        checkComparable(left, op, right, t.position);
        return new RuleNode.Compare(left, op, right, first.position);
    }

    private Condition in(Token first, Value left, boolean negated) {
        Token open = take();
        if (open.kind != Kind.LPAREN) {
            throw error("expected '(' after 'in', found " + describe(open), open.position);
        }
        List<Value> options = new ArrayList<>();
        while (true) {
            Token lit = peek();
            Value v = value();
            if (!(v instanceof RuleNode.NumberLiteral || v instanceof RuleNode.TextLiteral)) {
                throw error("the list after 'in' holds numbers or quoted text only", lit.position);
            }
            checkComparable(left, Op.EQ, v, lit.position);
            options.add(v);
            Token sep = take();
            if (sep.kind == Kind.RPAREN) {
                break;
            }
            if (sep.kind != Kind.COMMA) {
                throw error("expected ',' or ')' in the list after 'in', found " + describe(sep), sep.position);
            }
        }
        return new RuleNode.In(left, List.copyOf(options), negated, first.position);
    }

    private void checkComparable(Value left, Op op, Value right, int position) {
        Type a = left.type();
        Type b = right.type();
        boolean text = a == Type.TEXT || b == Type.TEXT;
        boolean number = a == Type.NUMBER || b == Type.NUMBER;
        if (text && number) {
            throw error("cannot compare " + name(left) + " (" + word(a) + ") with " + name(right) + " (" + word(b) + ")",
                    position);
        }
        if (text && op != Op.EQ && op != Op.NE) {
            throw error("text can only be compared with = or != (or 'in'), not with " + op.symbol, position);
        }
    }

    private static String word(Type t) {
        return t == Type.NUMBER ? "a number" : t == Type.TEXT ? "text" : "an attribute";
    }

    private static String name(Value v) {
        if (v instanceof RuleNode.Field f) {
            return f.name();
        }
        if (v instanceof RuleNode.Call c) {
            return c.function() + "('" + c.argument() + "')";
        }
        if (v instanceof RuleNode.TextLiteral t) {
            return "'" + t.value() + "'";
        }
        return Rule.formatNumber(((RuleNode.NumberLiteral) v).value());
    }

    private Value value() {
        Token t = take();
        switch (t.kind) {
            case NUMBER:
                return new RuleNode.NumberLiteral(Double.parseDouble(t.text), t.position);
            case STRING:
                return new RuleNode.TextLiteral(t.text, t.position);
            case IDENT:
                return identifier(t);
            default:
                throw error("expected a field, function, number or 'text', found " + describe(t), t.position);
        }
    }

    private Value identifier(Token t) {
        String name = t.text;
        if (peek().kind == Kind.LPAREN) {
            Type type = RuleCatalog.FUNCTIONS.get(name);
            if (type == null) {
                String close = RuleCatalog.closest(name, RuleCatalog.FUNCTIONS.keySet());
                throw error("unknown function '" + name + "'" + (close == null ? "" : " (did you mean '" + close + "'?)")
                        + "; known functions: " + RuleCatalog.functionList(), t.position);
            }
            take();
            Token arg = take();
            if (arg.kind == Kind.RPAREN) {
                throw error(name + "() takes one argument in quotes, e.g. " + name + "('x'); found none", arg.position);
            }
            if (arg.kind != Kind.STRING) {
                throw error(name + "() takes one argument in quotes, e.g. " + name + "('x'); found " + describe(arg),
                        arg.position);
            }
            Token close = take();
            if (close.kind == Kind.COMMA) {
                throw error(name + "() takes one argument, found more", close.position);
            }
            if (close.kind != Kind.RPAREN) {
                throw error("expected ')' after the argument of " + name + "(), found " + describe(close), close.position);
            }
            if (arg.text.isEmpty()) {
                throw error(name + "() needs a non-empty name", arg.position);
            }
            return new RuleNode.Call(name, arg.text, type, t.position);
        }
        if (RuleCatalog.FUNCTIONS.containsKey(name)) {
            throw error("'" + name + "' is a function: write " + name + "('...')", t.position);
        }
        if (name.equals("and") || name.equals("or") || name.equals("not") || name.equals("in")) {
            throw error("expected a field, function, number or 'text', found '" + name + "'", t.position);
        }
        Type type = RuleCatalog.FIELDS.get(name);
        if (type == null) {
            String close = RuleCatalog.closest(name, RuleCatalog.FIELDS.keySet());
            throw error("unknown field '" + name + "'" + (close == null ? "" : " (did you mean '" + close + "'?)")
                    + "; known fields: " + RuleCatalog.fieldList() + "; functions: " + RuleCatalog.functionList(),
                    t.position);
        }
        return new RuleNode.Field(RuleCatalog.ALIASES.getOrDefault(name, name), type, t.position);
    }
}
