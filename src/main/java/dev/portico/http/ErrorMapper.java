package dev.portico.http;

import dev.portico.PorticoException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place HTTP errors are rendered, in DreamFactory's shape:
 * {@code {"error":{"code":404,"context":null,"message":"…"}}}. Never a stack trace.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger("portico.http");

    private ErrorMapper() {
    }

    static void install(Javalin javalin) {
        javalin.exception(PorticoException.class, (error, ctx) -> {
            if (error.code().httpStatus() >= 500) {
                // server-side detail (database location, engine messages) stays in the log
                String reference = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
                LOG.warn("{} {} failed (reference {}): {}", ctx.method(), ctx.path(), reference, error.getMessage());
                String shown = error.publicMessage() == null
                        ? "The server could not complete the request (reference " + reference + "). The server log has the details."
                        : error.publicMessage() + " The server log has the details (reference " + reference + ").";
                render(ctx, error.code().httpStatus(), error.apiCode(), shown, null);
                return;
            }
            render(ctx, error.code().httpStatus(), error.apiCode(), error.getMessage(), error.context());
        });
        javalin.exception(HttpResponseException.class, (error, ctx) -> render(ctx, error.getStatus(),
                error.getStatus() == 404 ? notFound(ctx) : error.getMessage(), null));
        javalin.exception(Exception.class, (error, ctx) -> {
            LOG.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), error);
            render(ctx, 500, "An internal error occurred. The server log has the details.", null);
        });
        javalin.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || "Not Found".equals(ctx.result())) {
                render(ctx, 404, notFound(ctx), null);
            }
        });
    }

    /**
     * A failure after part of the answer was sent: a status and an error body can no longer be given,
     * so the connection is closed at once, without the end of the body (a chunked body lacks its last
     * chunk, a sized one its last bytes): every HTTP client reports a broken transfer rather than a
     * whole answer. A client that went away is not a server failure and is only noted at debug level.
     */
    static void abort(Context ctx, Exception failure) {
        if (failure instanceof java.io.IOException) {
            LOG.debug("{} {} stopped part way: the client went away ({})", ctx.method(), ctx.path(), failure.toString());
        } else if (failure instanceof PorticoException) {
            LOG.warn("{} {} failed after part of its answer was sent; the connection was cut: {}", ctx.method(),
                    ctx.path(), failure.getMessage());
        } else {
            LOG.error("{} {} failed unexpectedly after part of its answer was sent; the connection was cut",
                    ctx.method(), ctx.path(), failure);
        }
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel().abort(failure);
    }

    private static String notFound(Context ctx) {
        return "Route not found: " + ctx.method() + " " + ctx.path();
    }

    static void render(Context ctx, int status, String message, Object context) {
        render(ctx, status, status, message, context);
    }

    static void render(Context ctx, int status, int code, String message, Object context) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("context", context);
        error.put("message", message);
        ctx.status(status).json(Map.of("error", error));
    }
}
