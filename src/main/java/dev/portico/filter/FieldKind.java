package dev.portico.filter;

/** The kinds of column a filter value is typecast to before it is bound. */
public enum FieldKind {
    INTEGER,
    DECIMAL,
    BOOLEAN,
    TEXT,
    TIMESTAMP
}
