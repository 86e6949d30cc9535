package dev.portico.http;

import dev.portico.system.CorsRules;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Applies the stored CORS rules: response headers for a matching origin, and a direct answer to
 * preflight requests. A request whose origin no rule allows gets no CORS headers (the browser
 * then blocks it).
 */
final class CorsFilter {
    private final CorsRules rules;

    CorsFilter(CorsRules rules) {
        this.rules = rules;
    }

    /** Returns whether it answered the request (a preflight), so nothing else may run. */
    boolean apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return answerPreflight(ctx);
        }
        rules.match(ctx.path(), origin).ifPresent(rule -> {
            ctx.header("Access-Control-Allow-Origin", rule.origins().contains("*") && !rule.credentials() ? "*" : origin);
            ctx.header("Vary", "Origin");
            if (rule.credentials()) {
                ctx.header("Access-Control-Allow-Credentials", "true");
            }
            if (!rule.exposedHeaders().isBlank()) {
                ctx.header("Access-Control-Expose-Headers", rule.exposedHeaders());
            }
            if (ctx.method() == HandlerType.OPTIONS) {
                ctx.header("Access-Control-Allow-Methods", rule.methods());
                ctx.header("Access-Control-Allow-Headers", rule.headers().isBlank() ? "*" : rule.headers());
                ctx.header("Access-Control-Max-Age", String.valueOf(rule.maxAge()));
            }
        });
        return answerPreflight(ctx);
    }

    private static boolean answerPreflight(Context ctx) {
        if (ctx.method() != HandlerType.OPTIONS) {
            return false;
        }
        ctx.status(204);
        ctx.skipRemainingHandlers();
        return true;
    }
}
