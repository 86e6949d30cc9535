package dev.portico.auth;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.auth.rbac.LookupSet;
import dev.portico.auth.rbac.Role;
import dev.portico.auth.session.RevocationStore;
import dev.portico.auth.session.SessionToken;
import dev.portico.auth.session.TokenClaims;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the credentials of a request (an API key, a session token, both or neither) into a
 * {@link Caller}: the token verified and checked against revocations, the app and user active,
 * the role resolved as DreamFactory does (the user's role for this app, else the app's default).
 * What the system database says about a caller is kept in an {@link IdentityCache}; the revocation
 * check of a session token is made on every request. Thread-safe.
 */
public final class Authenticator {
    private final SystemDatabase database;
    private final SessionToken tokens;
    private final RevocationStore revocations;
    private final Roles roles;
    private final Clock clock;
    private final IdentityCache identities;

    public Authenticator(SystemDatabase database, SessionToken tokens, RevocationStore revocations, Roles roles,
                         Clock clock, IdentityCache identities) {
        this.identities = identities;
        this.database = database;
        this.tokens = tokens;
        this.revocations = revocations;
        this.roles = roles;
        this.clock = clock;
    }

    public Caller authenticate(Optional<String> apiKey, Optional<String> sessionToken) {
        Optional<TokenClaims> claims = sessionToken.map(token -> tokens.verify(token, clock.instant()));
        claims.ifPresent(verified -> {
            if (revocations.isRevoked(verified)) {
                throw new PorticoException(ErrorCode.UNAUTHORIZED, "Token has been revoked. Log in again.");
            }
        });
        Caller identity = identities.get(new IdentityCache.Key(apiKey.orElse(null),
                claims.map(TokenClaims::userId).orElse(null)), () -> load(apiKey, claims.map(TokenClaims::userId)));
        return new Caller(identity.user(), identity.app(), identity.role(), claims, identity.lookupSource());
    }

    /** Reads the caller's app, user and role from the system database; their lookups on first use. */
    private Caller load(Optional<String> apiKey, Optional<Long> userId) {
        return database.read(handle -> {
            Optional<Caller.AppIdentity> app = Optional.empty();
            if (apiKey.isPresent()) {
                Map<String, Object> row = handle.row("SELECT id, name, role_id, is_active FROM app WHERE api_key = ?",
                        apiKey.get()).orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED,
                        "Invalid API key. Provide the key of an app in the X-DreamFactory-API-Key header."));
                if (!SqlHandle.truthy(row.get("is_active"))) {
                    throw new PorticoException(ErrorCode.FORBIDDEN, "The app of this API key is not active.");
                }
                app = Optional.of(new Caller.AppIdentity(number(row.get("id")), (String) row.get("name"),
                        row.get("role_id") == null ? null : number(row.get("role_id"))));
            }
            Optional<Caller.Account> user = Optional.empty();
            if (userId.isPresent()) {
                Map<String, Object> row = handle.row("SELECT id, email, name, first_name, last_name, is_sys_admin, "
                        + "is_active, last_login_at FROM user_account WHERE id = ?", userId.get())
                        .orElseThrow(() -> new PorticoException(ErrorCode.UNAUTHORIZED, "The session's user no longer exists."));
                if (!SqlHandle.truthy(row.get("is_active"))) {
                    throw new PorticoException(ErrorCode.UNAUTHORIZED, "The session's user is not active.");
                }
                user = Optional.of(new Caller.Account(number(row.get("id")), (String) row.get("email"),
                        (String) row.get("name"), (String) row.get("first_name"), (String) row.get("last_name"),
                        SqlHandle.truthy(row.get("is_sys_admin")), row.get("last_login_at") == null ? null
                        : row.get("last_login_at").toString()));
            }
            Optional<Role> role = Optional.empty();
            if (app.isPresent() && !user.map(Caller.Account::sysAdmin).orElse(false)) {
                role = roles.forCaller(handle, user.map(Caller.Account::id), app.get());
            }
            Optional<Caller.AppIdentity> callerApp = app;
            Optional<Role> callerRole = role;
            Optional<Caller.Account> callerUser = user;
            // most callers never use a lookup: read them only when a filter or a rule first asks
            Supplier<LookupSet> lookups = memoized(() -> database.read(lookupHandle ->
                    roles.lookups(lookupHandle, callerApp, callerRole, callerUser))
                    .withBuiltIns(builtIns(callerUser, callerApp, callerRole)));
            return new Caller(user, app, role, Optional.empty(), lookups);
        });
    }

    private static Map<String, String> builtIns(Optional<Caller.Account> user, Optional<Caller.AppIdentity> app,
                                                Optional<Role> role) {
        Map<String, String> values = new HashMap<>();
        user.ifPresent(u -> {
            values.put("user.id", String.valueOf(u.id()));
            values.put("user.email", u.email());
            values.put("user.name", String.valueOf(u.name()));
        });
        app.ifPresent(a -> {
            values.put("app.id", String.valueOf(a.id()));
            values.put("app.name", a.name());
        });
        role.ifPresent(r -> {
            values.put("role.id", String.valueOf(r.id()));
            values.put("role.name", r.name());
        });
        return values;
    }

    private static <T> Supplier<T> memoized(Supplier<T> source) {
        // shared by every request of a cached caller: only the first read takes the lock
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T known = value;
                if (known == null) {
                    synchronized (this) {
                        known = value;
                        if (known == null) {
                            known = source.get();
                            value = known;
                        }
                    }
                }
                return known;
            }
        };
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }
}
