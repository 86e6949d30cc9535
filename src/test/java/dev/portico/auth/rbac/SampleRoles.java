package dev.portico.auth.rbac;

import static dev.portico.auth.rbac.Requestor.API;
import static dev.portico.auth.rbac.Requestor.SCRIPT;
import static dev.portico.auth.rbac.Verb.DELETE;
import static dev.portico.auth.rbac.Verb.GET;
import static dev.portico.auth.rbac.Verb.PATCH;
import static dev.portico.auth.rbac.Verb.POST;
import static dev.portico.auth.rbac.Verb.PUT;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Roles the decision table runs against, written the way a caller would load them from the system database. */
final class SampleRoles {
    private static final long DB = 10;
    private static final long FILES = 11;
    private static final long MAIL = 12;

    private static final List<AccessRule> SALES_RULES = List.of(
            rule(DB, "db", "_table/*", Set.of(GET, POST), API.mask()),
            rule(DB, "db", "/_table/orders", Set.of(GET, PUT), API.mask(), filter("owner_id", "{user.id}")),
            rule(DB, "db", "_table/orders", Set.of(PATCH), API.mask(), filter("region", "{user.region}")),
            rule(DB, "db", "_table/archive/*", Set.of(GET), API.mask()),
            rule(DB, "db", "_proc/report(a,b)", Set.of(POST), API.mask()),
            rule(DB, "db", "", Set.of(GET), API.mask()),
            rule(DB, "db", "_schema/*", Set.of(GET), SCRIPT.mask()),
            rule(FILES, "files", "*", Set.of(GET), Requestor.ALL),
            rule(null, null, "*", Set.of(GET), SCRIPT.mask()));

    /** Exact, prefix and service-wide rules on one service, for precedence and placeholders. */
    private static final List<AccessRule> OWNERS_RULES = List.of(
            rule(DB, "db", "_table/orders/*", Set.of(GET, PATCH), API.mask(), filter("owner_id", "{user.id}")),
            rule(DB, "db", "_table/orders", Set.of(GET), API.mask()),
            rule(DB, "db", "*", Set.of(GET), API.mask()),
            rule(DB, "db", "*", Set.of(DELETE), API.mask()));

    /** All-services rules, and one service-wide rule that shadows them on its service. */
    private static final List<AccessRule> GLOBAL_RULES = List.of(
            rule(null, null, "*", Set.of(GET), API.mask()),
            rule(null, null, "", Set.of(POST), API.mask()),
            rule(null, null, "_table/*", Set.of(DELETE), API.mask()),
            rule(MAIL, "mail", "*", Set.of(POST), API.mask()));

    static final Map<String, Role> BY_NAME = Map.of(
            "sales", new Role(1, "sales", true, SALES_RULES),
            "owners", new Role(2, "owners", true, OWNERS_RULES),
            "global", new Role(3, "global", true, GLOBAL_RULES),
            "retired", new Role(4, "retired", false, SALES_RULES));

    private SampleRoles() {
    }

    /** The role with this name, or null for "none" (a session no role applies to). */
    static Role named(String name) {
        if (name.equals("none")) {
            return null;
        }
        Role role = BY_NAME.get(name);
        if (role == null) {
            throw new IllegalArgumentException("No sample role '" + name + "'; known: " + BY_NAME.keySet());
        }
        return role;
    }

    static AccessRule rule(Long serviceId, String service, String component, Set<Verb> verbs, int requestors,
            RowFilter... filters) {
        return new AccessRule(serviceId, service, component, Verb.mask(verbs), requestors, Arrays.asList(filters), FilterJoin.AND);
    }

    static RowFilter filter(String field, String value) {
        return new RowFilter(field, "=", value);
    }

    /** "owner_id = {user.id} AND region = {user.region}", or "" for no filters: how the table writes filters. */
    static String render(AccessDecision decision) {
        return String.join(" " + decision.join() + " ", decision.filters().stream()
                .map(filter -> filter.field() + " " + filter.operator() + " " + filter.value()).toList());
    }
}
