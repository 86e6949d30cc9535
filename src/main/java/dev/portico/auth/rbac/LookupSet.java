package dev.portico.auth.rbac;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lookups of one session (reference §4.3): system, app, role and user lookups merged so that later
 * scopes override earlier ones, plus built-ins such as {@code user.id} that the caller supplies. A built-in
 * wins over a stored lookup of the same name (DreamFactory resolves {@code user.*}, {@code role.*},
 * {@code app.*} before the table), so no lookup can pose as the session's user. Built-ins are never private.
 * Immutable and thread-safe; {@link #toString()} shows names only.
 */
public final class LookupSet {
    private final Map<String, Lookup> stored;
    private final Map<String, String> builtIns;

    private LookupSet(Map<String, Lookup> stored, Map<String, String> builtIns) {
        this.stored = Map.copyOf(stored);
        this.builtIns = Map.copyOf(builtIns);
    }

    public static LookupSet empty() {
        return new LookupSet(Map.of(), Map.of());
    }

    /**
     * Merges the four scopes in precedence order: a user lookup overrides a role lookup of the same name,
     * which overrides an app lookup, which overrides a system one. Within one list the last entry wins.
     * A null list counts as empty (a session without a user has no user lookups).
     */
    public static LookupSet merge(List<Lookup> system, List<Lookup> app, List<Lookup> role, List<Lookup> user) {
        Map<String, Lookup> merged = new LinkedHashMap<>();
        for (List<Lookup> scope : List.of(orEmpty(system), orEmpty(app), orEmpty(role), orEmpty(user))) {
            for (Lookup lookup : scope) {
                merged.put(lookup.name(), lookup);
            }
        }
        return new LookupSet(merged, Map.of());
    }

    /** A copy with these built-ins ({@code "user.id" -> "42"}, names without braces) replacing any before. */
    public LookupSet withBuiltIns(Map<String, String> values) {
        values.forEach((name, value) -> {
            Lookup.checkName(name);
            if (value == null) {
                throw new IllegalArgumentException("Built-in lookup '" + name + "' has no value; leave it out instead.");
            }
        });
        return new LookupSet(stored, values);
    }

    /** The value a client, a row filter or a payload may see: empty for private and unknown names. */
    public Optional<String> valueForClient(String name) {
        if (builtIns.containsKey(name)) {
            return Optional.of(builtIns.get(name));
        }
        Lookup lookup = stored.get(name);
        return lookup == null || lookup.privateValue() ? Optional.empty() : Optional.of(lookup.value());
    }

    /** The value for a service config (credentials): private lookups included. Never show it to a client. */
    public Optional<String> valueForServiceConfig(String name) {
        if (builtIns.containsKey(name)) {
            return Optional.of(builtIns.get(name));
        }
        return Optional.ofNullable(stored.get(name)).map(Lookup::value);
    }

    /** The stored lookups sorted by name, private values replaced by {@link Lookup#MASK}; built-ins excluded. */
    public List<Lookup> visibleToClient() {
        return stored.values().stream().sorted(Comparator.comparing(Lookup::name)).map(Lookup::masked).toList();
    }

    /** Whether {@code name} is a stored private lookup that no built-in shadows. */
    boolean isPrivate(String name) {
        Lookup lookup = stored.get(name);
        return !builtIns.containsKey(name) && lookup != null && lookup.privateValue();
    }

    private static List<Lookup> orEmpty(List<Lookup> scope) {
        return scope == null ? List.of() : scope;
    }

    @Override
    public String toString() {
        return "LookupSet[stored=" + new TreeMap<>(stored).keySet() + ", builtIns=" + new TreeMap<>(builtIns).keySet() + "]";
    }
}
