package dev.portico.filter;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One value on the right of a comparison: a literal, a named parameter {@code :name} taken from the
 * request's {@code params}, or a lookup {@code {name}} resolved for the session. Every value is
 * bound as a parameter; none is ever spliced into SQL.
 */
public sealed interface Value {
    /** A quoted string, or a bare word that is not a number, boolean or null. */
    record Text(String text) implements Value {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An unquoted number, kept as written so a text column compares with exactly that text. */
    record Number(String text) implements Value {
        static final Pattern SYNTAX = Pattern.compile("[+-]?(\\d{1,200}(\\.\\d{0,200})?|\\.\\d{1,200})([eE][+-]?\\d{1,4})?");

        public Number {
            Objects.requireNonNull(text, "text");
            if (!SYNTAX.matcher(text).matches()) {
                throw new IllegalArgumentException("Not a number literal: " + text);
            }
        }

        public BigDecimal value() {
            return new BigDecimal(text);
        }
    }

    /** An unquoted {@code true} or {@code false}. */
    record Bool(boolean value) implements Value {
    }

    /** An unquoted {@code null}. */
    record Null() implements Value {
    }

    /** A named parameter {@code :name}. */
    record Param(String name) implements Value {
        public Param {
            requireName(name, "[A-Za-z0-9_]{1,64}");
        }
    }

    /** A lookup {@code {name}}, such as {@code {user.id}}. */
    record Lookup(String name) implements Value {
        public Lookup {
            requireName(name, "[A-Za-z0-9_.\\-]{1,64}");
        }
    }

    private static void requireName(String name, String pattern) {
        Objects.requireNonNull(name, "name");
        if (!name.matches(pattern)) {
            throw new IllegalArgumentException("Not a valid name: " + name);
        }
    }
}
