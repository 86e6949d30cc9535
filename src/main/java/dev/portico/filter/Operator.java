package dev.portico.filter;

/**
 * The comparison operators a filter may use, each with its one fixed SQL rendering. No operator
 * text from a filter ever reaches SQL: the parser maps what it reads to one of these constants.
 */
public enum Operator {
    EQ("=", "=", Shape.SINGLE),
    NE("!=", "<>", Shape.SINGLE),
    GT(">", ">", Shape.SINGLE),
    GTE(">=", ">=", Shape.SINGLE),
    LT("<", "<", Shape.SINGLE),
    LTE("<=", "<=", Shape.SINGLE),
    IN("IN", "IN", Shape.LIST),
    NOT_IN("NOT IN", "NOT IN", Shape.LIST),
    LIKE("LIKE", "LIKE", Shape.PATTERN),
    NOT_LIKE("NOT LIKE", "NOT LIKE", Shape.PATTERN),
    CONTAINS("CONTAINS", "LIKE", Shape.PATTERN),
    NOT_CONTAINS("NOT CONTAINS", "NOT LIKE", Shape.PATTERN),
    STARTS_WITH("STARTS WITH", "LIKE", Shape.PATTERN),
    NOT_STARTS_WITH("NOT STARTS WITH", "NOT LIKE", Shape.PATTERN),
    ENDS_WITH("ENDS WITH", "LIKE", Shape.PATTERN),
    NOT_ENDS_WITH("NOT ENDS WITH", "NOT LIKE", Shape.PATTERN),
    IS_NULL("IS NULL", "IS NULL", Shape.NONE),
    IS_NOT_NULL("IS NOT NULL", "IS NOT NULL", Shape.NONE);

    /** How many values an operator takes and how they are rendered. */
    enum Shape { NONE, SINGLE, LIST, PATTERN }

    private final String spelling;
    private final String sql;
    private final Shape shape;

    Operator(String spelling, String sql, Shape shape) {
        this.spelling = spelling;
        this.sql = sql;
        this.shape = shape;
    }

    /** How the operator is written in a filter and in error messages, e.g. {@code STARTS WITH}. */
    public String spelling() {
        return spelling;
    }

    String sql() {
        return sql;
    }

    Shape shape() {
        return shape;
    }

    /** The operator {@code NOT <word operator>} means, for the word operators that have one. */
    Operator negated() {
        return switch (this) {
            case IN -> NOT_IN;
            case LIKE -> NOT_LIKE;
            case CONTAINS -> NOT_CONTAINS;
            case STARTS_WITH -> NOT_STARTS_WITH;
            case ENDS_WITH -> NOT_ENDS_WITH;
            default -> null;
        };
    }
}
