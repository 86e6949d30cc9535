package dev.portico.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LookupSetTest {
    private static Lookup plain(String name, String value) {
        return new Lookup(name, value, false);
    }

    @Test
    void later_scopes_override_earlier_ones_from_system_to_user() {
        LookupSet lookups = LookupSet.merge(
                List.of(plain("region", "system"), plain("tier", "system"), plain("motd", "system")),
                List.of(plain("region", "app"), plain("tier", "app")),
                List.of(plain("region", "role")),
                List.of(plain("region", "user"), plain("region", "user-last")));

        assertEquals(Optional.of("user-last"), lookups.valueForClient("region"));
        assertEquals(Optional.of("app"), lookups.valueForClient("tier"));
        assertEquals(Optional.of("system"), lookups.valueForClient("motd"));
        assertEquals(Optional.empty(), lookups.valueForClient("Region"));
    }

    @Test
    void built_ins_win_over_stored_lookups_of_the_same_name() {
        LookupSet lookups = LookupSet.merge(null, null, null, List.of(plain("user.id", "999")))
                .withBuiltIns(Map.of("user.id", "42", "role.name", "sales"));

        assertEquals(Optional.of("42"), lookups.valueForClient("user.id"));
        assertEquals(Optional.of("42"), lookups.valueForServiceConfig("user.id"));
        assertEquals(Optional.of("sales"), lookups.valueForClient("role.name"));
    }

    @Test
    void a_private_lookup_reaches_service_configs_but_never_clients() {
        LookupSet lookups = LookupSet.merge(List.of(new Lookup("db.password", "s3cret", true)), null, null, null);

        assertEquals(Optional.empty(), lookups.valueForClient("db.password"));
        assertEquals(Optional.of("s3cret"), lookups.valueForServiceConfig("db.password"));
    }

    @Test
    void a_user_lookup_can_make_a_private_system_lookup_public_and_the_other_way_round() {
        LookupSet lookups = LookupSet.merge(
                List.of(new Lookup("token", "system-secret", true), plain("greeting", "hi")), null, null,
                List.of(plain("token", "user-visible"), new Lookup("greeting", "hidden", true)));

        assertEquals(Optional.of("user-visible"), lookups.valueForClient("token"));
        assertEquals(Optional.empty(), lookups.valueForClient("greeting"));
    }

    @Test
    void clients_see_stored_lookups_sorted_with_private_values_masked_and_no_built_ins() {
        LookupSet lookups = LookupSet.merge(List.of(plain("zone", "eu"), new Lookup("api.secret", "s3cret", true)),
                null, null, null).withBuiltIns(Map.of("user.email", "ann@example.com"));

        assertEquals(List.of(new Lookup("api.secret", "**********", true), plain("zone", "eu")), lookups.visibleToClient());
    }

    @Test
    void private_values_stay_out_of_to_string() {
        Lookup secret = new Lookup("db.password", "s3cret", true);
        LookupSet lookups = LookupSet.merge(List.of(secret), null, null, null).withBuiltIns(Map.of("user.id", "42"));

        assertFalse(secret.toString().contains("s3cret"), secret.toString());
        assertFalse(lookups.toString().contains("s3cret") || lookups.toString().contains("42"), lookups.toString());
    }

    @Test
    void names_with_braces_and_missing_values_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> plain("{user.id}", "1"));
        assertThrows(IllegalArgumentException.class, () -> plain("region", null));
        assertThrows(IllegalArgumentException.class, () -> LookupSet.empty().withBuiltIns(Map.of("", "1")));
    }
}
