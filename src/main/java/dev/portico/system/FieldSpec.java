package dev.portico.system;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One field of a system resource: its name in the API, its column, its kind and the rules that
 * apply to it. Immutable.
 */
public record FieldSpec(String name, String column, Kind kind, Set<Rule> rules, int maxLength, boolean int32) {
    /** How a value is typed in JSON and stored in the column. */
    public enum Kind { ID, INTEGER, BOOLEAN, TEXT, JSON, TIMESTAMP }

    /** What the API lets a client do with the field. */
    public enum Rule {
        /** Must be present on create. */
        REQUIRED,
        /** No two rows share a value: a duplicate is a 409. */
        UNIQUE,
        /** Set by Portico; ignored on write (ids, timestamps, audit columns). */
        READ_ONLY,
        /** Accepted on write, never returned (a password: stored as a bcrypt hash). */
        PASSWORD,
        /** Sealed with APP_KEY at rest; returned as the mask, and the mask written back keeps the stored value. */
        SECRET,
        /** A JSON object whose secret-looking members are sealed and masked one by one. */
        SECRET_MEMBERS
    }

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        rules = rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules);
    }

    public FieldSpec(String name, String column, Kind kind, Set<Rule> rules) {
        this(name, column, kind, rules, 0, false);
    }

    /** This field with the limits of its column: a text length in characters (0 = none), or a 32-bit integer. */
    FieldSpec limited(int length, boolean thirtyTwoBits) {
        return new FieldSpec(name, column, kind, rules, length, thirtyTwoBits);
    }

    public boolean has(Rule rule) {
        return rules.contains(rule);
    }

    static FieldSpec of(String name, Kind kind, Rule... rules) {
        return new FieldSpec(name, name, kind, rules.length == 0 ? Set.of() : Set.of(rules));
    }

    static FieldSpec mapped(String name, String column, Kind kind, Rule... rules) {
        return new FieldSpec(name, column, kind, rules.length == 0 ? Set.of() : Set.of(rules));
    }
}
