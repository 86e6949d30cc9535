package dev.portico.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.IdentityCache;
import dev.portico.auth.SessionService;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code /api/v2/system/admin/session} (sys-admins) and {@code /api/v2/user/session} (everyone):
 * POST logs in, GET reads, PUT refreshes, DELETE logs out.
 */
final class SessionHandlers {
    private final SessionService sessions;
    private final SystemHandlers bodies;
    private final IdentityCache identities;

    SessionHandlers(SessionService sessions, SystemHandlers bodies, IdentityCache identities) {
        this.identities = identities;
        this.sessions = sessions;
        this.bodies = bodies;
    }

    void loginAdmin(Context ctx) {
        login(ctx, true);
    }

    void loginUser(Context ctx) {
        login(ctx, false);
    }

    private void login(Context ctx, boolean adminOnly) {
        JsonNode body = bodies.body(ctx);
        ctx.json(sessions.login(text(body, "email"), text(body, "password"), adminOnly, ctx.ip()));
        // the user's last login date changed, and cached identities carry it (GET …/session shows it)
        identities.invalidate();
    }

    void describe(Context ctx) {
        String token = Credentials.sessionToken(ctx).orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED,
                "There is no valid session for the current request."));
        ctx.json(sessions.describe(AccessGate.caller(ctx), token));
    }

    void refresh(Context ctx) {
        String token = Credentials.sessionToken(ctx).orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED,
                "Send the session token to refresh in the Authorization header."));
        ctx.json(sessions.refresh(token));
    }

    void logout(Context ctx) {
        sessions.logout(AccessGate.caller(ctx));
        ctx.json(Map.of("success", true));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
