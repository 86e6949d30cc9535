package dev.portico.filter;

import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code filter}: a tree of AND, OR and NOT over comparisons. Field names are as written
 * (checked against the table only when rendered); values are literals, parameters or lookups.
 */
public sealed interface FilterNode {
    /** All operands hold; at least two. */
    record And(List<FilterNode> operands) implements FilterNode {
        public And {
            operands = requireOperands(operands, "AND");
        }
    }

    /** At least one operand holds; at least two. */
    record Or(List<FilterNode> operands) implements FilterNode {
        public Or {
            operands = requireOperands(operands, "OR");
        }
    }

    /** The operand does not hold. */
    record Not(FilterNode operand) implements FilterNode {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code field operator values}, with as many values as the operator takes. */
    record Comparison(String field, Operator operator, List<Value> values) implements FilterNode {
        public Comparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
            int expected = switch (operator.shape()) {
                case NONE -> 0;
                case SINGLE, PATTERN -> 1;
                case LIST -> Math.max(1, values.size());
            };
            if (values.size() != expected) {
                throw new IllegalArgumentException(operator.spelling() + " takes "
                        + (operator.shape() == Operator.Shape.LIST ? "at least one value" : expected + " value(s)")
                        + ", got " + values.size());
            }
        }
    }

    private static List<FilterNode> requireOperands(List<FilterNode> operands, String connective) {
        List<FilterNode> copy = List.copyOf(operands);
        if (copy.size() < 2) {
            throw new IllegalArgumentException(connective + " needs at least two operands, got " + copy.size());
        }
        return copy;
    }
}
