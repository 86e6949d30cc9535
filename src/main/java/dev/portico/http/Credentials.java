package dev.portico.http;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Where DreamFactory clients put their credentials: the API key in {@code X-DreamFactory-API-Key}
 * or {@code ?api_key=}; the session token in {@code Authorization: Bearer},
 * {@code X-DreamFactory-Session-Token} or {@code ?session_token=}.
 */
final class Credentials {
    private Credentials() {
    }

    static Optional<String> apiKey(Context ctx) {
        return first(ctx.queryParam("api_key"), ctx.header("X-DreamFactory-API-Key"));
    }

    static Optional<String> sessionToken(Context ctx) {
        String authorization = ctx.header("Authorization");
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        return first(bearer, ctx.header("X-DreamFactory-Session-Token"), ctx.queryParam("session_token"));
    }

    private static Optional<String> first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
