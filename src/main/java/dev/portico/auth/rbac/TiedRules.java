package dev.portico.auth.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Combines the row filters of the equally specific rules that all allow the requested verb, as described
 * on {@link AccessEngine}. Stateless and thread-safe.
 */
final class TiedRules {
    private TiedRules() {
    }

    /** A filter set as a comparable value: order does not matter, and one filter has no join. */
    private record FilterSet(Set<RowFilter> filters, FilterJoin join) {
        static FilterSet of(AccessRule rule) {
            FilterJoin join = rule.filters().size() == 1 ? FilterJoin.AND : rule.join();
            return new FilterSet(Set.copyOf(rule.filters()), join);
        }
    }

    static AccessDecision decide(Role role, AccessRequest request, int mask, List<AccessRule> granting) {
        // put into words only if someone asks (a denial further on, a log): not on every request
        Supplier<String> reason = () -> AccessEngine.roleName(role) + " allows " + AccessEngine.wanted(request)
                + " through " + AccessEngine.describe(granting);
        if (granting.size() == 1) { // the usual case, decided on every request: no sets to compare
            AccessRule only = granting.get(0);
            return AccessDecision.allow(mask, only.filters(), only.filters().isEmpty() ? FilterJoin.AND : only.join(),
                    reason);
        }
        if (granting.stream().anyMatch(rule -> rule.filters().isEmpty())) {
            return AccessDecision.allow(mask, List.of(), FilterJoin.AND, reason);
        }
        Map<FilterSet, AccessRule> distinct = new LinkedHashMap<>();
        for (AccessRule rule : granting) {
            distinct.putIfAbsent(FilterSet.of(rule), rule);
        }
        if (distinct.size() == 1) {
            AccessRule only = distinct.values().iterator().next();
            return AccessDecision.allow(mask, only.filters(), only.join(), reason);
        }
        boolean flattenable = distinct.values().stream()
                .allMatch(rule -> rule.filters().size() == 1 || rule.join() == FilterJoin.OR);
        if (!flattenable) {
            return AccessDecision.deny(mask, AccessEngine.roleName(role) + " has " + AccessEngine.describe(granting)
                    + " tied for " + AccessEngine.wanted(request)
                    + " with different AND-joined row filters, which cannot be OR-ed into one filter list; merge them"
                    + " into one rule or give them the same filters");
        }
        Set<RowFilter> union = new LinkedHashSet<>();
        for (AccessRule rule : distinct.values()) {
            union.addAll(rule.filters());
        }
        return AccessDecision.allow(mask, new ArrayList<>(union), FilterJoin.OR, () -> reason.get() + ", their row filters OR-ed");
    }
}
