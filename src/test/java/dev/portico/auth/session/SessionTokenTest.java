package dev.portico.auth.session;

import static dev.portico.auth.session.Jwt.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTokenTest {
    private static final Instant LOGIN = Instant.parse("2025-03-01T12:00:00.123456Z");
    private static final SessionPolicy POLICY = SessionPolicy.defaults();
    private final SessionToken tokens = new SessionToken(AppKey.generate());
    private final TokenClaims claims = TokenClaims.forLogin(42, "ada@example.com", true, LOGIN, POLICY);

    @Test
    void a_token_round_trips_to_equal_claims() {
        String token = tokens.issue(claims);
        TokenClaims read = tokens.verify(token, LOGIN.plusSeconds(60));
        assertEquals(claims, read);
        assertEquals(Instant.parse("2025-03-01T12:00:00.123Z"), read.issuedAt(), "iat keeps milliseconds");
        assertEquals(Instant.parse("2025-03-01T13:00:00Z"), read.expiresAt());
        assertEquals(32, read.tokenId().length());
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", decode(token.split("\\.")[0]));
        String payload = decode(token.split("\\.")[1]);
        assertTrue(payload.contains("\"iss\":\"portico\""), payload);
        assertTrue(payload.contains("\"iat\":1740830400.123,"), payload);
        assertTrue(payload.contains("\"exp\":1740834000,"), payload);
    }

    @Test
    void a_token_issued_on_a_whole_second_writes_iat_as_an_integer() {
        Instant onTheSecond = Instant.parse("2025-03-01T12:00:00Z");
        TokenClaims whole = TokenClaims.forLogin(7, "b@example.com", false, onTheSecond, POLICY);
        String payload = decode(tokens.issue(whole).split("\\.")[1]);
        assertTrue(payload.contains("\"iat\":1740830400,"), payload);
        assertEquals(whole, tokens.verify(tokens.issue(whole), LOGIN));
    }

    @Test
    void every_login_gets_its_own_token_id() {
        assertNotEquals(claims.tokenId(), TokenClaims.forLogin(42, "ada@example.com", true, LOGIN, POLICY).tokenId());
    }

    @Test
    void an_expired_token_is_refused_from_its_expiry_on() {
        String token = tokens.issue(claims);
        assertEquals(claims, tokens.verify(token, claims.expiresAt().minusMillis(1)));
        PorticoException expired = assertThrows(PorticoException.class, () -> tokens.verify(token, claims.expiresAt()));
        assertEquals(ErrorCode.UNAUTHORIZED, expired.code());
        assertTrue(expired.getMessage().startsWith("Token has expired."), expired.getMessage());
    }

    @Test
    void an_expired_token_can_be_refreshed_until_its_refresh_limit_but_not_after() {
        String token = tokens.issue(claims);
        Instant afterExpiry = claims.expiresAt().plus(Duration.ofDays(3));
        assertEquals(claims, tokens.refreshable(token, afterExpiry));
        assertEquals(claims, tokens.refreshable(token, claims.refreshUntil().minusMillis(1)));
        PorticoException late = assertThrows(PorticoException.class,
                () -> tokens.refreshable(token, claims.refreshUntil()));
        assertEquals(ErrorCode.UNAUTHORIZED, late.code());
        assertTrue(late.getMessage().contains("can no longer be refreshed"), late.getMessage());
    }

    @Test
    void a_refreshed_token_has_a_new_id_and_expiry_but_the_same_refresh_limit() {
        Instant afterExpiry = claims.expiresAt().plus(Duration.ofDays(3));
        TokenClaims next = claims.refreshed(afterExpiry, POLICY);
        assertNotEquals(claims.tokenId(), next.tokenId());
        assertEquals(afterExpiry.plus(POLICY.ttl()).getEpochSecond(), next.expiresAt().getEpochSecond());
        assertEquals(claims.refreshUntil(), next.refreshUntil(), "refreshing never moves the refresh limit");
        assertEquals(next, tokens.verify(tokens.issue(next), afterExpiry));
    }

    @Test
    void refresh_still_checks_the_signature() {
        String foreign = new SessionToken(AppKey.generate()).issue(claims);
        PorticoException refused = assertThrows(PorticoException.class,
                () -> tokens.refreshable(foreign, claims.expiresAt().plusSeconds(1)));
        assertTrue(refused.getMessage().startsWith("Token signature could not be verified."), refused.getMessage());
    }
}
