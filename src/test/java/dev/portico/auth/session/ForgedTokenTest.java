package dev.portico.auth.session;

import static dev.portico.auth.session.Jwt.decode;
import static dev.portico.auth.session.Jwt.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens an attacker could send: changed, re-signed another way, signed with another key, or broken. */
class ForgedTokenTest {
    private static final Instant LOGIN = Instant.parse("2025-03-01T12:00:00.123Z");
    private static final String HS256 = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    private final AppKey appKey = AppKey.generate();
    private final SessionToken tokens = new SessionToken(appKey);
    private final TokenClaims claims =
            TokenClaims.forLogin(42, "ada@example.com", false, LOGIN, SessionPolicy.defaults());
    private final String[] parts = tokens.issue(claims).split("\\.");

    @Test
    void a_tampered_payload_fails_the_signature_check() {
        String forged = encode(decode(parts[1]).replace("\"is_sys_admin\":false", "\"is_sys_admin\":true"));
        assertNotEquals(parts[1], forged);
        assertRefused("Token signature could not be verified.", parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void a_tampered_signature_fails_the_signature_check() {
        String flipped = parts[2].substring(0, 10) + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11);
        assertRefused("Token signature could not be verified.", parts[0] + "." + parts[1] + "." + flipped);
    }

    @Test
    void a_signature_spelled_with_other_unused_bits_is_malformed() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // 32 bytes take 43 characters; the last carries 2 unused bits, and the JDK decoder ignores them.
        int last = parts[2].length() - 1;
        char neighbour = alphabet.charAt(alphabet.indexOf(parts[2].charAt(last)) ^ 1);
        assertRefused("Token is malformed.", parts[0] + "." + parts[1] + "." + parts[2].substring(0, last) + neighbour);
    }

    @Test
    void alg_none_is_refused_signed_or_not() {
        String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        assertRefused("Token is malformed.", none + "." + parts[1] + ".");
        assertRefused("Token algorithm is not accepted", none + "." + parts[1] + "." + parts[2]);
        String validHs256Signature = Jwt.sign("HmacSHA256", appKey, none + "." + parts[1]);
        assertRefused("Token algorithm is not accepted", none + "." + parts[1] + "." + validHs256Signature);
    }

    @Test
    void an_hs512_header_is_refused_even_with_a_valid_hs512_signature() {
        String input = encode("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + parts[1];
        assertRefused("Token algorithm is not accepted", input + "." + Jwt.sign("HmacSHA512", appKey, input));
    }

    @Test
    void a_token_signed_with_another_app_key_is_refused() {
        assertRefused("Token signature could not be verified.", new SessionToken(AppKey.generate()).issue(claims));
    }

    @Test
    void broken_tokens_are_malformed() {
        String body = parts[1] + "." + parts[2];
        for (String broken : List.of(parts[0] + "." + parts[1], parts[0] + "." + body + ".x",
                parts[0] + "." + body + "=",
                parts[0] + ".a*b." + parts[2], encode("{not json") + "." + body, encode("[1]") + "." + body,
                encode("{\"alg\":\"HS256\"} trailing") + "." + body, "x".repeat(9000))) {
            assertRefused("Token is malformed.", broken);
        }
        assertRefused("Token is missing.", " ");
    }

    @Test
    void a_correctly_signed_token_with_bad_claims_is_malformed() {
        String payload = decode(parts[1]);
        for (String bad : List.of("{\"iss\":\"portico\"}", "[]", "{not json", payload + " {}",
                payload.replace("\"iss\":\"portico\"", "\"iss\":\"other\""),
                payload.replace("\"user_id\":42", "\"user_id\":\"42\""),
                payload.replace("\"exp\":", "\"exp\":1e400,\"x\":"))) {
            String input = HS256 + "." + encode(bad);
            assertRefused("Token is malformed.", input + "." + Jwt.sign("HmacSHA256", appKey, input));
        }
    }

    @Test
    void failure_messages_never_contain_the_token_the_key_or_the_claims() {
        String token = String.join(".", parts);
        List<PorticoException> failures = new ArrayList<>();
        for (String candidate : List.of(token + "x", parts[0] + "." + parts[1] + ".!" + parts[2],
                new SessionToken(AppKey.generate()).issue(claims), parts[0] + "." + parts[1],
                encode("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2],
                parts[0] + "." + encode("{x") + "." + parts[2])) {
            failures.add(assertThrows(PorticoException.class, () -> tokens.verify(candidate, LOGIN)));
        }
        failures.add(assertThrows(PorticoException.class, () -> tokens.verify(token, claims.expiresAt())));
        failures.add(assertThrows(PorticoException.class, () -> tokens.refreshable(token, claims.refreshUntil())));
        for (PorticoException failure : failures) {
            String message = failure.getMessage();
            for (String secret : List.of(parts[1], parts[2], appKey.encoded().substring("base64:".length()),
                    claims.email(), claims.tokenId())) {
                assertFalse(message.contains(secret), message);
            }
            assertNull(failure.getCause(), "a cause's message could quote the token: " + message);
        }
    }

    private void assertRefused(String message, String token) {
        PorticoException refused = assertThrows(PorticoException.class, () -> tokens.verify(token, LOGIN));
        assertEquals(ErrorCode.UNAUTHORIZED, refused.code());
        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }
}
