package dev.portico.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessRuleTest {
    private static AccessRule rule(String component) {
        return new AccessRule(1L, "db", component, 1, 1, null, null);
    }

    @Test
    void components_lose_leading_slashes_and_parenthesised_parts_but_keep_trailing_slashes() {
        assertEquals("_table/orders", rule("//_table/orders").component());
        assertEquals("_proc/report", rule("/_proc/report(1, 'x')").component());
        assertEquals("_func/a/b", rule("_func/a(1)/b(2)").component());
        assertEquals("_proc/broken(1", rule("_proc/broken(1").component());
        assertEquals("docs/", rule("/docs/").component());
        assertEquals("", rule(null).component());
        assertEquals("_table/orders", new AccessRequest("db", "/_table/orders(id)", Verb.GET, Requestor.API).component());
    }

    @Test
    void a_star_anywhere_but_the_end_is_refused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> rule("_table/*/x"));

        assertTrue(refused.getMessage().contains("'_table/*/x'"), refused.getMessage());
    }

    @Test
    void masks_out_of_range_and_half_given_services_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new AccessRule(1L, "db", "*", 1024, 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AccessRule(1L, "db", "*", 1, 4, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AccessRule(null, "db", "*", 1, 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AccessRule(1L, " ", "*", 1, 1, null, null));
    }

    @Test
    void missing_filters_and_join_default_to_none_and_and() {
        AccessRule rule = new AccessRule(null, null, "*", 31, 3, null, null);

        assertEquals(List.of(), rule.filters());
        assertEquals(FilterJoin.AND, rule.join());
        assertTrue(rule.allServices());
    }

    @Test
    void filter_join_parses_stored_values_and_refuses_others() {
        assertEquals(FilterJoin.OR, FilterJoin.parse(" or "));
        assertEquals(FilterJoin.AND, FilterJoin.parse(null));
        assertThrows(IllegalArgumentException.class, () -> FilterJoin.parse("xor"));
    }

    @Test
    void verbs_convert_to_and_from_dreamfactory_masks() {
        assertEquals(31, Verb.mask(EnumSet.allOf(Verb.class)));
        assertEquals(10, Verb.mask(EnumSet.of(Verb.POST, Verb.PATCH)));
        assertEquals(EnumSet.of(Verb.GET, Verb.DELETE), Verb.fromMask(1 | 16 | 32));
        assertTrue(Requestor.SCRIPT.in(3));
    }

    @Test
    void http_methods_map_to_verbs_with_head_as_get_and_options_left_to_cors() {
        assertEquals(Optional.of(Verb.GET), Verb.fromHttpMethod("HEAD"));
        assertEquals(Optional.of(Verb.PATCH), Verb.fromHttpMethod("merge"));
        assertEquals(Optional.of(Verb.DELETE), Verb.fromHttpMethod("delete"));
        assertEquals(Optional.empty(), Verb.fromHttpMethod("OPTIONS"));
        assertEquals(Optional.empty(), Verb.fromHttpMethod("TRACE"));
    }
}
