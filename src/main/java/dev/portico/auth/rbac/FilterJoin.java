package dev.portico.auth.rbac;

import java.util.Locale;

/** How a rule's row filters combine (DreamFactory's {@code filter_op}). Thread-safe. */
public enum FilterJoin {
    AND, OR;

    /**
     * Parses a stored {@code filter_op}, case-insensitive; null or blank means AND, DreamFactory's
     * default. Anything else is refused rather than guessed, since a wrong guess widens access.
     */
    public static FilterJoin parse(String filterOp) {
        if (filterOp == null || filterOp.isBlank()) {
            return AND;
        }
        return switch (filterOp.strip().toUpperCase(Locale.ROOT)) {
            case "AND" -> AND;
            case "OR" -> OR;
            default -> throw new IllegalArgumentException("filter_op '" + filterOp
                    + "' is neither AND nor OR. Fix the role's access rule.");
        };
    }
}
