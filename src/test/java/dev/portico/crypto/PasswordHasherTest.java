package dev.portico.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    /** Laravel's UserFactory hash of "password", written by PHP's password_hash. */
    private static final String LARAVEL_PASSWORD_HASH = "$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi";
    /** "secret" hashed at cost 10 and labelled $2y$ as PHP labels it. */
    private static final String PHP_SECRET_HASH = "$2y$10$VHLTc/KkZJ.On8wxbpv50.mms3qdW4ESf19.k/Rms/FQiPbJ7qG3e";

    private final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void hash_then_verify_accepts_the_password_and_rejects_others() {
        String hash = hasher.hash("correct horse battery staple");

        assertTrue(hash.startsWith("$2a$04$"), hash);
        assertTrue(hasher.verify("correct horse battery staple", hash));
        assertFalse(hasher.verify("correct horse battery stapler", hash));
        assertNotEquals(hash, hasher.hash("correct horse battery staple"));
    }

    @Test
    void the_default_cost_is_12() {
        assertTrue(new PasswordHasher().hash("pw").startsWith("$2a$12$"));
    }

    @Test
    void verify_accepts_a_php_2y_hash() {
        String relabelled = "$2y$" + hasher.hash("secret").substring(4);

        assertTrue(hasher.verify("secret", relabelled));
        assertTrue(hasher.verify("secret", PHP_SECRET_HASH));
        assertFalse(hasher.verify("Secret", PHP_SECRET_HASH));
        assertTrue(hasher.verify("password", LARAVEL_PASSWORD_HASH));
        assertFalse(hasher.verify("password1", LARAVEL_PASSWORD_HASH));
    }

    @Test
    void verify_accepts_a_2b_hash() {
        String relabelled = "$2b$" + hasher.hash("secret").substring(4);

        assertTrue(hasher.verify("secret", relabelled));
    }

    @Test
    void verify_returns_false_for_null_or_garbage_hashes() {
        String good = hasher.hash("secret");
        for (String bad : Arrays.asList(null, "", "secret", "$2y$10$short", "$2x$" + good.substring(4),
                "$2a$99$" + good.substring(7), "$2a$04$" + "!".repeat(53), "$1$" + good.substring(3))) {
            assertFalse(hasher.verify("secret", bad), String.valueOf(bad));
        }
        assertFalse(hasher.verify(null, good));
    }

    @Test
    void hash_refuses_a_password_longer_than_bcrypt_reads() {
        PorticoException error = assertThrows(PorticoException.class, () -> hasher.hash("é".repeat(37)));

        assertEquals(ErrorCode.BAD_REQUEST, error.code());
        assertTrue(error.getMessage().contains("74 bytes"), error.getMessage());
    }

    @Test
    void the_cost_must_be_between_4_and_31() {
        assertEquals(ErrorCode.CONFIGURATION, assertThrows(PorticoException.class, () -> new PasswordHasher(3)).code());
        assertEquals(ErrorCode.CONFIGURATION, assertThrows(PorticoException.class, () -> new PasswordHasher(32)).code());
    }
}
