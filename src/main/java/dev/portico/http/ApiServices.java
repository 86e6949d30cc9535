package dev.portico.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.auth.Authenticator;
import dev.portico.auth.IdentityCache;
import dev.portico.auth.SessionService;
import dev.portico.lifecycle.MaintenanceMode;
import dev.portico.services.DatabaseServices;
import dev.portico.system.CorsRules;
import dev.portico.system.OpenApiDocument;
import dev.portico.system.SystemApi;

/**
 * The features the HTTP API serves, built by the composition root. The server closes
 * {@code databases} (the database services' pools) when it stops; {@code identities} is the
 * authenticator's cache, which every write through the API invalidates.
 */
public record ApiServices(SystemApi systemApi, Authenticator authenticator, IdentityCache identities,
                          SessionService sessions, CorsRules cors,
                          OpenApiDocument docs, ObjectMapper json, MaintenanceMode maintenance,
                          DatabaseServices databases) {
}
