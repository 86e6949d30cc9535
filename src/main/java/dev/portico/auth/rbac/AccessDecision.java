package dev.portico.auth.rbac;

import java.util.List;

/**
 * The outcome of {@link AccessEngine#decide}: whether the verb is allowed, the verbs the winning rules
 * grant on the component (0 when none matched), the row filters to AND into every query when allowed,
 * and a reason for logs and 403 messages. A reason names roles, rules and lookups but never a lookup's
 * value. A denial carries no filters. Immutable and thread-safe.
 */
public record AccessDecision(boolean allowed, int verbMask, List<RowFilter> filters, FilterJoin join, String reason) {
    public AccessDecision {
        if (verbMask < 0 || verbMask > Verb.ALL) {
            throw new IllegalArgumentException("Decision verb mask " + verbMask + " is outside 0.." + Verb.ALL + ".");
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
        join = join == null ? FilterJoin.AND : join;
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An access decision needs a reason.");
        }
        if (!allowed && !filters.isEmpty()) {
            throw new IllegalArgumentException("A denial carries no row filters; got " + filters.size() + ".");
        }
    }

    static AccessDecision allow(int verbMask, List<RowFilter> filters, FilterJoin join, String reason) {
        return new AccessDecision(true, verbMask, filters, join, reason);
    }

    static AccessDecision deny(int verbMask, String reason) {
        return new AccessDecision(false, verbMask, List.of(), FilterJoin.AND, reason);
    }
}
