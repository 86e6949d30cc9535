package dev.portico.http;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.Authenticator;
import dev.portico.auth.Caller;
import dev.portico.auth.rbac.AccessDecision;
import dev.portico.auth.rbac.AccessEngine;
import dev.portico.auth.rbac.AccessRequest;
import dev.portico.auth.rbac.Requestor;
import dev.portico.auth.rbac.Verb;
import io.javalin.http.Context;

/**
 * Authenticates every API request once and decides, per service and component, whether the caller
 * may go on: sys-admins always, others by their role's access rules. Thread-safe.
 */
final class AccessGate {
    static final String CALLER = "portico.caller";

    private final Authenticator authenticator;
    private final AccessEngine engine = new AccessEngine();

    AccessGate(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Before-handler for {@code /api/*}: who is calling. Login and refresh read their own token. */
    void identify(Context ctx) {
        boolean sessionWrite = ctx.path().endsWith("/session") && !ctx.method().name().equals("GET")
                && !ctx.method().name().equals("DELETE");
        ctx.attribute(CALLER, authenticator.authenticate(Credentials.apiKey(ctx),
                sessionWrite ? java.util.Optional.empty() : Credentials.sessionToken(ctx)));
    }

    /** {@link #identify}, unless a before-handler already did for this request. */
    void identifyOnce(Context ctx) {
        if (ctx.attribute(CALLER) == null) {
            identify(ctx);
        }
    }

    /** Whether the caller may use {@code component} with this request's verb (a listing's check per entry). */
    boolean allows(Context ctx, String service, String component) {
        try {
            require(ctx, service, component);
            return true;
        } catch (PorticoException denied) {
            if (denied.code() == ErrorCode.FORBIDDEN) {
                return false;
            }
            throw denied;
        }
    }

    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller == null ? Caller.anonymous() : caller;
    }

    /** Refuses the request unless the caller may use {@code component} of {@code service} with this verb. */
    AccessDecision require(Context ctx, String service, String component) {
        Caller caller = caller(ctx);
        Verb verb = Verb.fromHttpMethod(ctx.method().name()).orElseThrow(() -> new PorticoException(
                ErrorCode.BAD_REQUEST, "Method " + ctx.method() + " is not supported here."));
        if (caller.sysAdmin()) {
            return engine.decide(null, true, new AccessRequest(service, component, verb, Requestor.API));
        }
        if (caller.app().isEmpty() && caller.user().isEmpty()) {
            throw new PorticoException(ErrorCode.UNAUTHORIZED, "No API Key provided. Please provide a valid API Key "
                    + "using X-DreamFactory-API-Key request header or 'api_key' url query parameter.");
        }
        if (caller.role().isEmpty()) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "No role is assigned for this request, so it may not use "
                    + service + "/" + component + ".");
        }
        AccessDecision decision = engine.decide(caller.role().get(), false,
                new AccessRequest(service, component, verb, Requestor.API));
        if (!decision.allowed()) {
            throw new PorticoException(ErrorCode.FORBIDDEN, "Access to " + verb + " " + service + "/" + component
                    + " is forbidden for this role.");
        }
        return decision;
    }
}
