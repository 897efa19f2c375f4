package org.rapport.analytics.segment;

import java.util.List;

/** The syntax tree of a rule; every node keeps the position of its first character for messages. */
sealed interface RuleNode {
    /** @return 0-based position in the rule */
    int position();

    /** The types of values and conditions. ANY is an attribute, read as number or text as compared. */
    enum Type { NUMBER, TEXT, ANY, BOOLEAN }

    /** A value: literal, field or function call. */
    sealed interface Value extends RuleNode {
        Type type();
    }

    /** A condition: evaluates to true, false or unknown per customer. */
    sealed interface Condition extends RuleNode {
    }

    record NumberLiteral(double value, int position) implements Value {
        @Override
        public Type type() {
            return Type.NUMBER;
        }
    }

    record TextLiteral(String value, int position) implements Value {
        @Override
        public Type type() {
            return Type.TEXT;
        }
    }

    record Field(String name, Type type, int position) implements Value {
    }

    record Call(String function, String argument, Type type, int position) implements Value {
    }

    /** Comparison operators. */
    enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("="), NE("!=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    record Compare(Value left, Op op, Value right, int position) implements Condition {
    }

    record In(Value value, List<Value> options, boolean negated, int position) implements Condition {
    }

    record And(List<Condition> terms, int position) implements Condition {
    }

    record Or(List<Condition> terms, int position) implements Condition {
    }

    record Not(Condition term, int position) implements Condition {
    }
}
