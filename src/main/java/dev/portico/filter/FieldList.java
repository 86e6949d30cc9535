package dev.portico.filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link FieldCatalog} over a fixed list of columns; immutable and thread-safe. */
final class FieldList implements FieldCatalog {
    private final Map<String, Field> exact = new HashMap<>();
    private final Map<String, Field> folded = new HashMap<>();

    FieldList(List<Field> fields) {
        Set<String> ambiguous = new HashSet<>();
        for (Field field : List.copyOf(fields)) {
            if (exact.putIfAbsent(field.name(), field) != null) {
                throw new IllegalArgumentException("The field '" + field.name() + "' is listed twice.");
            }
            if (folded.putIfAbsent(fold(field.name()), field) != null) {
                ambiguous.add(fold(field.name()));
            }
        }
        // Two columns that differ only by case can each be named exactly, never loosely.
        ambiguous.forEach(folded::remove);
    }

    @Override
    public Optional<Field> field(String requestedName) {
        if (requestedName == null) {
            return Optional.empty();
        }
        Field match = exact.get(requestedName);
        return Optional.ofNullable(match != null ? match : folded.get(fold(requestedName)));
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
