package dev.portico.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppKeyTest {
    private static final String KEY_TEXT = "base64:" + Base64.getEncoder().encodeToString(sequence(32));

    @Test
    void parse_reads_a_laravel_style_key_and_encodes_it_back() {
        AppKey key = AppKey.parse(KEY_TEXT);

        assertEquals(KEY_TEXT, key.encoded());
        assertEquals(key, AppKey.parse("  " + KEY_TEXT + "\n"));
    }

    @Test
    void parse_rejects_a_missing_key_and_says_how_to_create_one() {
        for (String missing : Arrays.asList(null, "", "   ")) {
            PorticoException error = assertThrows(PorticoException.class, () -> AppKey.parse(missing));
            assertEquals(ErrorCode.CONFIGURATION, error.code());
            assertEquals("APP_KEY is not set. Run `portico key:generate` to create one.", error.getMessage());
        }
    }

    @Test
    void parse_rejects_a_key_without_the_base64_prefix() {
        PorticoException error = assertThrows(PorticoException.class, () -> AppKey.parse(KEY_TEXT.substring(7)));

        assertEquals(ErrorCode.CONFIGURATION, error.code());
        assertTrue(error.getMessage().contains("must start with `base64:`"), error.getMessage());
        assertTrue(error.getMessage().contains("portico key:generate"), error.getMessage());
    }

    @Test
    void parse_rejects_a_key_that_is_not_base64() {
        PorticoException error = assertThrows(PorticoException.class, () -> AppKey.parse("base64:not*base64!"));

        assertEquals(ErrorCode.CONFIGURATION, error.code());
        assertTrue(error.getMessage().contains("not valid base64"), error.getMessage());
    }

    @Test
    void parse_rejects_a_key_of_the_wrong_length_naming_the_length() {
        String shortKey = "base64:" + Base64.getEncoder().encodeToString(sequence(16));

        PorticoException error = assertThrows(PorticoException.class, () -> AppKey.parse(shortKey));

        assertEquals(ErrorCode.CONFIGURATION, error.code());
        assertTrue(error.getMessage().contains("decodes to 16 bytes, but it must be exactly 32"), error.getMessage());
    }

    @Test
    void error_messages_never_contain_the_key() {
        String body = KEY_TEXT.substring(7);
        List<String> badKeys = List.of(body, "base64:" + body.substring(0, 20) + "%" + body.substring(21),
                "base64:" + body.substring(0, 40), "base64:" + body + body);
        for (String bad : badKeys) {
            PorticoException error = assertThrows(PorticoException.class, () -> AppKey.parse(bad));
            String message = error.getMessage() + (error.getCause() == null ? "" : error.getCause().getMessage());
            assertFalse(message.contains(body.substring(0, 8)), message);
            assertFalse(message.contains("%"), message);
        }
    }

    @Test
    void toString_never_reveals_the_key() {
        AppKey key = AppKey.parse(KEY_TEXT);

        assertEquals("AppKey[fingerprint=" + key.fingerprint() + "]", key.toString());
        assertFalse(key.toString().contains(KEY_TEXT.substring(7, 15)));
    }

    @Test
    void fingerprints_are_stable_for_a_key_and_differ_between_keys() {
        AppKey key = AppKey.parse(KEY_TEXT);

        assertTrue(key.fingerprint().matches("[0-9a-f]{12}"), key.fingerprint());
        assertEquals(key.fingerprint(), AppKey.parse(KEY_TEXT).fingerprint());
        assertNotEquals(key.fingerprint(), AppKey.generate().fingerprint());
    }

    @Test
    void subkeys_for_different_purposes_differ() {
        AppKey key = AppKey.parse(KEY_TEXT);
        Set<String> subkeys = new HashSet<>();

        for (KeyPurpose purpose : KeyPurpose.values()) {
            byte[] subkey = key.subkey(purpose);
            assertEquals(32, subkey.length);
            assertFalse(Arrays.equals(sequence(32), subkey), "a subkey must not be the key itself");
            subkeys.add(Base64.getEncoder().encodeToString(subkey));
        }
        assertEquals(KeyPurpose.values().length, subkeys.size());
    }

    @Test
    void subkey_returns_a_copy_the_caller_cannot_corrupt() {
        AppKey key = AppKey.parse(KEY_TEXT);
        byte[] first = key.subkey(KeyPurpose.ENCRYPTION);
        byte[] expected = first.clone();

        Arrays.fill(first, (byte) 0);

        assertArrayEquals(expected, key.subkey(KeyPurpose.ENCRYPTION));
    }

    @Test
    void generated_keys_are_random_and_parse_back() {
        AppKey first = AppKey.generate();
        AppKey second = AppKey.generate();

        assertNotEquals(first, second);
        assertEquals(first, AppKey.parse(first.encoded()));
        assertEquals(first.hashCode(), AppKey.parse(first.encoded()).hashCode());
    }

    private static byte[] sequence(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }
}
