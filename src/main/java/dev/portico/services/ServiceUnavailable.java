package dev.portico.services;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;

/**
 * A database service that cannot serve right now (its database unreachable, its config unusable):
 * HTTP 503. The full message, for the log, says where it connects (never the password) and why;
 * clients see only which service and what to do.
 */
final class ServiceUnavailable extends PorticoException {
    private final String service;

    ServiceUnavailable(String service, String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
        this.service = service;
    }

    @Override
    public String publicMessage() {
        return "Service '" + service + "' cannot reach its database right now. Try again later; if it persists, "
                + "a sys-admin should check the service's connection settings (/api/v2/system/service) and the database.";
    }
}
