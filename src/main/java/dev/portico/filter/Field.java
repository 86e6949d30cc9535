package dev.portico.filter;

import java.util.Objects;

/**
 * A real column a filter may name: its name exactly as the database spells it (rendered quoted by
 * the engine's rules) and the kind its values are typecast to.
 */
public record Field(String name, FieldKind kind) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isEmpty() || name.length() > 128) {
            throw new IllegalArgumentException("A field name must have 1 to 128 characters, got " + name.length());
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A field name cannot contain control characters: " + name.strip());
        }
    }
}
