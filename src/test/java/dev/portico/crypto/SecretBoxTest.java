package dev.portico.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final String SECRET = "db-password-Żółć-密码-🔑";
    private final AppKey key = AppKey.generate();
    private final SecretBox box = new SecretBox(key);

    @Test
    void seal_then_open_round_trips_unicode() {
        String envelope = box.seal(SECRET);

        assertEquals(SECRET, box.open(envelope));
        assertEquals(SECRET, new SecretBox(AppKey.parse(key.encoded())).open(envelope));
        assertEquals("", box.open(box.seal("")));
    }

    @Test
    void seal_writes_a_versioned_envelope_naming_the_key_and_hiding_the_plaintext() {
        String envelope = box.seal(SECRET);

        assertTrue(envelope.startsWith("pv1:" + key.fingerprint() + ":"), envelope);
        assertTrue(envelope.substring(17).matches("[A-Za-z0-9_-]+"), envelope);
        assertFalse(envelope.contains("db-password"));
        assertTrue(SecretBox.isSealed(envelope));
        assertEquals(key.fingerprint(), SecretBox.sealedWith(envelope));
    }

    @Test
    void null_passes_through_seal_and_open() {
        assertNull(box.seal(null));
        assertNull(box.open(null));
    }

    @Test
    void envelopes_differ_for_the_same_plaintext() {
        assertNotEquals(box.seal(SECRET), box.seal(SECRET));
    }

    @Test
    void open_refuses_an_envelope_sealed_with_another_key_naming_both_fingerprints() {
        AppKey other = AppKey.generate();
        String envelope = new SecretBox(other).seal(SECRET);

        PorticoException error = assertThrows(PorticoException.class, () -> box.open(envelope));

        assertEquals(ErrorCode.REFUSED, error.code());
        assertEquals("This secret was sealed with key " + other.fingerprint() + ", but APP_KEY is "
                + key.fingerprint() + ". Restore the .env that belongs to this database.", error.getMessage());
    }

    @Test
    void open_detects_a_flipped_byte() {
        String envelope = box.seal(SECRET);
        String header = envelope.substring(0, envelope.lastIndexOf(':') + 1);
        byte[] payload = Base64.getUrlDecoder().decode(envelope.substring(header.length()));

        for (int index : new int[] {0, 12, payload.length - 1}) {
            byte[] flipped = payload.clone();
            flipped[index] ^= 0x01;
            String tampered = header + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);

            PorticoException error = assertThrows(PorticoException.class, () -> box.open(tampered));
            assertEquals(ErrorCode.FAILED, error.code());
            assertTrue(error.getMessage().startsWith("A stored secret is damaged ("), error.getMessage());
            assertTrue(error.getMessage().contains("it fails authentication"), error.getMessage());
        }
    }

    @Test
    void open_reports_malformed_and_truncated_envelopes_as_damaged() {
        String envelope = box.seal(SECRET);
        List<String> damaged = List.of("plain text", "pv1:" + key.fingerprint(), "pv1:XYZ:" + envelope.substring(18),
                "pv1:" + key.fingerprint() + ":not*base64", envelope.substring(0, 30));

        for (String bad : damaged) {
            PorticoException error = assertThrows(PorticoException.class, () -> box.open(bad), bad);
            assertEquals(ErrorCode.FAILED, error.code(), bad);
            assertTrue(error.getMessage().startsWith("A stored secret is damaged ("), error.getMessage());
            assertFalse(SecretBox.isSealed(bad), bad);
        }
    }

    @Test
    void open_names_an_unknown_envelope_version() {
        String future = "pv9" + box.seal(SECRET).substring(3);

        PorticoException error = assertThrows(PorticoException.class, () -> box.open(future));

        assertEquals(ErrorCode.REFUSED, error.code());
        assertTrue(error.getMessage().contains("envelope version pv9"), error.getMessage());
        assertFalse(SecretBox.isSealed(future));
    }

    @Test
    void a_ciphertext_moved_under_another_header_fails_authentication() {
        AppKey other = AppKey.generate();
        String envelope = new SecretBox(other).seal(SECRET);
        String moved = "pv1:" + key.fingerprint() + envelope.substring(envelope.lastIndexOf(':'));

        PorticoException error = assertThrows(PorticoException.class, () -> box.open(moved));

        assertEquals(ErrorCode.FAILED, error.code());
    }

    @Test
    void error_messages_never_contain_the_key_or_the_plaintext() {
        String envelope = new SecretBox(AppKey.generate()).seal(SECRET);
        String tampered = "pv1:" + key.fingerprint() + envelope.substring(envelope.lastIndexOf(':'));

        for (String bad : List.of(envelope, tampered)) {
            String message = assertThrows(PorticoException.class, () -> box.open(bad)).getMessage();
            assertFalse(message.contains(key.encoded().substring(7, 20)), message);
            assertFalse(message.contains("db-password"), message);
        }
    }

    @Test
    void isSealed_is_false_for_plain_values() {
        assertFalse(SecretBox.isSealed(null));
        assertFalse(SecretBox.isSealed("hunter2"));
        assertFalse(SecretBox.isSealed("pv1:"));
    }
}
