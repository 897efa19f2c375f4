package org.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.List;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.analytics.frame.CustomerFrame.Keyed;
import org.rapport.analytics.frame.FrameException;
import org.rapport.analytics.frame.TextColumn;
import org.rapport.analytics.segment.RuleNode.Condition;
import org.rapport.analytics.segment.RuleNode.Op;
import org.rapport.analytics.segment.RuleNode.Type;
import org.rapport.analytics.segment.RuleNode.Value;

/**
 * Evaluates a rule's tree over a {@link CustomerFrame}, a whole column at a time, in three-valued
 * (Kleene) logic as SQL does: a comparison with a missing value is unknown, {@code not unknown} is
 * unknown, {@code false and unknown} is false, {@code true or unknown} is true; a customer matches
 * only when the rule is true. Recursion follows the tree, whose depth the parser caps.
 */
final class RuleEvaluator {
    static final byte FALSE = 0;
    static final byte TRUE = 1;
    static final byte UNKNOWN = 2;

    private final CustomerFrame frame;
    private final String text;
    private final int n;

    RuleEvaluator(CustomerFrame frame, String text) {
        this.frame = frame;
        this.text = text;
        this.n = frame.size();
    }

    byte[] eval(Condition c) {
        if (c instanceof RuleNode.And a) {
            return combine(a.terms(), true);
        }
        if (c instanceof RuleNode.Or o) {
            return combine(o.terms(), false);
        }
        if (c instanceof RuleNode.Not no) {
            byte[] v = eval(no.term());
            for (int i = 0; i < n; i++) {
                v[i] = v[i] == UNKNOWN ? UNKNOWN : (byte) (1 - v[i]);
            }
            return v;
        }
        if (c instanceof RuleNode.In in) {
            List<Condition> eqs = new ArrayList<>();
            for (Value option : in.options()) {
                eqs.add(new RuleNode.Compare(in.value(), Op.EQ, option, in.position()));
            }
            byte[] v = combine(eqs, false);
            if (in.negated()) {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] == UNKNOWN ? UNKNOWN : (byte) (1 - v[i]);
                }
            }
            return v;
        }
        return compare((RuleNode.Compare) c);
    }

    private byte[] combine(List<Condition> terms, boolean and) {
        byte[] acc = eval(terms.get(0));
        byte absorbing = and ? FALSE : TRUE;
        for (int t = 1; t < terms.size(); t++) {
            byte[] v = eval(terms.get(t));
            for (int i = 0; i < n; i++) {
                byte a = acc[i];
                byte b = v[i];
                acc[i] = a == absorbing || b == absorbing ? absorbing : a == UNKNOWN || b == UNKNOWN ? UNKNOWN : a;
            }
        }
        return acc;
    }

    private byte[] compare(RuleNode.Compare c) {
        Type l = c.left().type();
        Type r = c.right().type();
        boolean numeric = l == Type.NUMBER || r == Type.NUMBER;
        return numeric ? compareNumbers(numbers(c.left()), c.op(), numbers(c.right()))
                : compareText(texts(c.left()), c.op() == Op.EQ, texts(c.right()));
    }

    /** A numeric operand: a column, or a constant when {@code column} is null. */
    private record Num(double[] column, double constant) {
        double at(int i) {
            return column == null ? constant : column[i];
        }
    }

    /** A text operand: a column, or a constant when {@code column} is null. */
    private record Txt(TextColumn column, String constant) {
        String at(int i) {
            return column == null ? constant : column.get(i);
        }
    }

    private Num numbers(Value v) {
        if (v instanceof RuleNode.NumberLiteral lit) {
            return new Num(null, lit.value());
        }
        try {
            if (v instanceof RuleNode.Field f) {
                return new Num(frame.number(f.name()), 0);
            }
            RuleNode.Call call = (RuleNode.Call) v;
            Keyed kind = switch (call.function()) {
                case "need" -> Keyed.NEED;
                case "category_share" -> Keyed.CATEGORY_SHARE;
                case "brand_share" -> Keyed.BRAND_SHARE;
                default -> Keyed.ATTRIBUTE_NUMBER;
            };
            return new Num(frame.keyed(kind, call.argument()), 0);
        } catch (FrameException e) {
            throw new RuleException(e.getMessage(), v.position(), text);
        }
    }

    private Txt texts(Value v) {
        if (v instanceof RuleNode.TextLiteral lit) {
            return new Txt(null, lit.value());
        }
        try {
            if (v instanceof RuleNode.Field f) {
                return new Txt(frame.text(f.name()), null);
            }
            return new Txt(frame.keyedText(((RuleNode.Call) v).argument()), null);
        } catch (FrameException e) {
            throw new RuleException(e.getMessage(), v.position(), text);
        }
    }

    private byte[] compareNumbers(Num a, Op op, Num b) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double x = a.at(i);
            double y = b.at(i);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                out[i] = UNKNOWN;
                continue;
            }
            boolean t = switch (op) {
                case LT -> x < y;
                case LE -> x <= y;
                case GT -> x > y;
                case GE -> x >= y;
                case EQ -> x == y;
                case NE -> x != y;
            };
            out[i] = t ? TRUE : FALSE;
        }
        return out;
    }

    private byte[] compareText(Txt a, boolean equal, Txt b) {
        byte[] out = new byte[n];
        if (a.column() != null && b.column() == null || a.column() == null && b.column() != null) {
            TextColumn col = a.column() != null ? a.column() : b.column();
            int code = col.codeOf(a.column() != null ? b.constant() : a.constant());
            int[] codes = col.codes();
            for (int i = 0; i < n; i++) {
                out[i] = codes[i] == -1 ? UNKNOWN : (codes[i] == code) == equal ? TRUE : FALSE;
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            String x = a.at(i);
            String y = b.at(i);
            out[i] = x == null || y == null ? UNKNOWN : x.equals(y) == equal ? TRUE : FALSE;
        }
        return out;
    }
}
