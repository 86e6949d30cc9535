package dev.portico.auth.rbac;

import static dev.portico.auth.rbac.SampleRoles.filter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowFiltersTest {
    private final LookupSet lookups = LookupSet.merge(
            List.of(new Lookup("region", "eu-$1\\x", false), new Lookup("db.password", "s3cret", true)), null, null, null)
            .withBuiltIns(Map.of("user.id", "42", "user.email", "ann@example.com"));

    @Test
    void references_are_replaced_in_values_however_many_and_wherever_they_sit() {
        List<RowFilter> resolved = RowFilters.resolve(List.of(
                filter("owner_id", "{user.id}"),
                filter("note", "{user.email}/{region} {user.id}"),
                filter("{user.id}", "{} and {unclosed"),
                new RowFilter("deleted_at", "is null", null)), lookups);

        assertEquals(List.of(
                filter("owner_id", "42"),
                filter("note", "ann@example.com/eu-$1\\x 42"),
                filter("{user.id}", "{} and {unclosed"),
                new RowFilter("deleted_at", "is null", "")), resolved);
    }

    @Test
    void an_undefined_lookup_is_forbidden_and_named() {
        PorticoException denied = assertThrows(PorticoException.class,
                () -> RowFilters.resolve(List.of(filter("dept", "{user.dept}")), lookups));

        assertEquals(ErrorCode.FORBIDDEN, denied.code());
        assertEquals("Access denied: the row filter on 'dept' uses lookup {user.dept}, which this session does not"
                + " define; define it for the system, app, role or user, or change the role's filter.", denied.getMessage());
    }

    @Test
    void a_private_lookup_is_never_substituted_and_its_value_never_shown() {
        PorticoException denied = assertThrows(PorticoException.class,
                () -> RowFilters.resolve(List.of(filter("password", "{db.password}")), lookups));

        assertEquals(ErrorCode.FORBIDDEN, denied.code());
        assertTrue(denied.getMessage().contains("private lookup {db.password}"), denied.getMessage());
        assertFalse(denied.getMessage().contains("s3cret"), denied.getMessage());
    }

    @Test
    void resolving_a_decision_fills_its_filters_or_turns_it_into_a_denial() {
        AccessDecision allowed = AccessDecision.allow(1, List.of(filter("owner_id", "{user.id}")), FilterJoin.AND, "role 'sales' allows GET");
        AccessDecision leaky = AccessDecision.allow(1, List.of(filter("password", "{db.password}")), FilterJoin.OR, "role 'sales' allows GET");

        AccessDecision resolved = RowFilters.resolve(allowed, lookups);
        AccessDecision denied = RowFilters.resolve(leaky, lookups);

        assertEquals(List.of(filter("owner_id", "42")), resolved.filters());
        assertTrue(resolved.allowed());
        assertFalse(denied.allowed());
        assertTrue(denied.filters().isEmpty());
        assertTrue(denied.reason().startsWith("role 'sales' allows GET, but the row filter on 'password' uses private lookup"),
                denied.reason());
        assertFalse(denied.reason().contains("s3cret"), denied.reason());
    }

    @Test
    void a_denial_passes_through_unchanged() {
        AccessDecision denial = AccessDecision.deny(0, "role 'sales' has no access to GET on db");

        assertSame(denial, RowFilters.resolve(denial, LookupSet.empty()));
    }

    @Test
    void engine_filters_resolve_end_to_end_for_the_session_user() {
        AccessDecision decision = new AccessEngine().decide(SampleRoles.named("sales"), false,
                new AccessRequest("db", "_table/orders", Verb.GET, Requestor.API));

        assertEquals("owner_id = 42", SampleRoles.render(RowFilters.resolve(decision, lookups)));
    }
}
