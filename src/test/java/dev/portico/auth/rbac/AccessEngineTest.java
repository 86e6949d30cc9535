package dev.portico.auth.rbac;

import static dev.portico.auth.rbac.Requestor.API;
import static dev.portico.auth.rbac.Requestor.SCRIPT;
import static dev.portico.auth.rbac.SampleRoles.filter;
import static dev.portico.auth.rbac.Verb.DELETE;
import static dev.portico.auth.rbac.Verb.GET;
import static dev.portico.auth.rbac.Verb.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessEngineTest {
    private final AccessEngine engine = new AccessEngine();

    private AccessDecision decide(List<AccessRule> rules, Verb verb, String component) {
        return engine.decide(new Role(7, "sales", true, rules), false, new AccessRequest("db", component, verb, API));
    }

    private static AccessRule orders(Set<Verb> verbs, FilterJoin join, RowFilter... filters) {
        return new AccessRule(10L, "db", "_table/orders", Verb.mask(verbs), API.mask(), List.of(filters), join);
    }

    @Test
    void a_denial_names_the_role_the_verb_and_the_target() {
        AccessDecision decision = decide(List.of(), GET, "_table/orders");

        assertEquals("role 'sales' has no access to GET on db/_table/orders", decision.reason());
        assertEquals(0, decision.verbMask());
    }

    @Test
    void a_denial_by_a_matching_rule_says_which_rule_and_what_it_allows() {
        AccessDecision decision = decide(List.of(orders(Set.of(GET, POST), FilterJoin.AND)), DELETE, "_table/orders");

        assertEquals("role 'sales' has no access to DELETE on db/_table/orders (rule db/_table/orders allows GET, POST)",
                decision.reason());
        assertEquals(3, decision.verbMask());
    }

    @Test
    void a_script_denial_says_it_came_from_a_script_and_an_inactive_role_says_so() {
        Role retired = new Role(8, "retired", false, List.of(orders(Set.of(GET), FilterJoin.AND)));

        AccessDecision scripted = engine.decide(retired, false, new AccessRequest("db", "_table/orders", GET, SCRIPT));
        AccessDecision roleless = engine.decide(null, false, new AccessRequest("db", "", GET, API));

        assertEquals("role 'retired' is inactive, so it has no access to GET on db/_table/orders from a script", scripted.reason());
        assertEquals("no role applies to this session, so it has no access to GET on db", roleless.reason());
    }

    @Test
    void a_sys_admin_gets_every_verb_and_no_filters_even_without_a_role() {
        AccessDecision decision = engine.decide(null, true, new AccessRequest("system", "role/3", DELETE, SCRIPT));

        assertTrue(decision.allowed());
        assertEquals(Verb.ALL, decision.verbMask());
        assertTrue(decision.filters().isEmpty());
    }

    @Test
    void tied_rules_with_single_filters_are_or_ed_and_identical_sets_count_once() {
        AccessDecision decision = decide(List.of(
                orders(Set.of(GET), FilterJoin.AND, filter("owner_id", "{user.id}")),
                orders(Set.of(GET), FilterJoin.AND, filter("region", "{user.region}")),
                orders(Set.of(GET), FilterJoin.AND, filter("owner_id", "{user.id}"))), GET, "_table/orders");

        assertTrue(decision.allowed(), decision.reason());
        assertEquals("owner_id = {user.id} OR region = {user.region}", SampleRoles.render(decision));
    }

    @Test
    void a_tied_rule_without_filters_leaves_the_rows_unrestricted() {
        AccessDecision decision = decide(List.of(
                orders(Set.of(GET), FilterJoin.AND, filter("owner_id", "{user.id}")),
                orders(Set.of(GET), FilterJoin.AND)), GET, "_table/orders");

        assertTrue(decision.allowed(), decision.reason());
        assertTrue(decision.filters().isEmpty());
    }

    @Test
    void only_tied_rules_that_allow_the_verb_contribute_filters() {
        AccessDecision decision = decide(List.of(
                orders(Set.of(POST), FilterJoin.AND),
                orders(Set.of(GET), FilterJoin.AND, filter("owner_id", "{user.id}"))), GET, "_table/orders");

        assertEquals("owner_id = {user.id}", SampleRoles.render(decision));
        assertEquals(3, decision.verbMask());
    }

    @Test
    void tied_and_joined_filter_sets_that_differ_deny_instead_of_picking_one() {
        AccessDecision decision = decide(List.of(
                orders(Set.of(GET), FilterJoin.AND, filter("owner_id", "{user.id}"), filter("open", "1")),
                orders(Set.of(GET), FilterJoin.AND, filter("region", "{user.region}"))), GET, "_table/orders");

        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("cannot be OR-ed into one filter list"), decision.reason());
    }

    @Test
    void tied_or_joined_filter_sets_flatten_into_one_or_list() {
        AccessDecision decision = decide(List.of(
                orders(Set.of(GET), FilterJoin.OR, filter("owner_id", "{user.id}"), filter("shared", "1")),
                orders(Set.of(GET), FilterJoin.AND, filter("region", "{user.region}"))), GET, "_table/orders");

        assertEquals("owner_id = {user.id} OR shared = 1 OR region = {user.region}", SampleRoles.render(decision));
    }

    @Test
    void a_rule_for_no_requestor_and_verb_bits_beyond_delete_grant_nothing() {
        AccessRule nobody = new AccessRule(10L, "db", "*", Verb.ALL, 0, null, null);
        AccessRule optionsOnly = new AccessRule(10L, "db", "_table/orders", 32 | 64, API.mask(), null, null);

        assertFalse(decide(List.of(nobody), GET, "_table/items").allowed());
        AccessDecision shadowed = decide(List.of(nobody, optionsOnly), GET, "_table/orders");
        assertFalse(shadowed.allowed());
        assertEquals(0, shadowed.verbMask());
    }
}
