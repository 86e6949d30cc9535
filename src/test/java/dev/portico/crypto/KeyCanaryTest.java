package dev.portico.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyCanaryTest {
    private final AppKey key = AppKey.generate();

    @Test
    void canary_passes_for_the_key_that_created_it() {
        String canary = KeyCanary.create(key);

        assertTrue(canary.matches("pc1:" + key.fingerprint() + ":[0-9a-f]{64}"), canary);
        assertEquals(canary, KeyCanary.create(AppKey.parse(key.encoded())));
        assertDoesNotThrow(() -> KeyCanary.check(AppKey.parse(key.encoded()), canary));
        assertEquals(key.fingerprint(), KeyCanary.fingerprintOf(canary));
    }

    @Test
    void canary_refuses_another_key() {
        AppKey other = AppKey.generate();
        String canary = KeyCanary.create(other);

        PorticoException error = assertThrows(PorticoException.class, () -> KeyCanary.check(key, canary));

        assertEquals(ErrorCode.REFUSED, error.code());
        assertTrue(error.getMessage().startsWith("APP_KEY does not match this system database (key fingerprint "
                + key.fingerprint() + ", database sealed with " + other.fingerprint() + ")."), error.getMessage());
        assertTrue(error.getMessage().contains("portico key:rotate --old-key"), error.getMessage());
        assertFalse(error.getMessage().contains(key.encoded().substring(7, 20)), error.getMessage());
    }

    @Test
    void canary_with_the_right_fingerprint_but_an_altered_mac_is_reported_as_damaged() {
        String canary = KeyCanary.create(key);
        char last = canary.charAt(canary.length() - 1);
        String altered = canary.substring(0, canary.length() - 1) + (last == '0' ? '1' : '0');

        PorticoException error = assertThrows(PorticoException.class, () -> KeyCanary.check(key, altered));

        assertEquals(ErrorCode.FAILED, error.code());
        assertTrue(error.getMessage().contains("was altered"), error.getMessage());
    }

    @Test
    void malformed_canaries_fail_with_a_clear_message() {
        String canary = KeyCanary.create(key);
        for (String bad : Arrays.asList(null, "", "garbage", canary.substring(0, 40), canary.toUpperCase(),
                canary.replace("pc1:", "pc1"))) {
            PorticoException error = assertThrows(PorticoException.class, () -> KeyCanary.check(key, bad));
            assertEquals(ErrorCode.FAILED, error.code(), bad);
            assertTrue(error.getMessage().contains("key canary"), error.getMessage());
        }
    }

    @Test
    void a_canary_of_an_unknown_version_is_named() {
        String future = "pc2" + KeyCanary.create(key).substring(3);

        PorticoException error = assertThrows(PorticoException.class, () -> KeyCanary.fingerprintOf(future));

        assertEquals(ErrorCode.REFUSED, error.code());
        assertTrue(error.getMessage().contains("version pc2"), error.getMessage());
    }
}
