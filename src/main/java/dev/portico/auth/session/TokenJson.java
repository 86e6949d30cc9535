package dev.portico.auth.session;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The JSON of a session token's header and claims. Strict on reading: one object, no duplicate
 * names, nothing after it, every claim of the right type. Thread-safe.
 */
final class TokenJson {
    static final String ISSUER = "portico";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private TokenJson() {
    }

    static byte[] payload(TokenClaims claims) {
        // iat keeps milliseconds (RFC 7519 allows a fraction) so revocation can tell logins within a second apart
        BigDecimal issuedAt = BigDecimal.valueOf(claims.issuedAt().toEpochMilli(), 3).stripTrailingZeros();
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("iss", ISSUER)
                    .put("jti", claims.tokenId())
                    .put("user_id", claims.userId())
                    .put("email", claims.email())
                    .put("is_sys_admin", claims.sysAdmin())
                    .put("iat", issuedAt)
                    .put("exp", claims.expiresAt().getEpochSecond())
                    .put("refresh_until", claims.refreshUntil().getEpochSecond()));
        } catch (IOException e) {
            throw new IllegalStateException("the claims could not be written as JSON", e);
        }
    }

    /** The JSON object in {@code bytes}, or the "malformed" failure. */
    static JsonNode object(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw SessionToken.malformed();
            }
            return node;
        } catch (IOException e) {
            // The cause is dropped on purpose: the parser's message quotes the token's content.
            throw SessionToken.malformed();
        }
    }

    static TokenClaims claims(JsonNode payload) {
        if (!ISSUER.equals(text(payload, "iss")) || !payload.path("user_id").canConvertToExactIntegral()
                || !payload.path("is_sys_admin").isBoolean()) {
            throw SessionToken.malformed();
        }
        try {
            return new TokenClaims(text(payload, "jti"), payload.get("user_id").longValue(), text(payload, "email"),
                    payload.get("is_sys_admin").booleanValue(), Instant.ofEpochMilli(millis(payload, "iat")),
                    Instant.ofEpochSecond(seconds(payload, "exp")),
                    Instant.ofEpochSecond(seconds(payload, "refresh_until")));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw SessionToken.malformed();
        }
    }

    static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isTextual() ? value.textValue() : null;
    }

    private static long millis(JsonNode payload, String name) {
        JsonNode value = payload.path(name);
        if (!value.isNumber()) {
            throw SessionToken.malformed();
        }
        return value.decimalValue().movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static long seconds(JsonNode payload, String name) {
        JsonNode value = payload.path(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw SessionToken.malformed();
        }
        return value.longValue();
    }
}
