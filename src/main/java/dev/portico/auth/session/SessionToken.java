package dev.portico.auth.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyPurpose;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens as HS256 JWTs, signed with the {@link KeyPurpose#TOKEN_SIGNING} subkey of the
 * APP_KEY, so rotating the key ends every session. Thread-safe. No message ever quotes the token.
 */
public final class SessionToken {
    private static final String ALGORITHM = "HmacSHA256";
    /** Real tokens are about 350 characters; the limit keeps garbage away from the JSON parser. */
    private static final int MAX_LENGTH = 8192;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER =
            BASE64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8));

    private final SecretKeySpec key;

    public SessionToken(AppKey appKey) {
        this.key = new SecretKeySpec(appKey.subkey(KeyPurpose.TOKEN_SIGNING), ALGORITHM);
    }

    /** The signed token for {@code claims}. */
    public String issue(TokenClaims claims) {
        String signed = HEADER + "." + BASE64URL.encodeToString(TokenJson.payload(claims));
        return signed + "." + BASE64URL.encodeToString(sign(signed));
    }

    /** The claims of a well-formed, correctly signed token that has not expired at {@code now}. */
    public TokenClaims verify(String token, Instant now) {
        TokenClaims claims = decode(token);
        if (!now.isBefore(claims.expiresAt())) {
            throw unauthorized("Token has expired. Refresh it with PUT /session or log in again.");
        }
        return claims;
    }

    /**
     * The claims of a well-formed, correctly signed token that may be exchanged for a new one at
     * {@code now} (PUT /session): expired or not, as long as its refresh limit has not passed.
     */
    public TokenClaims refreshable(String token, Instant now) {
        TokenClaims claims = decode(token);
        if (!now.isBefore(claims.refreshUntil())) {
            throw unauthorized("Token has expired and can no longer be refreshed. Log in again.");
        }
        return claims;
    }

    private TokenClaims decode(String token) {
        if (token == null || token.isBlank()) {
            throw unauthorized("Token is missing. Log in to get a session token.");
        }
        String[] segments = token.split("\\.", -1);
        if (token.length() > MAX_LENGTH || segments.length != 3) {
            throw malformed();
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw malformed();
            }
        }
        JsonNode header = TokenJson.object(base64url(segments[0]));
        // Only our own algorithm: "none", RS256 with our key as a public key, HS512 and the rest are refused.
        if (!"HS256".equals(TokenJson.text(header, "alg")) || header.has("crit")) {
            throw unauthorized("Token algorithm is not accepted; only HS256 tokens issued by this system are.");
        }
        byte[] expected = sign(segments[0] + "." + segments[1]);
        if (!MessageDigest.isEqual(expected, base64url(segments[2]))) {
            throw unauthorized("Token signature could not be verified. Log in again.");
        }
        return TokenJson.claims(TokenJson.object(base64url(segments[1])));
    }

    /** Strict base64url: no padding, and only the one canonical spelling of each value. */
    private static byte[] base64url(String segment) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            // The cause is dropped on purpose: the decoder's message quotes a character of the token.
            throw malformed();
        }
        // The decoder ignores the unused low bits of the last character; a token has one spelling only.
        if (!BASE64URL.encodeToString(bytes).equals(segment)) {
            throw malformed();
        }
        return bytes;
    }

    private byte[] sign(String signingInput) {
        try {
            // A Mac per call: Mac is not thread-safe, and getInstance costs about a microsecond.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    static PorticoException malformed() {
        return unauthorized("Token is malformed. Log in again to get a new session token.");
    }

    private static PorticoException unauthorized(String message) {
        return new PorticoException(ErrorCode.UNAUTHORIZED, message);
    }
}
