package dev.portico.auth.rbac;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The outcome of {@link AccessEngine#decide}: whether the verb is allowed, the verbs the winning rules
 * grant on the component (0 when none matched), the row filters to AND into every query when allowed,
 * and a reason for logs and 403 messages. A reason names roles, rules and lookups but never a lookup's
 * value. A denial carries no filters. The reason is put into words only when asked for: most decisions
 * allow, and nobody reads why. Immutable and thread-safe.
 */
public final class AccessDecision {
    private final boolean allowed;
    private final int verbMask;
    private final List<RowFilter> filters;
    private final FilterJoin join;
    private final Supplier<String> reason;

    private AccessDecision(boolean allowed, int verbMask, List<RowFilter> filters, FilterJoin join,
                           Supplier<String> reason) {
        if (verbMask < 0 || verbMask > Verb.ALL) {
            throw new IllegalArgumentException("Decision verb mask " + verbMask + " is outside 0.." + Verb.ALL + ".");
        }
        this.filters = filters == null ? List.of() : List.copyOf(filters);
        if (!allowed && !this.filters.isEmpty()) {
            throw new IllegalArgumentException("A denial carries no row filters; got " + this.filters.size() + ".");
        }
        this.allowed = allowed;
        this.verbMask = verbMask;
        this.join = join == null ? FilterJoin.AND : join;
        this.reason = Objects.requireNonNull(reason, "An access decision needs a reason.");
    }

    static AccessDecision allow(int verbMask, List<RowFilter> filters, FilterJoin join, Supplier<String> reason) {
        return new AccessDecision(true, verbMask, filters, join, reason);
    }

    static AccessDecision allow(int verbMask, List<RowFilter> filters, FilterJoin join, String reason) {
        return allow(verbMask, filters, join, given(reason));
    }

    static AccessDecision deny(int verbMask, String reason) {
        return new AccessDecision(false, verbMask, List.of(), FilterJoin.AND, given(reason));
    }

    private static Supplier<String> given(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An access decision needs a reason.");
        }
        return () -> reason;
    }

    public boolean allowed() {
        return allowed;
    }

    public int verbMask() {
        return verbMask;
    }

    public List<RowFilter> filters() {
        return filters;
    }

    public FilterJoin join() {
        return join;
    }

    /** Why, in words; built on each call. */
    public String reason() {
        return reason.get();
    }

    @Override
    public String toString() {
        return "AccessDecision[allowed=" + allowed + ", verbMask=" + verbMask + ", filters=" + filters + ", join=" + join
                + ", reason=" + reason() + "]";
    }
}
