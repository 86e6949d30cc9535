package dev.portico.auth.rbac;

import java.util.List;

/**
 * A role as RBAC sees it: its identity, whether it is active, and its access rules in the order the
 * caller loaded them (that order only affects the order of filters in a decision). Immutable and
 * thread-safe.
 */
public record Role(long id, String name, boolean active, List<AccessRule> rules) {
    public Role {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Role " + id + " needs a name.");
        }
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
