package dev.portico.auth.session;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a session token says about its holder. {@code issuedAt} is kept to the millisecond (a
 * revocation at 12:00:00.300 must not catch a login at 12:00:00.700); {@code expiresAt} and
 * {@code refreshUntil} to the second, as JWT NumericDates usually are. The constructor truncates,
 * so a round trip through {@link SessionToken} gives an equal record.
 */
public record TokenClaims(String tokenId, long userId, String email, boolean sysAdmin,
                          Instant issuedAt, Instant expiresAt, Instant refreshUntil) {
    private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public TokenClaims {
        if (tokenId == null || !TOKEN_ID.matcher(tokenId).matches()) {
            throw new IllegalArgumentException("tokenId must be 32 lower-case hex characters (128 random bits)");
        }
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive, not " + userId);
        }
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email must not be blank");
        }
        issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(ChronoUnit.MILLIS);
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
        refreshUntil = Objects.requireNonNull(refreshUntil, "refreshUntil").truncatedTo(ChronoUnit.SECONDS);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " must be after issuedAt " + issuedAt);
        }
    }

    /** Claims for a new login at {@code now}: a fresh token id, expiry and refresh limit from the policy. */
    public static TokenClaims forLogin(long userId, String email, boolean sysAdmin, Instant now, SessionPolicy policy) {
        return new TokenClaims(newTokenId(), userId, email, sysAdmin, now, now.plus(policy.ttl()),
                now.plus(policy.refreshTtl()));
    }

    /**
     * Claims for the token that replaces this one on refresh: a fresh token id and expiry, the same
     * holder and the same refresh limit, so refreshing cannot extend a session for ever.
     */
    public TokenClaims refreshed(Instant now, SessionPolicy policy) {
        return new TokenClaims(newTokenId(), userId, email, sysAdmin, now, now.plus(policy.ttl()), refreshUntil);
    }

    /** When nothing can use this token any more, not even a refresh: the later of expiry and refresh limit. */
    public Instant unusableAfter() {
        return expiresAt.isAfter(refreshUntil) ? expiresAt : refreshUntil;
    }

    /** 128 random bits as 32 hex characters. */
    public static String newTokenId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
