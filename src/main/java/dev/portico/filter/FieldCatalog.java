package dev.portico.filter;

import java.util.List;
import java.util.Optional;

/**
 * The columns of one table that a filter may name. Lookup is case-insensitive, as in DreamFactory;
 * an exact match wins when two columns differ only by case.
 */
public interface FieldCatalog {
    /** The real column for a name written in a filter, if the table has one. */
    Optional<Field> field(String requestedName);

    /** A catalog over a fixed list of columns; thread-safe. */
    static FieldCatalog of(List<Field> fields) {
        return new FieldList(fields);
    }
}
